"""Summaries of session 19 on invented text: a key figure of the headline (an amount or a rate) that no chosen
line states is stated by the first line of the document that gives it; a headline figure already stated, or
one of another class (a year), adds nothing."""

from __future__ import annotations

from passages import nodes_of

from assistant.approaches.summary import headline_lines, units_of
from assistant.approaches.text import passages_of, sentences_of
from assistant.candidates import TermStats

BODY = (
    "澄川县统计局近日发布前三季度经济运行情况，全县经济总体平稳。",
    "前三季度，澄川县地区生产总值386.2亿元，同比增长5.4%，增速比上半年加快0.3个百分点。",
    "分产业看，农业生产形势稳定，秋粮丰收在望，工业企业订单有所回升。",
)


def lines_for(title: str, chosen_index: int) -> list[str]:
    nodes = nodes_of(*BODY)
    units = units_of(sentences_of(passages_of([n.node for n in nodes])), TermStats(n.node for n in nodes))
    return [u.text for u in headline_lines(title, units, [units[chosen_index]])]


def test_a_headline_rate_no_line_states_is_added() -> None:
    lines = lines_for("澄川县前三季度GDP增长5.4%", 0)
    assert len(lines) == 1 and "5.4%" in lines[0], lines


def test_a_headline_figure_already_stated_or_not_key_adds_nothing() -> None:
    assert lines_for("澄川县前三季度GDP增长5.4%", 1) == []
    assert lines_for("澄川县2031年前三季度经济平稳", 0) == []
    assert lines_for("澄川县前三季度GDP增长9.9%", 0) == []  # (a figure the body never states)
