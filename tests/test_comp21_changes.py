"""An amount of change the text does not state, from the two years' levels it does (answer._change_from_levels).
Invented places, indicators and figures."""

from __future__ import annotations

from passages import ask_passages, states

LEVELS = "2023年，临川县社会消费品零售总额为486.4亿元。2022年，临川县社会消费品零售总额为465.1亿元。"
STATED = "2023年，临川县社会消费品零售总额为486.4亿元，比上年增加21.3亿元。"


def _computed(answer: object) -> bool:
    return any(u.source == "computation" for u in getattr(answer, "figures", []))


def test_a_change_between_two_named_years_is_their_levels_apart() -> None:
    answer = ask_passages("临川县2023年社会消费品零售总额比2022年增加了多少？", LEVELS)
    assert states(answer, "21.3亿元") and _computed(answer), answer.text


def test_the_year_before_is_the_one_before_the_year_asked() -> None:
    answer = ask_passages("与上年相比，临川县2023年社会消费品零售总额增加了多少？", LEVELS)
    assert states(answer, "21.3亿元") and _computed(answer), answer.text


def test_a_stated_change_is_looked_up() -> None:
    answer = ask_passages("临川县2023年社会消费品零售总额比2022年增加了多少？", STATED)
    assert states(answer, "21.3亿元") and not _computed(answer), answer.text


def test_a_level_asked_is_no_change() -> None:
    answer = ask_passages("临川县2022年社会消费品零售总额是多少？", LEVELS)
    assert states(answer, "465.1亿元") and not _computed(answer), answer.text


def test_a_fall_is_the_size_of_the_gap() -> None:
    text = "2023年，临川县粮食产量为38.2万吨。2022年，临川县粮食产量为40.5万吨。"
    answer = ask_passages("临川县2023年粮食产量比2022年减少了多少？", text)
    assert states(answer, "2.3万吨") and _computed(answer), answer.text


def test_the_year_before_of_a_quantity_of_no_known_class_backs_out_of_its_stated_change() -> None:
    """实际使用外资 names no unit class: the amount its words label is the level the change is stated beside."""
    text = "2023年1—3月，临川县实际使用外资为12.6亿元，同比减少3.4亿元。"
    answer = ask_passages("2022年1—3月临川县实际使用外资是多少？", text)
    assert states(answer, "16亿元") and _computed(answer), answer.text
    rose = "2023年1—3月，临川县实际使用外资为12.6亿元，同比增加3.4亿元。"
    assert states(ask_passages("2022年1—3月临川县实际使用外资是多少？", rose), "9.2亿元")
