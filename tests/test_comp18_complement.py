"""Issue 8, class 7: what named parts leave of a whole ("除A、B之外，其他…占多少") is 100% less their shares;
a part whose share is not stated leaves nothing to compute (a refusal, never another part's share).
Invented sentences."""

from __future__ import annotations

import pytest
from passages import ask_passages, figure_candidates, refused, states

from assistant.compute import UnitMismatch, complement
from assistant.question import analyse, split_sides

TEXT = ("今年春节假期，青年游客在出游人群中占比达41%，中年游客占比为33%，少年游客占比为12%，"
        "其余为老年游客。")


def test_what_the_shares_leave_of_the_whole() -> None:
    figs = figure_candidates(TEXT)
    comp = complement([figs["41%"], figs["33%"], figs["12%"]])
    assert comp.result == "14%" and comp.expression == "1 − 41% − 33% − 12% = 14%"


def test_shares_beyond_the_whole_give_no_result() -> None:
    figs = figure_candidates("甲类占比为61%，乙类占比为52%。")
    with pytest.raises(UnitMismatch):
        complement([figs["61%"], figs["52%"]])


def test_the_parts_named_are_the_operands() -> None:
    q = analyse("除“青年”“中年”“少年”之外，其他年龄段游客在出游人群中占多少？")
    assert q.operation == "complement"
    assert split_sides(q.text, q.operation) == ["“青年”", "“中年”", "“少年”"]
    assert split_sides(analyse("除了青年游客和中年游客以外，其余游客占比多少？").text, "complement") == [
        "青年游客", "中年游客"]


def test_the_complement_answered_from_the_text() -> None:
    answer = ask_passages("除青年游客、中年游客和少年游客之外，其他游客在出游人群中占比多少？", TEXT)
    assert states(answer, "14%"), answer.text


def test_a_part_not_stated_is_refused() -> None:
    answer = ask_passages("除青年游客和外国游客之外，其他游客在出游人群中占比多少？", TEXT)
    assert refused(answer), answer.text
