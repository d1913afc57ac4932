"""gate21 probes on invented rows: the close-call simulation's outcomes and where a missing key word stands."""

from __future__ import annotations

from eval.closecall_probe import Decided, outcome
from eval.lookup_probe import _where_in_doc


def _decided(right: list[bool], scores: list[float], sims: list[float]) -> Decided:
    n = len(right)
    return Decided("q", scores, [True] * n, sims, right, [("money", float(i)) for i in range(n)])


def test_a_close_rival_clearly_closer_in_meaning_replaces_the_best() -> None:
    row = _decided([False, True], [3.0, 2.95], [0.86, 0.90])
    assert outcome(row, 0.1, 0.01) == "gained"
    assert outcome(row, 0.01, 0.01) == "kept"  # not a close call at that margin
    assert outcome(row, 0.1, 0.05) == "kept"  # not closer by that much


def test_a_right_best_replaced_is_lost_and_a_wrong_one_moved() -> None:
    assert outcome(_decided([True, False], [3.0, 2.95], [0.86, 0.90]), 0.1, 0.0) == "lost"
    assert outcome(_decided([False, False], [3.0, 2.95], [0.86, 0.90]), 0.1, 0.0) == "moved"
    # a rival the hand cut-offs refuse never replaces the best
    refused = _decided([False, True], [3.0, 2.95], [0.86, 0.90])
    refused.accepted[1] = False
    assert outcome(refused, 0.1, 0.0) == "kept"


def test_where_a_key_word_stands_in_the_document() -> None:
    doc = "澄湖县2041年统计公报\n全县生产总值912.7亿元。光伏组件产量36.4万片。"
    assert _where_in_doc("澄湖", doc, "全县生产总值912.7亿元。") == "in-opening"
    assert _where_in_doc("光伏", doc, "全县生产总值912.7亿元。") == "in-doc:1"
    assert _where_in_doc("风电", doc, "全县生产总值912.7亿元。") == "absent-doc"
