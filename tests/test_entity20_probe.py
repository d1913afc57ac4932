"""The entity probe's stages on invented report rows (no store: the retrieval and candidate stages need one and
are skipped when no reader is given)."""

from __future__ import annotations

from typing import Any

import pytest

from eval.entity_probe import stage

_DOC = "青禾科技董事长周海峰表示，公司将加大投入。"


def _row(question: str, answer: str, routed: str = "entity", passed: bool = False, expect: str = "answer",
         kind: str = "entity") -> dict[str, Any]:
    return {"kind": kind, "expect": expect, "question": question, "must": [["周海峰"]], "lead": ["周海峰"],
            "assistant": {"passed": passed, "routed_kind": routed, "answer": answer}}


@pytest.mark.parametrize(("row", "found"), [
    (_row("青禾科技的董事长是谁？", "周海峰。", passed=True), "pass"),
    (_row("青禾科技的董事长是谁？", "青禾科技。", routed="figure"), "routed"),
    (_row("青禾科技的董事长是谁？", "青禾科技。"), "chosen"),
    (_row("青禾科技的董事长是谁？", "周海峰。……"), "other"),
    (_row("青禾科技的董事长是谁？", "", expect="refuse"), "refuse-fail"),
])
def test_the_first_stage_that_fails(row: dict[str, Any], found: str) -> None:
    assert stage(row, _DOC, None) == found


def test_an_item_the_document_does_not_hold() -> None:
    assert stage(_row("青禾科技的董事长是谁？", "青禾科技。"), "青禾科技公司将加大投入。", None) == "in_doc"
