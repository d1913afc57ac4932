"""A period the text states no figure for, read off two it does (assistant.periods): the difference of two
spans that share an end, the sum of two that meet. Invented places, indicators and figures."""

from __future__ import annotations

from passages import ask_passages, refused, states

from assistant.figures import parse_figures
from assistant.periods import asked_months, composition

CUMULATIVE = ("今年1—2月，临川县社会消费品零售总额为86.4亿元，同比增长6.1%。"
              "1—3月，临川县社会消费品零售总额为131.7亿元，同比增长5.8%。")
QUARTERS = ("一季度，安澜市地区生产总值为1520.3亿元，同比增长5.2%。"
            "二季度，安澜市地区生产总值为1688.9亿元，同比增长6.0%。")
HALVES = "上半年，青州市规模以上工业增加值为412.5亿元。全年，青州市规模以上工业增加值为880.1亿元。"


def test_a_month_is_the_later_cumulative_span_less_the_earlier() -> None:
    answer = ask_passages("临川县3月份社会消费品零售总额是多少？", CUMULATIVE)
    assert states(answer, "45.3亿元"), answer.text
    assert {u.text for u in answer.figures if u.source == "citation"} >= {"131.7亿元", "86.4亿元"}


def test_a_half_year_is_its_two_quarters_added() -> None:
    answer = ask_passages("安澜市上半年地区生产总值是多少？", QUARTERS)
    assert states(answer, "3209.2亿元"), answer.text


def test_the_second_half_is_the_year_less_the_first() -> None:
    answer = ask_passages("青州市下半年规模以上工业增加值是多少？", HALVES)
    assert states(answer, "467.6亿元"), answer.text


def test_a_period_no_two_stated_periods_make_is_refused() -> None:
    """一季度 is neither 全年 less 上半年 nor any sum of them: no answer, and no other period's figure."""
    assert refused(ask_passages("青州市一季度规模以上工业增加值是多少？", HALVES))


def test_a_stated_period_is_looked_up_not_computed() -> None:
    answer = ask_passages("临川县1—3月社会消费品零售总额是多少？", CUMULATIVE)
    assert states(answer, "131.7亿元") and not any(u.source == "computation" for u in answer.figures)


def test_the_month_arithmetic() -> None:
    assert composition((3, 3), [(1, 3), (1, 2)]) == ("difference", 0, 1)
    assert composition((1, 6), [(1, 3), (4, 6)]) == ("sum", 0, 1)
    assert composition((7, 12), [(1, 6), (1, 12)]) == ("difference", 1, 0)
    assert composition((1, 3), [(1, 6), (1, 12)]) is None
    assert composition((3, 3), [(1, 3), None, (3, 3)]) is None  # the period itself is stated: nothing to compute


def test_the_period_asked() -> None:
    assert asked_months("下半年的投资是多少", []) == ((7, 12), None)
    quarter = parse_figures("第一季度")
    assert asked_months("第一季度的投资是多少", quarter) == ((1, 3), quarter[0])
    assert asked_months("一季度和二季度哪个多", parse_figures("一季度和二季度")) is None


def test_months_listed_respectively_date_their_figures_in_order() -> None:
    text = "1月、2月，临川县社会消费品零售总额分别为46.4亿元、40.0亿元，分别增长5.1%、4.2%。"
    answer = ask_passages("临川县前两个月社会消费品零售总额是多少？", text)
    assert states(answer, "86.4亿元"), answer.text
