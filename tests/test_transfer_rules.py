"""Issue 8 rules that carry to unseen documents (classes 1, 6, 7 and 8): a rate's earlier level from its change
in points, a level never answered by a change in points, an average over a listed group, a difference
between items of one list, a standard ratio asked by its name alone, a rate named once for a list of
figures after it, and follow-ups whose period points back (同期, 当年) or whose English wording names only a
new name or quantity. Every sentence is invented (an imaginary city, 青禾市); nothing from any eval set."""

from __future__ import annotations

import pytest
from passages import ask_passages, nodes_of, refused, states

from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import TermStats
from assistant.chat import resolve
from assistant.compute import UnitMismatch, combine, points_base
from assistant.hints import with_hints
from assistant.question import analyse, asks_level, asks_previous_period
from assistant.types import Answer
from tests.passages import figure_candidates

RATES = "全市城镇调查失业率为5.1%，比上年下降0.4个百分点。居民消费价格上涨1.8%，涨幅比上年提高0.9个百分点。"
DISTRICTS = "1-9月，东林、西岭、南湖三个区分别完成固定资产投资120亿元、95亿元和85亿元。"
COMPANY = "公司全年实现营业收入86.4亿元，同比增长12.5%；净利润9.72亿元，同比增长18.3%。"
MONTHS = ("上半年，全市城镇调查失业率平均为5.4%。其中，3月份，全市城镇调查失业率为5.9%；"
          "4、5月份连续回落，分别为5.6%、5.2%。")


# -- a rate's earlier level: moved back by its change in points, never divided by (1 + g) -------------------

def test_points_base_adds_a_fall_and_takes_off_a_rise() -> None:
    figs = figure_candidates(RATES)
    fell = points_base(figs["5.1%"], figs["0.4个百分点"], fell=True)
    assert fell.expression == "5.1% + 0.4个百分点 = 5.5%" and not fell.rounded
    rose = points_base(figs["1.8%"], figs["0.9个百分点"], fell=False)
    assert rose.expression == "1.8% − 0.9个百分点 = 0.9%"
    with pytest.raises(UnitMismatch):
        points_base(figs["0.4个百分点"], figs["0.9个百分点"], fell=True)


def test_last_years_rate_is_this_years_moved_back_by_its_points() -> None:
    answer = ask_passages("上年城镇调查失业率是多少？", RATES)
    assert states(answer, "5.5%") and "0.4个百分点" in answer.text
    assert answer.text.startswith("5.5%")  # this year's 5.1% is only in the working, never the answer


def test_last_years_rate_without_a_stated_change_is_refused() -> None:
    answer = ask_passages("去年的城镇调查失业率是多少？", "全市城镇调查失业率为5.1%。全市常住人口320万人。")
    assert refused(answer)


# -- a level asked: a change in points does not answer ----------------------------------------------------

def test_a_level_question_is_told_from_a_change_question() -> None:
    assert asks_level("城镇调查失业率是多少？") and asks_level("What was the unemployment rate?")
    assert not asks_level("失业率比上年下降了多少个百分点？") and not asks_level("How much did the rate fall?")


def test_a_rate_level_is_not_answered_by_its_change_in_points() -> None:
    text = "全市城镇调查失业率回落0.3个百分点。12月份，全市城镇调查失业率为5.0%。"
    answer = ask_passages("12月份全市城镇调查失业率是多少？", text)
    assert states(answer, "5.0%") and not states(answer, "0.3个百分点")


# -- a rate named once for the figures listed after it -----------------------------------------------------

def test_a_rate_named_before_a_respectively_list_answers_for_its_months() -> None:
    answer = ask_passages("5月份全市城镇调查失业率是多少？", MONTHS)
    assert states(answer, "5.2%")


# -- computations over listed groups -----------------------------------------------------------------------

def test_an_average_over_a_listed_group_is_the_mean_of_the_list() -> None:
    answer = ask_passages("三个区平均完成固定资产投资多少？", DISTRICTS)
    assert states(answer, "100亿元") and "÷ 3" in answer.text and "三个 =" not in answer.text


def test_an_average_over_a_group_of_another_size_is_not_the_lists_mean() -> None:
    answer = ask_passages("四个区平均完成固定资产投资多少？", DISTRICTS)
    assert not states(answer, "100亿元") and not states(answer, "75亿元")


def test_a_verb_between_more_and_how_much_still_asks_a_difference() -> None:
    assert analyse("东林区比南湖区多完成多少投资？").operation == "difference"
    answer = ask_passages("东林区比南湖区多完成多少投资？", DISTRICTS)
    assert states(answer, "35亿元") and "120亿元 − 85亿元" in answer.text


def test_a_standard_ratio_asked_by_its_name_alone() -> None:
    answer = ask_passages("净利率是多少？", COMPANY)
    assert states(answer, "11.25%") and "9.72亿元 ÷ 86.4亿元" in answer.text


def test_a_ratio_whose_terms_the_text_lacks_is_refused() -> None:
    assert refused(ask_passages("资产负债率是多少？", COMPANY))


# -- follow-ups ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("earlier", "follow", "resolved"), [
    ("青禾公司2022年营业收入是多少？", "该公司同期净利润是多少？", "青禾公司2022年净利润是多少？"),
    ("青禾公司2022年营业收入是多少？", "当年净利润是多少？", "青禾公司2022年净利润是多少？"),
    ("What were Qinghe exports in 2021?", "What about imports?", "What were Qinghe imports in 2021?"),
    ("What was the GDP of Qinghe in 2021?", "And Baishan?", "What was the GDP of Baishan in 2021?"),
    ("What was Qinghe's GDP in 2021?", "What about Baishan?", "What was Baishan's GDP in 2021?"),
    ("What was the net profit of the company in 2022?", "What about operating revenue?",
     "What was the operating revenue of the company in 2022?"),
])
def test_a_follow_up_replaces_only_the_slot_it_names(earlier: str, follow: str, resolved: str) -> None:
    """(the earlier answer plays no part in these)"""
    assert resolve(follow, [(earlier, "…")]) == resolved


def test_an_english_follow_up_with_a_year_still_swaps_the_year() -> None:
    assert resolve("And in 2021?", [("What was the net profit of the company in 2022?", "…")]) == \
        "What was the net profit of the company in 2021?"


# -- changes against the year before ------------------------------------------------------------------------

TRADE = "全年完成进出口总额820亿元，增长7.5%。其中，出口510亿元，增长9.2%；进口310亿元，增长4.8%。"
LEVELS = "2023年，青禾市地区生产总值为3200亿元，2022年为3000亿元。全市粮食产量达到120万吨，比上年增加6万吨。"


def test_more_than_last_year_is_the_increment_not_another_items_gap() -> None:
    answer = ask_passages("出口比上年增加了多少亿元？", TRADE)
    assert states(answer, "42.97亿元") and "510亿元 ÷ (1 + 9.2%)" in answer.text
    assert "310亿元" not in answer.text  # 进口 is no 出口 of last year


def test_the_gap_between_two_named_items_without_a_unit_asked() -> None:
    assert analyse("进口和出口的差额是多少？").operation == "difference"
    answer = ask_passages("进口和出口的差额是多少？", TRADE)
    assert states(answer, "200亿元") and "510亿元 − 310亿元" in answer.text


def test_an_amount_word_ending_in_e_is_found_by_its_stem() -> None:
    assert states(ask_passages("出口额是多少？", TRADE), "510亿元")
    answer = ask_passages("去年出口额是多少？", TRADE)
    assert states(answer, "467.03亿元")


def test_a_growth_rate_from_the_two_years_levels() -> None:
    answer = ask_passages("2023年地区生产总值比2022年增长了多少？", LEVELS)
    assert states(answer, "6.67%") and "(3200亿元 − 3000亿元) ÷ 3000亿元" in answer.text


def test_a_growth_rate_from_a_level_and_its_change() -> None:
    answer = ask_passages("粮食产量增长了百分之多少？", LEVELS)
    assert states(answer, "5.26%") and "6万吨 ÷ (120万吨 − 6万吨)" in answer.text


def test_a_growth_rate_needs_both_years_levels() -> None:
    assert refused(ask_passages("2023年地区生产总值比2021年增长了多少？", LEVELS))


# -- the document's own place, named once ---------------------------------------------------------------------

def test_a_place_named_once_answers_for_the_whole_place_sentences() -> None:
    title = "江西省1—9月重点项目推进情况通报。"
    body = "1—9月，全省重点项目加速推进，860个重点项目开工812个，完成投资3120.5亿元。"
    answer = ask_passages("江西1—9月重点项目开工了多少个？", title, body)
    assert states(answer, "812个")


def test_a_place_the_document_never_names_is_still_refused() -> None:
    body = "1—9月，全省重点项目加速推进，860个重点项目开工812个，完成投资3120.5亿元。"
    assert refused(ask_passages("湖南1—9月重点项目开工了多少个？", "江西省重点项目推进情况通报。", body))


# -- counters and abstention ----------------------------------------------------------------------------------

TOURISM = "全年接待游客1250万人次，增长18.6%；实现旅游收入156亿元。全体居民人均可支配收入52000元，增长5.1%。"


def test_a_two_character_counter_is_read_whole() -> None:
    assert analyse("接待游客多少人次？").counter == "人次"
    assert states(ask_passages("接待游客多少人次？", TOURISM), "1250万人次")


def test_a_quantity_the_index_holds_in_pieces_is_named() -> None:
    # 社会消费品零售总额 is indexed as 社会 + 消费品 + 零售 + 总额: still a quantity the documents name
    text = "全年全市社会消费品零售总额1850.2亿元，增长6.8%。"
    assert states(ask_passages("社会消费品零售总额达到多少亿元？", text), "1850.2亿元")


def test_an_amount_per_person_is_not_answered_by_a_total() -> None:
    assert refused(ask_passages("游客人均旅游收入多少元？", "全年接待游客1250万人次；实现旅游收入156亿元。"))


# -- English: the quantity that grew says which rate ------------------------------------------------------------

def _ask_english(question: str, *texts: str) -> Answer:
    """The engine's answer to an English question, with the Chinese words CC-CEDICT gives for it (the hints
    the assistant adds before answering), on these passages alone."""
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    return FigureAnswerSynthesizer(stats).answer(with_hints(question, stats), nodes)


def test_how_fast_the_named_quantity_grew_not_the_nearest_growth() -> None:
    text = ("一季度，全市实现地区生产总值2150.6亿元，按可比价格计算同比增长4.6%。其中，第一产业增长2.1%，"
            "第二产业增长0.8%。")
    answer = _ask_english("How fast did the GDP grow in the first quarter?", text)
    assert states(answer, "4.6%") and not states(answer, "0.8%")


def test_a_change_of_another_thing_does_not_answer_for_the_asked_one() -> None:
    text = ("1-9月，全市货物进出口总额980.5亿元，同比增长3.2%；其中进口402.3亿元，下降2.5%，带动货物贸易"
            "逆差下降36%至1.2亿元。")
    answer = ask_passages("1-9月货物进口同比下降了多少？", text)
    assert states(answer, "2.5%") and not states(answer, "36%")


# -- dev 5 classes: indicators read as operations, multiples, shares by 相当于, units and currencies -----------

def test_a_two_year_average_growth_is_an_indicator_not_a_mean() -> None:
    assert analyse("青禾GDP两年平均增长多少？").operation == "lookup"
    assert analyse("东林、西岭和南湖的平均增速是多少？").operation == "average"
    text = "2023年青禾地区生产总值比2021年增长8.2%，两年平均增长4.0%。"
    answer = ask_passages("青禾地区生产总值两年平均增长多少？", text)
    assert states(answer, "4.0%") and "÷" not in answer.text


def test_how_many_times_one_figure_is_another() -> None:
    assert analyse("手续费及佣金净收入是利息净收入的多少倍？").operation == "multiple"
    text = "上半年，手续费及佣金净收入24.41亿元，利息净收入9.6亿元。"
    answer = ask_passages("手续费及佣金净收入是利息净收入的多少倍？", text)
    assert answer.text.startswith("约2.54倍") and "24.41亿元 ÷ 9.6亿元" in answer.text


def test_equal_to_what_percent_of_is_a_share() -> None:
    text = "青禾机场货邮吞吐量18万吨，白山机场货邮吞吐量121万吨。"
    answer = ask_passages("青禾机场货邮吞吐量相当于白山机场的百分之几？", text)
    assert states(answer, "14.88%") and "18万吨 ÷ 121万吨" in answer.text


def test_counts_of_different_things_are_not_added() -> None:
    figs = figure_candidates("集装箱吞吐量17万标箱，新开航线14个。")
    with pytest.raises(UnitMismatch):
        combine("sum", [figs["17万标箱"], figs["14个"]])
    both = figure_candidates("新签约项目12项，新开工项目5个。")  # 项 and 个 both count projects
    assert combine("sum", [both["12项"], both["5个"]]).value == 17


def test_an_amount_asked_in_another_currency_is_refused() -> None:
    text = "一季度，我国货物贸易进出口总值9.42万亿元人民币，同比增长10.7%。"
    assert refused(ask_passages("以美元计，一季度我国进出口总值是多少？", text))
    assert states(ask_passages("一季度我国进出口总值是多少？", text), "9.42万亿元")
    both = text + "以美元计，进出口总值1.48万亿美元，增长13%。"
    answer = ask_passages("以美元计，一季度我国进出口总值是多少？", both)
    assert states(answer, "1.48万亿美元") and not states(answer, "9.42万亿元")


def test_a_year_before_the_stated_one_backed_out_from_its_growth() -> None:
    text = "2021年，青禾市实现地区生产总值15695亿元，比上年增长6.6%。"
    answer = ask_passages("据增速推算，青禾市2020年地区生产总值大约是多少？", text)
    assert states(answer, "14723.26亿元") and "15695亿元 ÷ (1 + 6.6%)" in answer.text


def test_an_amounts_growth_is_not_answered_by_points_it_added() -> None:
    text = "全市进出口拉动全省外贸增长0.8个百分点，全市进出口增长6.2%。"
    answer = ask_passages("全市进出口增长了多少？", text)
    assert states(answer, "6.2%") and not states(answer, "0.8个百分点")


def test_a_rate_moved_in_points_from_the_period_asked() -> None:
    text = "截至去年年末，该行核心一级资本充足率较2019年末上升0.66个百分点至9.25%。"
    answer = ask_passages("2019年末该行核心一级资本充足率是多少？", text)
    assert answer.text.startswith("8.59%") and "9.25% − 0.66个百分点" in answer.text
    assert states(ask_passages("该行核心一级资本充足率是多少？", text), "9.25%")


def test_how_many_years_before_a_noun_asks_an_annual_figure() -> None:
    assert analyse("新建航站楼可满足多少年旅客吞吐量？").unit_class != "time"
    assert analyse("这个项目建设需要多少年？").unit_class == "time"
    answer = ask_passages("新建航站楼可满足多少年旅客吞吐量？", "新建航站楼设计可满足年旅客吞吐量5500万人次。")
    assert states(answer, "5500万人次")


@pytest.mark.parametrize(("earlier", "follow", "resolved"), [
    ("青禾银行2020年配股募集资金多少？", "该行发行了多少永续债？", "青禾银行2020年发行了多少永续债？"),
    ("青禾银行去年末核心一级资本充足率是多少？", "那资本充足率呢？", "青禾银行去年末资本充足率是多少？"),
])
def test_a_same_subject_question_and_a_shorter_quantity_name(earlier: str, follow: str, resolved: str) -> None:
    assert resolve(follow, [(earlier, "…")]) == resolved


def test_last_years_end_is_a_balance_date_not_a_period_to_back_out() -> None:
    assert not asks_previous_period("青禾银行去年末资本充足率是多少？")
    assert asks_previous_period("青禾银行去年的净利润是多少？")
    text = "青禾银行年内发行了200亿元永续债，截至去年年末资本充足率为14.47%，净利润同比增长1.2%。"
    assert states(ask_passages("青禾银行去年末资本充足率是多少？", text), "14.47%")


# -- round 2: derived differences (顺差 = 出口 − 进口) and item names written with 及 ------------------------

GOODS = ("一季度，青禾市货物贸易进出口总值1.2万亿元，同比增长8.1%。其中，出口7200亿元，增长9.4%；进口4800亿元，"
         "增长6.2%。")
INCOME = ("公司手续费及佣金净收入为24.4亿元，同比增长30%；利息净收入9.6亿元，增长12%。投资收益及公允价值变动损益"
          "共计6.5亿元。")


def test_a_surplus_is_exports_less_imports_of_one_sentence() -> None:
    answer = ask_passages("一季度青禾市货物贸易顺差是多少？", GOODS)
    assert states(answer, "2400亿元") and "7200亿元 − 4800亿元" in answer.text
    assert "1.2万亿元" not in answer.text  # 出口 inside 进出口 labels no export figure


def test_a_deficit_asked_of_a_surplus_says_which_it_is() -> None:
    answer = ask_passages("一季度青禾市货物贸易逆差是多少？", GOODS)
    assert states(answer, "2400亿元") and "顺差" in answer.text


def test_a_stated_surplus_is_looked_up_not_computed() -> None:
    answer = ask_passages("一季度青禾市货物贸易顺差是多少？", "一季度，青禾市货物贸易顺差为2350亿元，出口7200亿元。")
    assert states(answer, "2350亿元") and "−" not in answer.text


def test_a_stated_difference_of_a_longer_period_gives_way_to_the_months_asked() -> None:
    text = ("今年1-7月，青禾市服务进出口总额2809亿元；其中出口1337亿元，进口1472亿元，服务贸易逆差下降70%至135亿元。"
            "7月份，青禾市服务进出口总额431.9亿元；其中出口208.8亿元，进口223.1亿元。")
    answer = ask_passages("7月份服务贸易逆差是多少亿元？", text)
    assert states(answer, "14.3亿元") and "223.1亿元 − 208.8亿元" in answer.text


def test_a_surplus_without_both_sides_is_refused() -> None:
    assert refused(ask_passages("一季度青禾市货物贸易顺差是多少？", "一季度，青禾市出口7200亿元，增长9.4%。"))


def test_items_whose_names_hold_ji_are_added_whole() -> None:
    answer = ask_passages("手续费及佣金净收入和利息净收入合计多少？", INCOME)
    assert states(answer, "34亿元") and "24.4亿元 + 9.6亿元" in answer.text
    answer = ask_passages("手续费及佣金净收入、利息净收入和投资收益及公允价值变动损益三项加起来是多少？", INCOME)
    assert states(answer, "40.5亿元")


def test_ji_between_two_items_each_given_a_figure_still_lists_them() -> None:
    from assistant.question import split_sides, whole_items
    question = "研发费用及销售费用和管理费用合计多少？"
    sides = split_sides(question, "sum")
    assert len(sides) == 3
    listed = "公司研发费用及销售费用分别为3.1亿元和2.4亿元，管理费用1.2亿元。"
    assert len(whole_items(question, sides, [listed])) == 3
    written = "公司研发费用及销售费用合计5.5亿元，管理费用1.2亿元。"
    assert whole_items(question, sides, [written]) == ["研发费用及销售费用", "管理费用"]


def test_a_name_tagged_word_inside_an_items_name_is_no_subject() -> None:
    text = ("公司手续费及佣金净收入为24.4亿元，同比增长30%。利息净收入（以两融业务为主）则为9.6亿元。"
            "投资收益及公允价值变动损益共计6.5亿元，同比增长59%。")
    answer = ask_passages("手续费及佣金净收入、利息净收入和投资收益及公允价值变动损益三项加起来是多少？", text)
    assert states(answer, "40.5亿元") and "24.4亿元 + 9.6亿元 + 6.5亿元" in answer.text


# -- shares: a stated share of another part, a whole smaller than its part ---------------------------------

def test_a_stated_share_must_name_a_part_named_by_quantity_words_alone() -> None:
    from assistant.answer import _states_share_of
    other = figure_candidates("截至2020年末，国有主体持股合计占比为56.3%。")["56.3%"]
    assert not _states_share_of(other, ["净利息收入", "营收"])  # 收入 alone names this part: no 收入 there
    own = figure_candidates("净利息收入占营收的比重为71.1%。")["71.1%"]
    assert _states_share_of(own, ["净利息收入", "营收"])


def test_a_whole_smaller_than_its_part_is_another_items_figure() -> None:
    text = ("一季度，青禾市货物贸易进出口总值9.4万亿元，同比增长10%。其中，出口5.2万亿元，增长13%；进口4.2万亿元。"
            "一季度，青禾市与东州进出口3500亿元，增长3.5%。")
    answer = ask_passages("一季度出口占进出口总值的比重是多少？", text)
    assert states(answer, "55.32%") and "5.2万亿元 ÷ 9.4万亿元" in answer.text


def test_a_rate_averaged_over_a_group_is_the_mean_of_its_list() -> None:
    text = ("一季度，青禾市对前三大贸易伙伴东州、西州和南州进出口分别增长6%、9%和12%，"
            "合计拉动进出口整体增长4.8个百分点。")
    answer = ask_passages("前三大贸易伙伴进出口的平均增速是多少？", text)
    assert states(answer, "9%") and "(6% + 9% + 12%) ÷ 3" in answer.text


def test_a_rate_averaged_without_a_list_is_refused() -> None:
    text = "一季度，青禾市对东州进出口增长6%，对西州进出口增长9%。"
    assert refused(ask_passages("前五大贸易伙伴进出口的平均增速是多少？", text))


# -- a share's earlier level from "较上年提升X个百分点至Y%" ---------------------------------------------------------

SHARES = "全市民营企业进出口1.2万亿元，同比增长9.5%，所占比重较上年提升2.4个百分点至51.6%。"


def test_a_shares_name_is_no_comparison() -> None:
    # 比 inside 比重 / 比例 / 占比 compares nothing: the question still asks a level, and last year's
    assert asks_level("民营企业进出口所占比重是多少？") and asks_previous_period("上年民营企业进出口所占比重是多少？")
    assert not asks_level("民营企业进出口占比比上年提高了多少？")


@pytest.mark.parametrize("question", ["上年民营企业进出口所占比重是多少？", "去年同期民营企业进出口所占比重是多少？"])
def test_last_years_share_is_the_level_it_rose_to_less_the_rise_in_points(question: str) -> None:
    answer = ask_passages(question, SHARES)
    assert states(answer, "49.2%") and "51.6% − 2.4个百分点" in answer.text
