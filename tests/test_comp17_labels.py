"""Issue 8, class 1 (which figure answers): a comparison basis asked (同比) names no subject, so a rate the
text writes bare under a sentence that said 同比 once answers its own item; and an attribute that ends in a
change word (新增) asks the change written beside it, not the level. Invented sentences (云川省)."""

from __future__ import annotations

from passages import ask_passages, states

TRADE = ("一季度云川省外贸同比增长9.1%。\n"
         "一季度，云川省货物贸易进出口总值2.4万亿元，同比增长9.1%。其中，出口1.3万亿元，增长12.2%；"
         "进口1.1万亿元，增长5.6%。")
SHOPS = ("云川餐饮的门店在2019年是300家，2020年新增了120家，2021年上半年新增了80家，截至2021年6月30日，"
         "门店数量达到了500家。")


def test_a_bare_rate_under_a_tongbi_sentence_answers_its_own_item() -> None:
    answer = ask_passages("一季度出口同比增长了多少？", TRADE)
    assert states(answer, "12.2%") and not states(answer, "9.1%"), answer.text


def test_a_new_additions_question_takes_the_change_not_the_level() -> None:
    answer = ask_passages("2021年上半年云川餐饮新增了多少家门店？", SHOPS)
    assert states(answer, "80家") and not states(answer, "500家"), answer.text

