"""Issue 8, class 7: a multiple of two shares or rates is a quotient in 倍; a gap in percentage points is no
operand of a multiple. Invented sentences."""

from __future__ import annotations

import pytest
from passages import figure_candidates

from assistant.compute import UnitMismatch, combine

TEXT = "云川省青年游客占比40%，少年游客占比16%；青年游客占比比上年提高2个百分点，少年游客占比提高1个百分点。"


def test_a_multiple_of_two_shares() -> None:
    figs = figure_candidates(TEXT)
    comp = combine("multiple", [figs["40%"], figs["16%"]])
    assert comp.result == "2.5倍" and comp.unit == "倍"


def test_no_multiple_of_percentage_point_gaps() -> None:
    figs = figure_candidates(TEXT)
    assert {"2个百分点", "1个百分点"} <= set(figs)
    with pytest.raises(UnitMismatch):
        combine("multiple", [figs["2个百分点"], figs["1个百分点"]])
