"""A figure written in brackets directly after a name belongs to that name (open_dev4, issue 8/9): in
"甲经济总量（GDP x亿元）领先乙（GDP y亿元）" x is 甲's and y is 乙's, though both names share the sentence and 甲
is written before y. Every place, company, indicator and figure below is invented (real city names only
because jieba knows them as places); no sentence of an eval document is used."""

from __future__ import annotations

import pytest
from passages import ask_passages, figure_candidates, states

from assistant.candidates import TermStats, _bracket_owner_elsewhere

LEADS = ("对比可以发现，虽然今年一季度洛阳经济总量（GDP 2136.7亿元）领先襄阳（GDP 1539亿元），"
         "但是襄阳的财政收入却领先洛阳。")
# half-width brackets, another indicator, the bracket right after the figure's own label
RETAIL = "从消费看，岳阳的社会消费品零售总额(812.5亿元)高于常德(655.3亿元)。"
# names that are no places: companies
FIRMS = "年报显示，华强公司营业收入（52.3亿元）超过远航公司（40.1亿元），位居行业第一。"


@pytest.mark.parametrize(("text", "question", "figure", "other"), [
    (LEADS, "洛阳的GDP是多少？", "2136.7亿元", "1539亿元"),
    (LEADS, "襄阳的GDP是多少？", "1539亿元", "2136.7亿元"),
    (RETAIL, "岳阳的社会消费品零售总额是多少？", "812.5亿元", "655.3亿元"),
    (RETAIL, "常德的社会消费品零售总额是多少？", "655.3亿元", "812.5亿元"),
    (FIRMS, "华强公司营业收入是多少？", "52.3亿元", "40.1亿元"),
    (FIRMS, "远航公司营业收入是多少？", "40.1亿元", "52.3亿元"),
])
def test_a_bracketed_figure_is_the_name_before_its_bracket(text: str, question: str, figure: str,
                                                           other: str) -> None:
    answer = ask_passages(question, text)
    assert states(answer, figure) and not states(answer, other), [u.text for u in answer.figures]


def test_the_difference_takes_each_figure_from_its_own_name() -> None:
    answer = ask_passages("一季度洛阳的GDP比襄阳高多少？", LEADS)
    assert states(answer, "597.7亿元") and "高597.7亿元" in answer.text, answer.text
    answer = ask_passages("一季度襄阳的GDP比洛阳低多少？", LEADS)
    assert states(answer, "597.7亿元") and "低597.7亿元" in answer.text, answer.text


def test_the_owner_is_the_name_not_every_name_of_the_sentence() -> None:
    """The rule names the names asked that the bracket is not of; the bracket's own name is never one."""
    candidates = figure_candidates(LEADS)
    stats = TermStats([candidates["1539亿元"].passage.hit.node])
    assert _bracket_owner_elsewhere(candidates["1539亿元"], ["洛阳"], stats) == ["洛阳"]
    assert _bracket_owner_elsewhere(candidates["1539亿元"], ["襄阳"], stats) == []
    assert _bracket_owner_elsewhere(candidates["2136.7亿元"], ["襄阳"], stats) == ["襄阳"]
    assert _bracket_owner_elsewhere(candidates["2136.7亿元"], ["洛阳"], stats) == []


def test_a_bracket_right_after_a_figure_glosses_that_figure() -> None:
    """"2136.7亿元（增长5.1%）": no name stands before the bracket, so the sentence's subject keeps the rate."""
    text = "一季度洛阳地区生产总值2136.7亿元（同比增长5.1%），襄阳地区生产总值1539亿元（同比增长4.2%）。"
    assert states(ask_passages("洛阳地区生产总值增长了多少？", text), "5.1%")
    assert states(ask_passages("襄阳地区生产总值增长了多少？", text), "4.2%")



def test_a_figure_of_one_of_several_names_asked_is_another_s_for_none() -> None:
    """A total of several places asked: each bracket's figure answers for its own place, and is no peer's."""
    candidates = figure_candidates("江南两市分别是排名第6位的岳阳市（209.8亿元）和排名第10位的常德市（195.3亿元）。")
    stats = TermStats([candidates["209.8亿元"].passage.hit.node])
    assert _bracket_owner_elsewhere(candidates["209.8亿元"], ["岳阳", "常德"], stats) == []
    assert _bracket_owner_elsewhere(candidates["209.8亿元"], ["常德"], stats) == ["常德"]
    assert _bracket_owner_elsewhere(candidates["195.3亿元"], ["岳阳"], stats) == ["岳阳"]
