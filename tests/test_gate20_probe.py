"""gate20: the lookup probe's selection and printing (the validation rule: counts only, never an item)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.lookup_probe import Probed, chosen_items, probe_text, run

_ITEMS = [{"id": "dev-1", "kind": "lookup", "split": "dev", "question": "青川县粮食产量是多少？"},
          {"id": "dev-2", "kind": "computed", "split": "dev", "question": "青川县粮食产量增长多少？"},
          {"id": "ho-1", "kind": "unanswerable", "split": "heldout", "question": "青川县有多少座桥？"}]


def test_held_out_rows_are_chosen_only_when_asked() -> None:
    report = {"items": _ITEMS}
    assert [i["id"] for i in chosen_items(report, ("lookup", "unanswerable"), held_out=False)] == ["dev-1"]
    assert [i["id"] for i in chosen_items(report, ("lookup", "unanswerable"), held_out=True)] == ["ho-1"]


def test_held_out_rows_need_counts_only(tmp_path: Path) -> None:
    path = tmp_path / "report-general.json"
    path.write_text(json.dumps({"items": _ITEMS}), encoding="utf-8")
    with pytest.raises(ValueError, match="counts-only"):
        run(path, counts_only=False, held_out=True)


def test_counts_only_prints_no_item() -> None:
    results = [Probed("q-secret-1", "lookup", "right"), Probed("q-secret-2", "lookup", "outranked", 0, 2),
               Probed("q-secret-3", "lookup", "candidates:class", 1, -1, "power->energy"),
               Probed("q-secret-4", "unanswerable", "answered:lookup")]
    text = probe_text(results, counts_only=True)
    assert "secret" not in text
    assert "lookup: 3" in text and "unanswerable: 1" in text
    assert "outranked: the figure's candidate rank (5: 5 or more) 2: 1" in text
    assert "power->energy: 1" in text
    assert "q-secret-2 lookup outranked 0 2" in probe_text(results, counts_only=False)
