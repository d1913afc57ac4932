"""eval.list_probe's stages (slice list20), on invented report rows over an invented document: each row fails at
one known stage, and --counts-only reads held-out rows too while printing nothing but counts."""

from __future__ import annotations

from typing import Any

import pytest

from eval import list_probe
from eval.list_probe import probe, reason_stage, stage

DOCUMENT = "甲县共有三个园区：东园、西园和南园。东园以纺织为主。全县投资增长8.5%。"


def _row(answer: str, cited: str, *, passed: bool = False, routed: str = "list", answerable: bool = True,
         reasons: list[str] | None = None, split: str = "dev") -> dict[str, Any]:
    return {"id": "q1", "doc": "invented.txt", "split": split, "kind": "list", "question": "甲县有哪些园区？",
            "must": [["东园"], ["西园"], ["南园"]],
            "assistant": {"passed": passed, "answer": answer, "routed_kind": routed, "answerable": answerable,
                          "citations": [{"passage": cited}], "reasons": reasons or []}}


@pytest.mark.parametrize(("row", "expected"), [
    (_row("", "", passed=True), "pass"),
    (_row("", "", routed="lookup"), "routed"),
    (_row("", "", answerable=False), "refused"),
    (_row("全县投资增长8.5%。", "全县投资增长8.5%。"), "missed"),
    (_row("东园以纺织为主。", "东园以纺织为主。"), "partial"),
    (_row("东园", DOCUMENT), "cut"),
    (_row("东园、西园和南园", DOCUMENT, reasons=["too long: 400 characters (limit 300)"]), "long"),
    (_row("东园、西园和南园", DOCUMENT, reasons=["cites 1 passage(s), not 3 across the document",
                                          "too long: 400 characters (limit 300)"]), "cites"),
    (_row("东园、西园和南园", DOCUMENT, reasons=["something new"]), "other"),
])
def test_each_row_fails_at_its_first_stage(row: dict[str, Any], expected: str) -> None:
    assert stage(row, "list", DOCUMENT)[0] == expected


def test_reason_stage_takes_the_earliest_stage() -> None:
    assert reason_stage(["figure(s) in no cited passage or computation: 9个", "first sentence lacks 是"]) == "lead"
    assert reason_stage([]) == "other"


def test_counts_only_reads_held_out_rows_and_prints_counts_only(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(list_probe, "document_text", lambda doc: DOCUMENT)
    report = {"items": [_row("东园", DOCUMENT, split="heldout"), _row("", "", passed=True)]}
    assert probe(report, "list", verbose=False)[("all", "cut")] == 0  # held-out rows are skipped by default
    counts = probe(report, "list", verbose=True, counts_only=True, files={"q1": "invented_set"})
    assert counts[("invented_set:heldout", "cut")] == 1
    assert counts[("all", "pass")] == 1
    assert capsys.readouterr().out == ""  # --verbose prints nothing with --counts-only
