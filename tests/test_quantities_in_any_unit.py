"""Computations over quantities written in any unit, not only money: last period's figure backed out of this
period's and its growth rate, a per-unit average (a total over a count), when the question names no unit and
the text writes the quantity in 万吨, 万标箱 or 万度; and this period's figure as a multiple of the period before's
from its rate of change alone. Every sentence is invented (an imaginary port, 青禾港)."""

from __future__ import annotations

from passages import ask_passages, refused, states

PORT = ("1-6月，青禾港完成集装箱吞吐量48.6万标箱，同比增长12.5%；港口货物吞吐量3200万吨，同比增长8%。"
        "全港船舶靠港使用岸电12万艘次，用电量600万度。")
HOLIDAY = ("1-6月，青禾港完成集装箱吞吐量48.6万标箱，同比增长12.5%；港口货物吞吐量3200万吨，同比下降8%。"
           "今年春节假期，青禾旅游平台总订单量同比增长约150%。")


def test_last_periods_count_is_backed_out_of_a_figure_in_its_own_counter() -> None:
    answer = ask_passages("去年同期青禾港集装箱吞吐量大约是多少？", PORT)
    assert states(answer, "43.2万标箱") and "÷ (1 + 12.5%)" in answer.text


def test_a_rate_word_in_the_question_does_not_make_the_base_a_rate_or_money() -> None:
    answer = ask_passages("按增速倒推，去年同期青禾港货物吞吐量大约是多少？", PORT)
    assert states(answer, "2962.96万吨") and "3200万吨 ÷ (1 + 8%)" in answer.text


def test_a_per_unit_average_divides_a_total_in_any_unit_by_the_count() -> None:
    answer = ask_passages("船舶靠港使用岸电平均每艘次用电多少度？", PORT)
    assert states(answer, "50千瓦时") and "600万度 ÷ 12万艘" in answer.text


def test_a_quantity_with_no_growth_beside_it_has_no_last_period_figure() -> None:
    assert refused(ask_passages("去年同期全港靠港使用岸电的用电量是多少？", PORT))


# -- "…是去年同期的几倍": 1 + the rate of change ---------------------------------------------------------------

def test_a_multiple_of_last_year_is_one_plus_the_growth_beside_the_figure() -> None:
    answer = ask_passages("青禾港今年集装箱吞吐量是去年同期的多少倍？", HOLIDAY)
    assert "1 + 12.5%" in answer.text and answer.citations


def test_a_multiple_of_last_year_after_a_fall_is_one_minus_the_fall() -> None:
    answer = ask_passages("港口货物吞吐量是去年同期的几倍？", HOLIDAY)
    assert states(answer, "0.92倍") and "1 − 8%" in answer.text


def test_a_rate_stated_with_no_amount_still_gives_the_multiple() -> None:
    assert states(ask_passages("青禾旅游平台春节总订单量是去年同期的几倍？", HOLIDAY), "2.5倍")


def test_the_questions_own_rate_gives_the_multiple() -> None:
    answer = ask_passages("按同比增长约270%计算，青禾旅游平台总订单量大约是去年同期的几倍？", HOLIDAY)
    assert states(answer, "3.7倍") and "1 + 约270%" in answer.text


def test_a_quantity_the_text_never_names_has_no_multiple() -> None:
    assert refused(ask_passages("青禾港的旅客人数是去年同期的几倍？", HOLIDAY))


# -- the middle of a stated range ---------------------------------------------------------------------------------

WARNING = "青禾餐饮发布盈利警告，预期年度净亏损约12亿元至18亿元人民币。全年营业收入86亿元。"


def test_the_middle_of_a_range_is_the_mean_of_its_two_ends() -> None:
    answer = ask_passages("青禾餐饮预期年度净亏损区间的中间值是多少？", WARNING)
    assert states(answer, "15亿元") and "约12亿元 + 18亿元" in answer.text


def test_a_figure_that_ends_no_range_has_no_middle() -> None:
    assert refused(ask_passages("青禾餐饮全年营业收入区间的中间值是多少？", WARNING))
