"""Issue 8, failure classes 1 and 8: a figure of a 分别 enumeration is the listed item's at its position, and a
rate measured on another basis (环比 for 同比) is no answer. Every sentence is invented (the rules were found on
the dev2/dev3 documents, none of whose sentences is used).
"""

from __future__ import annotations

from passages import ask_passages, refused, states

from assistant.question import analyse

TRADE = ("出口增长较快的领域是光学仪器、医疗器械、船舶配件，分别增长31.2%、18.6%、12.4%。"
         "进口增长较快的领域是农产品和医疗器械，分别增长9.7%和6.3%。")


def test_the_item_asked_takes_the_figure_at_its_position() -> None:
    """医疗器械 is listed in both sentences; its export growth is the second figure of the export list,
    though 31.2% carries the list's label (分别增长) and 6.3% sits beside the words 医疗器械."""
    answer = ask_passages("医疗器械出口增长多少？", TRADE)
    assert states(answer, "18.6%") and not states(answer, "31.2%") and not states(answer, "6.3%")
    answer = ask_passages("医疗器械进口增长多少？", TRADE)
    assert states(answer, "6.3%") and not states(answer, "9.7%")


def test_a_list_ending_on_its_noun_names_its_items_before_it() -> None:
    text = "一季度全市工业平稳。其中纺织、化纤、造纸等行业产值分别增长6.4%、9.1%和3.3%。"
    answer = ask_passages("化纤产值增长多少？", text)
    assert states(answer, "9.1%") and not states(answer, "6.4%")


def test_items_named_by_figures_take_their_figures() -> None:
    """The items are age groups, figures themselves ("25-34岁、35-49岁人口"); the list ends on its noun."""
    text = "5月份，全省城镇调查失业率为5.2%。25-34岁、35-49岁人口调查失业率分别为4.9%、3.8%。"
    assert analyse("5月份25-34岁人口调查失业率是多少？").unit_class == "percent"
    answer = ask_passages("5月份25-34岁人口调查失业率是多少？", text)
    assert states(answer, "4.9%") and not states(answer, "3.8%")
    answer = ask_passages("5月份35-49岁人口调查失业率是多少？", text)
    assert states(answer, "3.8%") and not states(answer, "4.9%")


def test_a_month_on_month_rate_does_not_answer_a_year_on_year_question() -> None:
    """同比 and 环比 (labels.tsv "basis") measure against different periods: one is no answer for the other."""
    text = "6月份，全省居民消费价格环比上涨0.4%，其中猪肉价格环比上涨3.1%。"
    assert refused(ask_passages("6月份全省居民消费价格同比上涨多少？", text))
    assert states(ask_passages("6月份全省居民消费价格环比上涨多少？", text), "0.4%")
