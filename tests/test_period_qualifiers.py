"""Issue 8: periods as qualifiers of a figure. "前三季度" is the first three quarters (1—9月), not the third
quarter; a figure whose own part of the sentence is dated by another month, quarter or 上半年 answers no
question about the month asked. Every sentence here is invented (an imaginary city, 云川市)."""

from __future__ import annotations

from passages import ask_passages, states

from assistant.candidates import same_period
from assistant.figures import parse_figures

RATES = ("上半年，云川市城镇新增就业12万人，城镇调查失业率平均为5.2%。其中，4月份，城镇调查失业率为5.6%；"
         "5、6月份连续回落，分别为5.4%、5.3%。3月份，城镇调查失业率为5.1%。")
QUARTERS = "前三季度，云川市地区生产总值3000亿元，增长5.0%。三季度增长4.1%。"


def test_the_first_three_quarters_are_one_span_of_nine_months() -> None:
    first, *_, third = [f for f in parse_figures(QUARTERS) if f.unit == "季度"]
    assert first.text == "前三季度" and (first.value, first.upper) == (1.0, 3.0)
    assert third.text == "三季度" and third.upper is None
    nine = parse_figures("1—9月")[0]
    assert same_period(first, nine) and not same_period(third, nine)


def test_a_month_asked_is_not_answered_by_another_months_or_the_half_years_figure() -> None:
    assert states(ask_passages("4月份云川市城镇调查失业率是多少？", RATES), "5.6%")
    assert states(ask_passages("3月份云川市城镇调查失业率是多少？", RATES), "5.1%")
    # 6月份's own rate is stated only in a list; neither 4月份's rate nor the half-year average answers it
    answer = ask_passages("6月份云川市城镇调查失业率是多少？", RATES)
    assert not states(answer, "5.6%") and not states(answer, "5.2%"), answer.text


def test_the_third_quarter_is_not_the_first_three_quarters() -> None:
    answer = ask_passages("三季度云川市地区生产总值增长多少？", QUARTERS)
    assert states(answer, "4.1%") and not states(answer, "5.0%"), answer.text
    answer = ask_passages("前三季度云川市地区生产总值增长多少？", QUARTERS)
    assert states(answer, "5.0%"), answer.text


def test_a_span_written_to_its_last_month_still_dates_the_months_asked() -> None:
    # "1月至6月" is read as 1月 and 6月: its last month ends the span asked, it is no other period
    text = "1月至6月，云川市新签约物流园、食品加工等40个项目，计划总投资120亿元。"
    assert states(ask_passages("1到6月云川市新签约了多少个项目？", text), "40个")
    assert states(ask_passages("1到6月云川市新签约项目计划总投资多少？", text), "120亿元")


def test_one_quarter_is_the_half_year_less_the_other_quarter() -> None:
    text = "上半年，云川市地区生产总值2000亿元，同比增长4.0%。其中，二季度地区生产总值1100亿元，同比增长3.5%。"
    answer = ask_passages("一季度云川市地区生产总值是多少？", text)
    assert states(answer, "900亿元"), answer.text
    assert "2000亿元 − 1100亿元" in answer.text
    # a quarter the text states is looked up, never computed
    assert states(ask_passages("二季度云川市地区生产总值是多少？", text), "1100亿元")


def test_last_periods_figure_is_the_figure_less_the_change_the_text_states() -> None:
    # "同比减少200亿元" states the change itself: last period's figure is exact, no rate divides it; and 去年同期
    # (去年 + 同期) is a time, no unknown kind of thing to refuse over
    text = "1-6月，云川市服务贸易逆差下降40%至300亿元，同比减少200亿元。货物贸易顺差800亿元，同比增加150亿元。"
    answer = ask_passages("去年同期服务贸易逆差是多少亿元？", text)
    assert states(answer, "500亿元") and "300亿元 + 200亿元" in answer.text, answer.text
    answer = ask_passages("去年同期货物贸易顺差是多少亿元？", text)
    assert states(answer, "650亿元"), answer.text
