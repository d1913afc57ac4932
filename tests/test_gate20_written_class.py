"""gate20: a quantity asked by its name alone is looked up in the measure class the text writes it in, when the
vocabulary's class of the name finds nothing (装机 is a power for a plant, an energy for a battery maker).
Invented sentences only."""

from __future__ import annotations

from assistant.question import analyse, class_named_by_words
from tests.passages import ask_passages, refused, states


def test_the_vocabulary_class_of_a_name_is_not_the_asking_words_class() -> None:
    assert analyse("青川电池今年一季度装机量是多少？").unit_class == "power"  # the vocabulary's class of 装机
    assert class_named_by_words("青川电池今年一季度装机量是多少？") == ""
    assert class_named_by_words("青川电站装机多少万千瓦？") == "power"  # the unit asked says the class
    assert class_named_by_words("青川电池出货多少吨？") == "mass"


def test_a_name_written_in_another_measure_class_is_found() -> None:
    text = "青川电池今年一季度动力电池装机量为12.6GWh，同比增长35.2%，市场份额位居全省第二。"
    assert states(ask_passages("青川电池今年一季度装机量是多少？", text), "12.6GWh")


def test_the_vocabulary_class_still_comes_first() -> None:
    # a figure in the vocabulary's class answers; the other measure beside it is not taken
    text = "白沙电站总装机容量为120万千瓦，去年发电量为45亿千瓦时。"
    answer = ask_passages("白沙电站装机容量是多少？", text)
    assert states(answer, "120万千瓦") and not states(answer, "45亿千瓦时")


def test_a_unit_asked_is_never_traded_for_another_class() -> None:
    # "多少万千瓦" asks a power: an energy labelled by the name is no answer
    text = "青川电池今年一季度动力电池装机量为12.6GWh，同比增长35.2%。"
    assert refused(ask_passages("青川电池今年一季度装机量是多少万千瓦？", text))


def test_money_or_rates_are_no_other_way_of_writing_a_measure() -> None:
    # the name labels only an amount of money and a rate: neither is a measure written otherwise
    text = "青川电池今年一季度装机业务收入为8.2亿元，同比增长35.2%。"
    assert not states(ask_passages("青川电池今年一季度装机量是多少？", text), "8.2亿元")
