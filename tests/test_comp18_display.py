"""Issue 8, class 7: a computed count or mass is shown rounded in the scale it is read in (285.71万人次), the
working saying 约 when the result is rounded. Invented figures."""

from __future__ import annotations

from passages import figure_candidates

from assistant.compute import back_out, is_rounded, show
from assistant.figures import parse_figures


def test_rounded_in_the_scale_shown() -> None:
    assert show(2857142.857, "count", "人次") == "285.71万人次"
    assert show(85329567.0, "mass", "吨") == "8532.96万吨"
    assert show(12.345, "count", "个") == "12.35个"
    assert is_rounded(2857142.857, "count", "人次")
    assert not is_rounded(2850000.0, "count", "人次")


def test_a_backed_out_count_is_shown_in_its_scale() -> None:
    figs = figure_candidates("青川市接待游客320万人次，同比增长12%。")
    comp = back_out(figs["320万人次"], parse_figures("12%")[0], "growth")
    assert comp.result == "285.71万人次" and comp.rounded
