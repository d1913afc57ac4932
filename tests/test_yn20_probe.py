"""eval.yesno_probe's counts-only mode (slice yn20): grade reasons are counted by category, and items are never
printed (--show is refused beside --counts-only)."""

from __future__ import annotations

import pytest

from eval.yesno_probe import fail_categories, main


def test_grade_reasons_are_counted_by_category() -> None:
    reasons = ["refused a question the document answers", "an answer without citations",
               "missing: 12个", "first sentence lacks 不 / 否: '是的'", "too long: 300 characters (limit 200)",
               "the first sentence is not short: 90 characters (limit 80)", "figure(s) in no cited passage or "
               "computation: 5%", "an English question answered in Chinese: '是'", "something new"]
    assert fail_categories(reasons) == ["refused", "uncited", "figure", "verdict", "long", "lead-long", "invented",
                                        "english", "other"]


def test_counts_only_never_shows_items() -> None:
    with pytest.raises(SystemExit):
        main(["--counts-only", "--show", "--questions", "eval/questions/open_dev6.jsonl"])
