"""A standard total the text states only in parts (assistant/lexicon/sums.tsv: 进出口 = 出口 + 进口), computed
from the two parts stated together; stated, it is looked up. Invented places and figures."""

from __future__ import annotations

from passages import ask_passages, states

from assistant.ratios import named_difference

PARTS = "1—2月，临川县出口78.3亿元，增长6.1%；进口42.2亿元，下降2.3%。"
STATED = "1—2月，临川县货物进出口总额为120.5亿元，同比增长8.1%。其中，出口78.3亿元，进口42.2亿元。"


def _computed(answer: object) -> bool:
    return any(u.source == "computation" for u in getattr(answer, "figures", []))


def test_a_total_of_parts_stated_together_is_their_sum() -> None:
    answer = ask_passages("临川县1—2月进出口总额是多少？", PARTS)
    assert states(answer, "120.5亿元") and _computed(answer), answer.text


def test_a_stated_total_is_looked_up() -> None:
    answer = ask_passages("临川县1—2月货物进出口总额是多少？", STATED)
    assert states(answer, "120.5亿元") and not _computed(answer), answer.text


def test_a_rate_of_the_total_is_no_sum() -> None:
    answer = ask_passages("临川县1—2月进出口总额同比增长了多少？", STATED)
    assert states(answer, "8.1%") and not _computed(answer), answer.text


def test_a_difference_is_read_before_a_total() -> None:
    derived = named_difference("净出口是多少")
    assert derived is not None and derived.operation == "difference"
    total = named_difference("进出口是多少")
    assert total is not None and total.operation == "sum"


def test_gross_profit_is_revenue_less_cost_when_not_stated() -> None:
    costs = "2023年，澄川物流实现营业收入52.6亿元，营业成本41.3亿元，毛利率21.5%。"
    answer = ask_passages("澄川物流2023年的毛利是多少？", costs)
    assert states(answer, "11.3亿元") and _computed(answer), answer.text
    stated = "2023年，澄川物流实现营业收入52.6亿元，毛利11.3亿元，毛利率21.5%。"
    answer = ask_passages("澄川物流2023年的毛利是多少？", stated)
    assert states(answer, "11.3亿元") and not _computed(answer), answer.text
    assert states(ask_passages("澄川物流2023年的毛利率是多少？", costs), "21.5%")


def test_the_longest_total_named_takes_its_own_parts() -> None:
    """服务进出口 is 服务出口 + 服务进口, never the goods' figures beside them; 总人口 is 城镇 + 乡村 residents."""
    both = "上半年，临川县服务出口12.6亿元，服务进口8.1亿元；货物出口78.3亿元，货物进口42.2亿元。"
    assert states(ask_passages("临川县上半年服务进出口是多少？", both), "20.7亿元")
    assert states(ask_passages("临川县上半年货物进出口是多少？", both), "120.5亿元")
    people = "年末，临川县城镇常住人口52.6万人，乡村常住人口41.3万人，城镇化率56.0%。"
    assert states(ask_passages("临川县年末总人口是多少？", people), "93.9万人")
