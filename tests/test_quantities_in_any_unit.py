"""Computations over quantities written in any unit, not only money: last period's figure backed out of this
period's and its growth rate, and a per-unit average (a total over a count), when the question names no unit and
the text writes the quantity in 万吨, 万标箱 or 万度. Every sentence is invented (an imaginary port, 青禾港)."""

from __future__ import annotations

from passages import ask_passages, refused, states

PORT = ("1-6月，青禾港完成集装箱吞吐量48.6万标箱，同比增长12.5%；港口货物吞吐量3200万吨，同比增长8%。"
        "全港船舶靠港使用岸电12万艘次，用电量600万度。")


def test_last_periods_count_is_backed_out_of_a_figure_in_its_own_counter() -> None:
    answer = ask_passages("去年同期青禾港集装箱吞吐量大约是多少？", PORT)
    assert states(answer, "43.2万标箱") and "÷ (1 + 12.5%)" in answer.text


def test_a_rate_word_in_the_question_does_not_make_the_base_a_rate_or_money() -> None:
    answer = ask_passages("按增速倒推，去年同期青禾港货物吞吐量大约是多少？", PORT)
    assert states(answer, "2962.963万吨") and "3200万吨 ÷ (1 + 8%)" in answer.text


def test_a_per_unit_average_divides_a_total_in_any_unit_by_the_count() -> None:
    answer = ask_passages("船舶靠港使用岸电平均每艘次用电多少度？", PORT)
    assert states(answer, "50千瓦时") and "600万度 ÷ 12万艘" in answer.text


def test_a_quantity_with_no_growth_beside_it_has_no_last_period_figure() -> None:
    assert refused(ask_passages("去年同期全港靠港使用岸电的用电量是多少？", PORT))
