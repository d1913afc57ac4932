"""What a question asks (assistant.question.analyse / split_sides) and follow-up resolution
(assistant.chat.resolve). Pure functions over the question text: no index, no model."""

from __future__ import annotations

import math

import pytest

from assistant.bilingual import english_terms, frequency_in
from assistant.chat import resolve
from assistant.question import Question, analyse, hint_text, split_sides

WIND_Q = "双辽风电项目总投资多少？"
WIND_A = "双辽市绿电产业示范园区15万千瓦风电项目，总投资7.52亿元[1]。"


# -- unit class ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "counter"), [
    ("四平有多少个工业项目？", "个"),
    ("双辽风电项目要装几台风电机组？", "台"),
    ("全市有几家开发区？", "家"),
    ("全市新建了多少所学校？", "所"),
])
def test_count_questions_carry_their_counter(text: str, counter: str) -> None:
    q = analyse(text)
    assert (q.lang, q.unit_class, q.counter) == ("zh", "count", counter)


@pytest.mark.parametrize(("text", "attribute"), [
    ("这个项目要花多少钱？", ""),
    ("双辽风电项目总投资多少？", "投资"),
    ("双辽风电项目年产值是多少？", "产值"),
    ("双辽风电项目建成后每年利税多少？", "利税"),
])
def test_money_questions(text: str, attribute: str) -> None:
    q = analyse(text)
    assert q.unit_class == "money"
    assert q.counter == ""
    if attribute:
        assert attribute in q.attributes


def test_the_asked_attribute_is_not_an_entity_term() -> None:
    q = analyse("双辽风电项目年产值是多少？")
    assert q.attributes == ["产值"]
    assert {"双辽", "风电"} <= set(q.terms)
    assert "年产值" not in q.terms  # "年产值" phrases the attribute; it is no entity to look for


@pytest.mark.parametrize("text", ["工业项目占比是多少？", "农业项目比重多大？", "基础设施项目占百分之几？"])
def test_percent_questions(text: str) -> None:
    assert analyse(text).unit_class == "percent"


@pytest.mark.parametrize("text", ["双辽风电项目是多少兆瓦？", "风电项目装机容量多大？"])
def test_power_questions(text: str) -> None:
    assert analyse(text).unit_class == "power"


def test_which_year_asks_for_a_year_and_when_for_a_date() -> None:
    year = analyse("吉林省哪一年构建汽车产业都市圈？")
    assert year.unit_class == "year"
    assert year.attributes == []  # a year carries no label: the event words are the entity
    assert "都市" in year.terms
    assert analyse("滨河大道改造工程什么时候完工？").unit_class == "date"


def test_unit_asked_for_sets_the_display_unit() -> None:
    q = analyse("10亿元以上项目的投资换算成万元是多少？")
    assert (q.unit_class, q.display_unit) == ("money", "万元")
    assert analyse("双辽风电项目总投资多少？").display_unit == ""


# -- operations ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "operation"), [
    ("10亿元以上项目平均每个投资多少？", "average"),
    ("工业项目和农业项目合计多少个？", "sum"),
    ("工业项目和农业项目一共有多少个？", "sum"),
    ("工业项目比农业项目多几个？", "difference"),
    ("工业项目和农业项目相差多少个？", "difference"),
    ("农业项目占全部196个项目的比例是多少？", "share"),
    ("2024年全年争取的资金倒推是多少？", "growth_base"),
    ("按增长率推算2024年全年争取的资金是多少？", "growth_base"),
    ("投资在亿元以上但不到10亿元的项目有多少个？", "range"),
    ("双辽风电项目利税和产值分别是多少？", "each"),
    ("双辽风电项目总投资多少？", "lookup"),
])
def test_operation(text: str, operation: str) -> None:
    assert analyse(text).operation == operation


def test_asking_in_wan_yuan_keeps_a_sum_a_sum() -> None:
    q = analyse("医疗卫生和教育方面投资合计多少万元？")
    assert (q.unit_class, q.extra_classes, q.operation, q.display_unit) == ("money", [], "sum", "万元")


def test_average_question_keeps_its_condition() -> None:
    q = analyse("10亿元以上项目平均每个投资多少？")
    assert q.unit_class == "money"
    assert [(f.value, f.unit_class, f.qualifier) for f in q.figures] == [(1e9, "money", "以上")]


def test_range_question_states_both_bounds() -> None:
    q = analyse("投资在亿元以上但不到10亿元的项目有多少个？")
    assert q.unit_class == "count"
    bounds = sorted((f.value, f.qualifier) for f in q.figures if f.unit_class == "money")
    assert bounds == [(1e8, "以上"), (1e9, "不到")]


# -- figures the question states -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("投资五千万元以上的项目有多少个？", 5e7),
    ("十亿元以上项目有多少个？", 1e9),
    ("一亿元以上项目有多少个？", 1e8),
    ("投资5000万元以上的项目有多少个？", 5e7),
])
def test_chinese_numerals_in_questions_are_normalised(text: str, value: float) -> None:
    q = analyse(text)
    assert q.unit_class == "count"
    money = [f for f in q.figures if f.unit_class == "money"]
    assert len(money) == 1
    assert math.isclose(money[0].value, value) and money[0].qualifier == "以上"


def test_bare_yi_yuan_threshold_reads_as_one_hundred_million() -> None:
    q = analyse("亿元以上项目有多少个？")
    assert [(f.value, f.unit, f.unit_class, f.qualifier) for f in q.figures] == [(1e8, "元", "money", "以上")]


def test_a_referring_count_is_not_a_condition() -> None:
    assert analyse("这四个项目一共投资多少？").figures == []
    assert analyse("上述3个项目一共投资多少？").figures == []
    # without the demonstrative, the same words state a figure the answer must stand with
    assert [(f.value, f.unit_class) for f in analyse("四个项目一共投资多少？").figures] == [(4.0, "count")]


def test_one_year_is_a_rate_not_a_condition() -> None:
    assert all(f.unit_class != "time" for f in analyse("双辽风电项目一年利税多少？").figures)


def test_a_year_in_the_question_is_a_condition_figure() -> None:
    q = analyse("2024年全年争取的资金倒推是多少？")
    assert [(f.value, f.unit_class) for f in q.figures] == [(2024.0, "year")]


# -- English ----------------------------------------------------------------------------------------------

# words of an imagined index (document frequencies): the dictionary's senses are kept only when indexed
INDEXED = {"床位": 3, "医院": 4, "投资": 9, "产值": 2, "占比": 2, "项目": 20, "农业": 2, "风电": 2}


def english(text: str) -> Question:
    """text analysed as the engine sees it: with the Chinese words CC-CEDICT gives, by role."""
    found = english_terms(text, frequency_in(INDEXED))
    return analyse(hint_text(text, list(found.attribute), found.counted, list(found.other), []))


def test_english_how_many_is_a_count_of_the_dictionary_noun() -> None:
    q = english("How many hospital beds will the wind project add?")
    assert (q.lang, q.unit_class, q.operation) == ("en", "count", "lookup")
    assert "风电" in q.terms and "医院" in q.terms
    assert q.count_noun == "床位"


def test_english_how_much_investment_is_money() -> None:
    q = english("How much investment does the Shuangliao wind project need?")
    assert (q.lang, q.unit_class) == ("en", "money")
    assert q.attributes == ["投资"]


@pytest.mark.parametrize(("text", "unit_class"), [
    ("What share of projects are agricultural?", "percent"),
    ("Which year will Shibao start mass production?", "year"),
    ("What is the output value of the project?", "money"),
])
def test_english_unit_classes(text: str, unit_class: str) -> None:
    q = english(text)
    assert (q.lang, q.unit_class) == ("en", unit_class)


def test_language_detection() -> None:
    assert analyse("双辽风电项目总投资多少？").lang == "zh"
    assert analyse("What is the total investment of the wind project?").lang == "en"
    # a Chinese question naming a Latin-script term stays Chinese
    assert analyse("四平市去年的GDP是多少？").lang == "zh"


# -- follow-ups -------------------------------------------------------------------------------------------

def test_a_pronoun_carries_the_previous_subject() -> None:
    resolved = resolve("它建成后每年利税多少？", [(WIND_Q, WIND_A)])
    assert resolved.startswith("双辽风电项目")
    q = analyse(resolved)
    assert "利税" in q.attributes and q.unit_class == "money"
    assert {"双辽", "风电"} <= set(q.terms)


def test_an_ellipsis_swaps_the_attribute() -> None:
    resolved = resolve("那产值呢？", [(WIND_Q, WIND_A)])
    assert "双辽风电项目" in resolved and "产值" in resolved and "投资" not in resolved
    q = analyse(resolved)
    assert q.attributes == ["产值"] and q.unit_class == "money" and q.is_question


def test_an_ellipsis_swaps_the_entity() -> None:
    resolved = resolve("那农业项目呢？", [("工业项目有多少个？", "工业项目67个，占比34.2%[1]。")])
    assert resolved == "农业项目有多少个？"
    assert analyse(resolved).unit_class == "count"


def test_resolution_follows_a_chain_of_turns() -> None:
    history = [(WIND_Q, WIND_A), ("它建成后每年利税多少？", "利税0.18亿元[1]。")]
    resolved = resolve("那产值呢？", history)
    assert "双辽风电项目" in resolved and "产值" in resolved and "利税" not in resolved


def test_self_contained_questions_and_empty_history_are_left_alone() -> None:
    assert resolve(WIND_Q, [("工业项目有多少个？", "67个")]) == WIND_Q
    assert resolve("它建成后每年利税多少？", []) == "它建成后每年利税多少？"


def test_an_english_follow_up_gets_the_chinese_subject() -> None:
    resolved = resolve("What about its output value?", [(WIND_Q, WIND_A)])
    assert resolved.startswith("双辽风电项目") and "output value" in resolved


def test_an_ellipsis_swaps_the_whole_entity_phrase() -> None:
    resolved = resolve("那教育方面呢？", [("医疗卫生方面总投资多少？", "总投资9.8亿元[1]。")])
    assert "医疗" not in resolved and "教育方面" in resolved and "投资" in resolved


# -- operand sides ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "operation", "sides"), [
    ("工业项目比农业项目多几个？", "difference", ["工业项目", "农业项目"]),
    ("总投资扣除亿元以上项目还剩多少？", "difference", ["总投资", "亿元以上项目"]),
    ("工业项目占全部项目的比例是多少？", "share", ["工业项目", "全部项目"]),  # the whole without the question words
    ("全部项目中，工业项目的占比是多少？", "share", ["工业项目", "全部项目"]),
    ("工业项目和农业项目合计多少个？", "sum", ["工业项目", "农业项目"]),
    ("工业项目与农业项目一共有多少个？", "sum", ["工业项目", "农业项目"]),
    ("工业项目、农业项目分别有多少个？", "each", ["工业项目", "农业项目"]),
])
def test_split_sides(text: str, operation: str, sides: list[str]) -> None:
    assert split_sides(text, operation) == sides


def test_a_single_item_sum_has_one_side() -> None:
    # "一共" with one item is a lookup in disguise: no second operand to add
    text = "基础设施项目一共有多少个？"
    assert analyse(text).operation == "sum"
    assert split_sides(text, "sum") == [text]


def test_a_share_without_a_whole_has_one_side() -> None:
    assert split_sides("工业项目占比是多少？", "share") == ["工业项目占比是多少？"]
