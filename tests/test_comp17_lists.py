"""Issue 8, classes 1 and 7 (which figure answers; how figures combine) read by the question's structure:
a joining character inside a word (提及) splits no list, a list's context (the subject joined by 与 before
it, a qualifier ending in 的) is no item, the 比 of 占比 compares nothing, "A的占比是B的多少倍" is a multiple,
a listed group's shares add up, and a sum takes counts of one thing only. Every sentence is invented (an
imaginary province, 云川省); nothing from the article or any eval set."""

from __future__ import annotations

from passages import ask_passages, states

from assistant.question import analyse, split_sides
from assistant.vocabulary import joins_inside_words, list_items

MENTIONS = "报告中，云川市被单独提及9次，仅次于青岚的15次和白岭的10次。全省共有7座港口。"
TRADE = "前5个月，云川省进出口总值1.2万亿元。其中，与甲国、乙国和丙国分别进出口1500亿元、1200亿元和800亿元。"
VISITORS = ("端午假期，青年游客在出游人群中占比达40%，成为出游主力；中年游客位列第二，占比30%；"
            "少年游客表现不俗，占比18%。")
RANKING = ("全省财力前五的城市依次是：云川、青岚、白岭、东港和西陵。云川市一季度完成一般公共预算收入300亿元。"
           "青岚市一季度完成一般公共预算收入210亿元。白岭市一季度完成一般公共预算收入150亿元。")


def test_a_joining_character_inside_a_word_joins_no_items() -> None:
    text = "报告单独提及青岚、白岭和云川的次数"
    assert text.index("及") in joins_inside_words(text)
    assert all("提" not in item or "提及" in item for item in list_items(text))
    assert split_sides(f"{text}一共是多少？", "sum") == ["青岚的次数", "白岭的次数", "云川的次数"]


def test_the_subject_joined_before_a_list_is_no_item() -> None:
    sides = split_sides("前5个月云川省与甲国、乙国和丙国的进出口加起来是多少？", "sum")
    assert sides == ["甲国的进出口", "乙国的进出口", "丙国的进出口"]
    answer = ask_passages("前5个月云川省与甲国、乙国和丙国的进出口加起来是多少？", TRADE)
    assert states(answer, "3500亿元") and not states(answer, "1.2万亿元"), answer.text


def test_a_qualifier_ending_in_de_before_a_list_is_said_of_the_whole_list() -> None:
    question = "全省财力前五的云川、青岚、白岭一季度一般公共预算收入一共多少？"
    assert split_sides(question, "sum")[0].startswith("云川")
    answer = ask_passages(question, RANKING)
    assert states(answer, "660亿元"), answer.text


def test_each_item_takes_the_figure_written_after_it_and_counts_of_one_thing() -> None:
    answer = ask_passages("报告单独提及青岚、白岭和云川的次数一共是多少？", MENTIONS)
    assert states(answer, "34次"), answer.text  # 15次 + 10次 + 9次; 7座 counts ports, not mentions


def test_the_bi_of_zhanbi_compares_nothing() -> None:
    q = analyse("青年游客的出游占比比中年游客高几个百分点？")
    assert q.operation == "difference"
    assert split_sides(q.text, "difference") == ["青年游客的出游占比", "中年游客"]


def test_a_share_as_a_multiple_of_another_is_a_multiple() -> None:
    q = analyse("青年游客的出游占比是少年游客的多少倍？")
    assert q.operation == "multiple"
    assert split_sides(q.text, "multiple") == ["青年游客的出游占比", "少年游客"]
    answer = ask_passages("青年游客的出游占比是少年游客的多少倍？", VISITORS)
    assert states(answer, "2.22倍"), answer.text  # 40% ÷ 18%: two shares, the result in 倍


def test_the_shares_of_a_listed_group_add_up() -> None:
    answer = ask_passages("青年游客、中年游客、少年游客三个人群合计占出游人群的多少？", VISITORS)
    assert states(answer, "88%"), answer.text
