"""The stage probe over an eval report's computed rows (python -m eval compute-stages) and the operand
probe's counts-only form. Invented questions, notes and answers."""

from __future__ import annotations

from typing import Any

import pytest

from eval.compute_stages import STAGES, note_family, read_stages, stage_of, stages_text
from eval.operands import OperandResult, ProbeResult, probe_text
from eval.questionset import Question


@pytest.mark.parametrize(("note", "expected", "family"), [
    ("612.4 + 88.05 = 700.45亿元", "700.45亿元", "sum"),
    ("42.7 − 40.2 = 2.5亿元", "2.5亿元", "difference"),
    ("9.1% − 6.4% = 2.7个百分点", "2.7个百分点", "points"),
    ("356.8 ÷ 1.082 = 329.76亿元", "329.76亿元", "back-calculation"),
    ("30.5 ÷ 120.4 = 25.33%", "25.33%", "share/ratio"),
    ("48 ÷ 16 = 3倍", "3倍", "multiple"),
    ("(12.5 + 13.1 + 9.4) ÷ 3 = 11.67亿元", "11.67亿元", "average"),
    ("(63.5 − 14) ÷ 63.5 = 77.95%", "77.95%", "growth-rate"),
    ("5600 ÷ 70 = 80元", "80元", "per-unit"),
    ("232 × 63.5% = 147.32亿元", "147.32亿元", "product"),
])
def test_a_note_names_its_arithmetic(note: str, expected: str, family: str) -> None:
    assert note_family(note, [expected]) == family


def test_a_working_shown_with_its_growth_factor_is_a_back_calculation() -> None:
    assert note_family("356.8亿元 ÷ (1 + 8.2%) = 329.76亿元", ["329.76亿元"]) == "back-calculation"


def _question(text: str, note: str, expected: str, split: str = "dev") -> Question:
    return Question(id="x-cp-01", kind="computed", question=text, expected=(expected,), evidence="",
                    note=note, doc="x.txt", split=split, tolerance=0.005)


def _row(**answer: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"passed": False, "refusal": "", "answerable": True, "figures": []}
    base.update(answer)
    return {"id": "x-cp-01", "kind": "computed", "split": "dev", "assistant": base}


def _cited(*texts: str) -> list[dict[str, str]]:
    return [{"text": t, "source": "citation", "span": t} for t in texts]


def _working(span: str) -> dict[str, str]:
    return {"text": span.rsplit("=", 1)[-1].strip(), "source": "computation", "span": span}


SUM_Q = _question("青岚和云泽两地的税收一共多少？", "612.4 + 88.05 = 700.45亿元", "700.45亿元")


def test_a_passed_row_is_right() -> None:
    assert stage_of(SUM_Q, _row(passed=True)).stage == "right"


def test_a_refusal_is_counted_with_its_reason_code() -> None:
    result = stage_of(SUM_Q, _row(refusal="bar_key_name", answerable=False))
    assert (result.stage, result.detail) == ("refused", "bar_key_name")


def test_an_operation_read_but_no_working_shown() -> None:
    assert stage_of(SUM_Q, _row(figures=_cited("612.4亿元"))).stage == "no-working"


def test_no_operation_read_and_no_working_is_not_routed() -> None:
    q = _question("青岚的某指标是什么水平？", "42.7 − 40.2 = 2.5亿元", "2.5亿元")
    result = stage_of(q, _row(figures=_cited("42.7亿元")))
    assert (result.stage, result.read) == ("not-routed", "none")


def test_a_working_of_another_kind_is_the_wrong_operation() -> None:
    row = _row(figures=[*_cited("612.4亿元", "88.05亿元"), _working("612.4亿元 − 88.05亿元 = 524.35亿元")])
    assert stage_of(SUM_Q, row).stage == "wrong-op"


def test_an_operand_not_cited_is_the_operands_stage() -> None:
    row = _row(figures=[*_cited("612.4亿元", "70亿元"), _working("612.4亿元 + 70亿元 = 682.4亿元")])
    result = stage_of(SUM_Q, row)
    assert (result.stage, result.detail) == ("operands", "some")


def test_every_operand_cited_and_a_result_off_is_arithmetic_or_rounding() -> None:
    far = _row(figures=[*_cited("612.4亿元", "88.05亿元"), _working("612.4亿元 + 88.05亿元 = 650亿元")])
    near = _row(figures=[*_cited("612.4亿元", "88.05亿元"), _working("612.4亿元 + 88.05亿元 = 701亿元")])
    same = _row(figures=[*_cited("612.4亿元", "88.05亿元"), _working("612.4亿元 + 88.05亿元 = 700.45亿元")])
    assert stage_of(SUM_Q, far).stage == "arithmetic"
    assert stage_of(SUM_Q, near).stage == "rounding"
    assert stage_of(SUM_Q, same).stage == "grading"


def test_constants_of_the_arithmetic_are_no_operands_to_cite() -> None:
    q = _question("青岚上年的税收大约是多少？", "356.8 ÷ 1.082 = 329.76亿元", "329.76亿元")
    row = _row(figures=[*_cited("356.8亿元", "8.2%"), _working("356.8亿元 ÷ (1 + 8.2%) = 329.76亿元")])
    assert stage_of(q, row).stage == "grading"


def test_counts_only_prints_no_question_or_id() -> None:
    q = _question("青岚和云泽两地的税收一共多少？", "612.4 + 88.05 = 700.45亿元", "700.45亿元", split="heldout")
    report = {"items": [_row(refusal="bar_period", answerable=False),
                        {"id": "other", "kind": "lookup", "assistant": {"passed": True}}]}
    results = read_stages(report, [q])
    assert len(results) == 1
    text = stages_text(results, counts_only=True)
    assert "computed questions: 1" in text and "bar_period" in text
    assert "x-cp-01" not in text and "青岚" not in text and "612.4" not in text
    # without it, a held-out row is still never listed
    assert "x-cp-01" not in stages_text(results, counts_only=False)
    assert all(name in text for name in STAGES)


def test_a_dev_row_lost_is_listed_without_counts_only() -> None:
    results = read_stages({"items": [_row(refusal="bar_period", answerable=False)]}, [SUM_Q])
    assert "x-cp-01 refused bar_period" in stages_text(results, counts_only=False)


def test_the_operand_probe_counts_only_lists_no_item() -> None:
    results = [ProbeResult("h-1", "operand", "sum", [OperandResult("612.4", "period", "entity=青岚 -> 9亿元")])]
    text = probe_text(results, counts_only=True)
    assert "computed questions: 1" in text and "  period          1" in text
    assert "h-1" not in text and "612.4" not in text and "青岚" not in text
