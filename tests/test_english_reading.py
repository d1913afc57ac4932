"""Issue 8, classes 1 and 5: English questions asking a rate of change ("by how much did X fall"), English
phrases whose Chinese term the index holds only in pieces (可支配收入 as 可 + 支配 + 收入), and the figure of
the item asked over a narrower kind of it. Every sentence here is invented (an imaginary city, 云川市)."""

from __future__ import annotations

from passages import figure_candidates

from assistant.answer import _unasked_modifier
from assistant.bilingual import frequency_in
from assistant.question import analyse

TRAVEL = "1-7月，云川市旅游服务进出口300亿元，下降12.5%，其中出口下降20.1%，进口下降10.2%。"


def test_by_how_much_did_it_fall_asks_a_rate() -> None:
    assert analyse("By how much did the sales value of commercial housing fall in the first half?").unit_class \
        == "percent"
    assert analyse("By how much did exports grow from January to July?").unit_class == "percent"
    # an amount asked in yuan stays an amount; "how much … worth" is no change
    assert analyse("By how much yuan did exports grow?").unit_class == "money"
    assert analyse("How much was the project worth?").unit_class == "money"


def test_a_phrase_indexed_in_pieces_with_a_one_character_prefix_is_found() -> None:
    frequency = frequency_in({"可": 5, "支配": 3, "收入": 9, "人均": 4, "床": 2, "位": 7})
    assert frequency("可支配收入") == 3 and frequency("人均可支配收入") == 3
    assert frequency("床位") == 0  # two one-character words share no phrase


def test_a_word_the_question_lacks_before_the_asked_item_marks_a_narrower_kind() -> None:
    # the predicate behind preferring the item's own figure (in English questions the closeness in meaning
    # reorders candidates, and "进口下降10.2%" may rise above the item's "下降12.5%")
    figs = figure_candidates(TRAVEL)
    asked = ["旅游", "服务", "进出口", "下降"]
    assert _unasked_modifier(figs["10.2%"], asked)  # "，进口下降": 进口 is a part the question does not ask
    assert not _unasked_modifier(figs["12.5%"], asked)  # "下降": the item's own rate
    other = figure_candidates("其中，服务出口800亿元；我国服务进出口总额2000亿元；知识密集型服务出口500亿元。")
    assert not _unasked_modifier(other["800亿元"], ["服务", "出口"])  # 其中 qualifies nothing
    assert not _unasked_modifier(other["2000亿元"], ["服务", "进出口"])  # nor 我国
    assert _unasked_modifier(other["500亿元"], ["服务", "出口"])
    dated = figure_candidates("利润总额5210.4亿元，同比增长12.0%，比2021年同期增长20.6%。")
    assert not _unasked_modifier(dated["20.6%"], ["利润", "增长"])  # a period (同期) dates it, names no item


def test_completion_rate_is_read_whole() -> None:
    from assistant.bilingual import english_terms

    frequency = frequency_in({"投资": 6, "完成率": 2, "完成": 9, "项目": 8})
    terms = english_terms("What was the investment completion rate of the major projects?", frequency)
    assert "完成率" in terms.attribute and "完成" not in terms.attribute
