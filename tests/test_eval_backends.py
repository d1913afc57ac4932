"""The backends' side-by-side table (issue 10): the open set's safety figures read from each run's report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.backends import open_checks, side_by_side


def _item(kind: str, lead: list[str], passed: bool, answer_lead: str, backend: str = "extractive",
          names: list[str] | None = None) -> dict[str, Any]:
    return {"kind": kind, "lead": lead, "assistant": {"passed": passed, "lead": answer_lead, "backend": backend,
                                                      "untraced_names": names or []}}


def _report(items: list[dict[str, Any]]) -> dict[str, Any]:
    passed = sum(i["assistant"]["passed"] for i in items)
    return {"summary": {"accuracy": passed / len(items), "backend": {}}, "by_kind": {}, "items": items}


def test_a_yes_to_a_question_expecting_no_and_a_model_answering_yes_no_are_counted() -> None:
    report = _report([
        _item("yesno", ["不", "否"], False, "是的，总投资确实是80亿元。", backend="llamacpp"),
        _item("yesno", ["不", "否"], True, "不是。文章说总投资7.52亿元。"),
        _item("yesno", ["是", "对"], True, "是。"),  # expecting a yes: a yes is right
        _item("entity", [], True, "负责人是张伟。", backend="llamacpp", names=["张伟"]),
    ])
    assert open_checks(report) == {"yes/no by a model": 1, "yes/no failed": 1, "yes to a question expecting no": 1,
                                   "answers with untraced names": 1}


def test_the_open_table_shows_each_run_side_by_side(tmp_path: Path) -> None:
    (tmp_path / "backend-llamacpp").mkdir()
    (tmp_path / "report-open.json").write_text(json.dumps(_report([_item("yesno", ["不"], True, "不是。")])))
    (tmp_path / "backend-llamacpp" / "report-open.json").write_text(
        json.dumps(_report([_item("yesno", ["不"], False, "是的。", backend="llamacpp")])))
    table = side_by_side(tmp_path)
    row = next(line for line in table.splitlines() if line.startswith("yes to a question expecting no"))
    assert row.split()[-2:] == ["0", "1"]
    assert "extractive" in table and "llamacpp" in table
