"""Comparisons decided by the relation a sentence words, and "each" parts written out for every earlier part
(issue 9, slice open16), on invented text.

- "A的X高于B吗" when the figure engine reads no figure of either side: a sentence that words the relation
  itself ("…甲市都低于全省平均水平") decides it, 否 when it words the opposite direction; the figures it is
  drawn from (the sentence before it) and the first side's own figure are cited with it;
- "出口多少？进口多少？各增长多少？": the last part asks of every earlier part, not only the nearest.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.yesno import YesNo, relation_at
from assistant.route import claim_of_earlier, distributed


@pytest.mark.parametrize(("sentence", "direction"), [
    ("这也意味着，两个数据甲市都低于全省平均水平。", -1),
    ("甲市增速高于全省平均水平1.2个百分点。", 1),
    ("甲市增速不低于全省平均水平。", 1),
    ("甲市增速与去年持平。", 0),
])
def test_the_relation_a_sentence_words(sentence: str, direction: int) -> None:
    found, end = relation_at(sentence)
    assert found == direction
    assert (end > 0) == bool(direction)


@pytest.mark.parametrize(("question", "spread"), [
    ("一季度出口多少？进口多少？各增长多少？", "一季度出口多少？进口多少？一季度出口增长多少？进口增长多少？"),
    ("甲公司营收是多少？净利润是多少？分别增长了多少？",
     "甲公司营收是多少？净利润是多少？甲公司营收增长了多少？净利润增长了多少？"),
])
def test_each_is_written_out_for_every_earlier_part(question: str, spread: str) -> None:
    assert distributed(question) == spread


@pytest.mark.parametrize("question", [
    "甲市GDP是多少？同比增长多少？两年平均增长多少？",  # no "each": parts of their own
    "哪些城市进入前十？各是多少？",  # the earlier part asks items, not an amount
    "出口多少？各增长多少？",  # one earlier part: parts() joins the two
    "How much were exports? And imports? How much did each grow?",
])
def test_other_questions_are_left_as_asked(question: str) -> None:
    assert distributed(question) == question


REPORT = """甲市2023年经济运行简况

具体来看，2023年，甲市地区生产总值为8421.6亿元，同比增速为3.2%。

这样的成绩放在全省来看，水平如何？根据省统计局发布的数据，2023年全省经济增速为5.6%，两年平均增长4.8%。这也意味着，两个数据甲市都低于全省平均水平。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open16_parts"), {"report.txt": REPORT})


@pytest.mark.slow
def test_a_relation_worded_in_the_text_decides_the_comparison(report: Assistant) -> None:
    answer = YesNo().answer(reading_for(report, "甲市2023年GDP增速高于全省平均水平吗？"))
    assert answer is not None and answer.answerable and answer.verified, answer
    assert answer.lead.startswith("否"), answer.lead
    assert "5.6%" in answer.text and "低于全省平均水平" in answer.text, answer.text


@pytest.mark.slow
def test_the_same_relation_asked_the_other_way_is_confirmed(report: Assistant) -> None:
    answer = YesNo().answer(reading_for(report, "甲市2023年GDP增速低于全省平均水平吗？"))
    assert answer is not None and answer.answerable, answer
    assert answer.lead.startswith("是"), answer.lead


@pytest.mark.parametrize(("question", "earlier", "asked"), [
    ("它超过30亿元了吗？", ["甲公司上半年净利润是多少？"], "甲公司上半年净利润超过30亿元了吗？"),
    ("这个数字比去年高吗？", ["乙县今年粮食产量有多少？"], "乙县今年粮食产量比去年高吗？"),
    ("它超过500家了吗？", ["甲店2020年新扩了多少家门店？"], "甲店2020年新扩门店超过500家了吗？"),
    ("它超过30亿元了吗？", ["甲公司的董事长是谁？"], "它超过30亿元了吗？"),  # no amount asked before
    ("甲公司净利润超过30亿元了吗？", ["甲公司上半年营收是多少？"], "甲公司净利润超过30亿元了吗？"),
])
def test_a_yes_no_follow_up_is_asked_of_the_earlier_figure(question: str, earlier: list[str], asked: str) -> None:
    assert claim_of_earlier(question, earlier) == asked
