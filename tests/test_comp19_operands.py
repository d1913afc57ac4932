"""The operand probe (python -m eval operands): a computed question's operands read from its note, each
matched to the figure as a text writes it, and the stages counted. Invented notes and figures."""

from __future__ import annotations

import pytest

from eval.operands import HELD_OUT_SPLITS, OperandResult, ProbeResult, figure_matches, note_operands, probe_text


def test_the_operands_are_the_numbers_left_of_the_result() -> None:
    assert note_operands("612.4 + 88.05 + 1,203.6 = 1904.05亿元") == ["612.4", "88.05", "1203.6"]


def test_a_note_without_a_result_gives_every_number() -> None:
    assert note_operands("42.7 − 40.2") == ["42.7", "40.2"]


def test_a_note_with_brackets_and_a_division() -> None:
    assert note_operands("(63.5 − 14) ÷ 63.5 = 77.95%") == ["63.5", "14", "63.5"]


@pytest.mark.parametrize(("number", "written"), [
    ("356.8", "356.8亿元"), ("1.082", "8.2%"), ("0.918", "8.2%"), ("0.082", "8.2%"), ("1203.6", "1,203.6万吨"),
])
def test_a_figure_matches_its_operand(number: str, written: str) -> None:
    assert figure_matches(number, written)


@pytest.mark.parametrize(("number", "written"), [
    ("356.8", "356.9亿元"), ("1.082", "108.2亿元"), ("35.68", "356.8亿元"), ("8", "8.2%"),
])
def test_another_figure_does_not_match(number: str, written: str) -> None:
    assert not figure_matches(number, written)


def test_held_out_splits_are_never_probed() -> None:
    assert {"heldout", "enhold"} <= HELD_OUT_SPLITS


def test_the_counts_add_up_per_stage_and_outcome() -> None:
    results = [
        ProbeResult("a-1", "right", "sum", [OperandResult("1", "used"), OperandResult("2", "used")]),
        ProbeResult("a-2", "operand", "difference", [OperandResult("3", "used"),
                                                      OperandResult("4", "period", "entity=甲 -> 9亿元")]),
        ProbeResult("a-3", "operation", "lookup", [OperandResult("5", "lookup", "entity=乙 -> nothing")]),
    ]
    text = probe_text(results)
    assert "computed questions: 3" in text
    assert "  right        1" in text and "  operand      1" in text and "  operation    1" in text
    assert "operands: 5 (in wrong answers: 3)" in text
    assert "  used            3   in wrong answers    1   with the operation read    1" in text
    assert "  period          1   in wrong answers    1   with the operation read    1" in text
    # the sub-question of an operand lost is shown; a right answer's are not
    assert "4: entity=甲 -> 9亿元" in text and "5: entity=乙 -> nothing" in text
