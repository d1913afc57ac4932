"""The yes/no probe's undecidable claims (slice yn21): written from a development unanswerable question only, one
claim above and one of equality per value of the unit class it asks, never from held-out or answerable rows."""

from __future__ import annotations

from types import SimpleNamespace

from eval.yesno_probe import undecidable_claims


def _row(question: str, kind: str = "unanswerable", split: str = "dev2") -> SimpleNamespace:
    return SimpleNamespace(question=question, kind=kind, split=split, history=[])


def test_claims_are_written_from_a_dev_unanswerable_amount_question() -> None:
    claims = undecidable_claims(_row("澄川县一季度财政收入是多少？"))
    assert claims == ["澄川县一季度财政收入超过100亿元了吗？", "澄川县一季度财政收入是100亿元，对吗？",
                      "澄川县一季度财政收入超过5000亿元了吗？", "澄川县一季度财政收入是5000亿元，对吗？"]


def test_no_claim_is_written_from_held_out_or_answerable_rows() -> None:
    assert undecidable_claims(_row("澄川县一季度财政收入是多少？", split="heldout")) == []
    assert undecidable_claims(_row("澄川县一季度财政收入是多少？", kind="lookup")) == []
    assert undecidable_claims(_row("澄川县的县长是谁？")) == []
