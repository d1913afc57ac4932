"""Reading figure-dense Chinese text right (issue 8, classes 1, 3, 4, 8, 9): which figure a question's
attribute, entity and period pick, which aliases name the same indicator, and when no figure answers.

Every passage here is invented (places and figures included); the engine reads them through the real
synthesizer, the real number parser, jieba and the lexicon files."""

from __future__ import annotations

from passages import ask_passages, nodes_of, refused, states

from assistant.candidates import Passage, TermStats, score_candidates
from assistant.question import analyse
from assistant.vocabulary import attribute_words, label_words

# -- class 2 (vocabulary): an alias is the indicator, not the indicator plus its pieces ---------------------

def test_an_alias_asks_the_indicator_without_its_pieces() -> None:
    for asked in ("云岭省2023年GDP是多少？", "云岭省2023年的经济总量是多少？", "云岭省2023年生产总值是多少？"):
        q = analyse(asked)
        assert q.attributes == ["地区生产总值"], (asked, q.attributes)
        assert "地区" not in q.terms and "总值" not in q.terms, q.terms
    q = analyse("海川市规上工业增加值增长多少？")
    assert "规模以上" in q.terms and "规模" not in q.terms and "以上" not in q.terms


def test_gdp_asked_any_way_is_answered_from_a_text_writing_another_name() -> None:
    text = "2023年，云岭省地区生产总值为35210.6亿元，比上年增长5.8%。海川省GDP为28740.2亿元。"
    for asked in ("云岭省2023年GDP是多少？", "云岭省2023年经济总量是多少？"):
        assert states(ask_passages(asked, text), "35210.6亿元"), asked
    assert states(ask_passages("海川省的地区生产总值是多少？", text), "28740.2亿元")


# -- class 1: attribute <-> figure in dense sentences ------------------------------------------------------

DENSE = ("2023年，云岭省第二产业增加值9120.5亿元，增长6.2%，两年平均增长4.9%；"
         "服务业对经济增长的贡献率为61.3%。")


def test_a_qualified_rate_binds_to_its_own_figure() -> None:
    assert states(ask_passages("云岭省第二产业增加值两年平均增长多少？", DENSE), "4.9%")
    plain = ask_passages("云岭省第二产业增加值增长多少？", DENSE)
    assert states(plain, "6.2%") and not states(plain, "4.9%")


def test_a_contribution_share_is_not_the_growth_rate() -> None:
    text = "2023年，云岭省服务业增加值增长7.1%。服务业对经济增长的贡献率为61.3%。"
    growth = ask_passages("云岭省服务业增加值增长多少？", text)
    assert states(growth, "7.1%") and not states(growth, "61.3%")
    assert states(ask_passages("服务业对经济增长的贡献率是多少？", text), "61.3%")


def test_qualified_attribute_words_are_data() -> None:
    classes, _, written = attribute_words()
    assert "两年平均" in label_words("qualifier")
    assert classes["两年平均增长"] == "percent"
    assert "平均增长" in written["两年平均增长"]  # 两年 may be read as a figure of its own


def test_a_change_is_not_the_level_and_the_level_is_not_the_change() -> None:
    text = "2023年，海川省地区生产总值为28740.2亿元，比2022年的26110.4亿元增加了2629.8亿元。"
    level = ask_passages("海川省2023年地区生产总值是多少？", text)
    assert states(level, "28740.2亿元") and not states(level, "2629.8亿元")
    change = ask_passages("海川省2023年地区生产总值比2022年增加了多少？", text)
    assert states(change, "2629.8亿元")


def test_a_stated_exact_figure_beats_the_threshold_it_passed() -> None:
    text = "全年粮食总产量稳定，社会消费品零售总额突破2万亿元大关，达到21436.8亿元。"
    a = ask_passages("社会消费品零售总额达到多少亿元？", text)
    assert states(a, "21436.8亿元") and not states(a, "2万亿元")


def test_a_year_in_the_figures_own_phrase_dates_it() -> None:
    text = ("从经济总量来看，海川省位居前列，为28740.2亿元。"
            "相比2022年海川省GDP总量26110.4亿元的数据，2023年海川省GDP总量增加了约2630亿元。")
    earlier = ask_passages("2022年海川省的GDP是多少？", text)
    assert states(earlier, "26110.4亿元")
    latest = ask_passages("海川省2023年GDP总量是多少？", text)
    assert states(latest, "28740.2亿元") and not states(latest, "26110.4亿元") and not states(latest, "2630亿元")


# -- classes 3 and 8: abstention when no clause states the asked attribute for the asked entity ------------

def test_an_indicator_no_passage_names_is_not_answered_by_another_rate() -> None:
    text = "2023年，云岭省社会消费品零售总额1.2万亿元，同比增长8.1%。外贸进出口总额6800亿元，同比增长3.2%。"
    assert refused(ask_passages("云岭省2023年固定资产投资增长多少？", text))
    assert states(ask_passages("云岭省2023年社会消费品零售总额是多少？", text), "1.2万亿元")


def test_a_figure_of_another_place_does_not_answer() -> None:
    first = "2023年，云岭省社会消费品零售总额1.2万亿元，同比增长8.1%。外贸进出口总额6800亿元，同比增长3.2%。"
    second = "海川省2023年地区生产总值为28740.2亿元，比上年增长5.1%。"
    assert refused(ask_passages("海川省2023年外贸进出口总额同比增长了多少？", first, second))
    assert states(ask_passages("云岭省2023年外贸进出口总额是多少？", first, second), "6800亿元")


def test_term_weight_of_an_indicator_the_index_holds_in_pieces() -> None:
    nodes = nodes_of("2023年，云岭省完成固定资产投资5600亿元，增长4.0%。", "云岭省社会消费品零售总额增长8.1%。",
                   "云岭省粮食总产量增长1.2%。", "云岭省居民消费价格上涨0.4%。", "云岭省工业用电量增长6.6%。")
    stats = TermStats(n.node for n in nodes)
    passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
    found = score_candidates(passages, stats, "percent", ["增长"], ["云岭", "固定资产投资"], [])
    assert found[0].figure.text == "4.0%"
    other = next(c for c in found if c.figure.text == "8.1%")
    assert "固定资产投资" in other.missing and "固定资产投资" in other.key_missing


def test_per_capita_is_another_quantity() -> None:
    text = "2023年，海川省地区生产总值突破3万亿元，人均GDP突破11万元。"
    assert states(ask_passages("海川省人均GDP突破了多少？", text), "11万元")
    total = ask_passages("海川省GDP突破了多少？", text)
    assert states(total, "3万亿元") and not states(total, "11万元")
    assert refused(ask_passages("海川省2023年人均GDP是多少元？", "2023年，海川省GDP为28740.2亿元，比上年增长5.1%。"))


def test_a_citys_districts_are_not_rival_places() -> None:
    # the city is named in most passages; a district named once is part of it, not another place
    city = ["云岭市2023年地区生产总值增长5.2%。", "云岭市社会消费品零售总额增长7.0%。", "云岭市工业用电量增长6.1%。"]
    plan = "推动东湖、南山等10个产业园区建设。2024年，力争新兴产业增加值达1.3万亿元。"
    assert states(ask_passages("2024年云岭市力争新兴产业增加值达到多少？", *city, plan), "1.3万亿元")


# -- class 9: context across sentences ----------------------------------------------------------------------

def test_a_year_set_earlier_in_the_paragraph_carries_to_later_sentences() -> None:
    text = "2023年，云岭省社会消费品零售总额1.2万亿元，同比增长8.1%。外贸进出口总额6800亿元，同比增长3.2%。"
    assert states(ask_passages("云岭省2023年外贸进出口总额是多少？", text), "6800亿元")


def test_same_period_words_are_no_entity() -> None:
    text = "1—9月份，全省规模以上工业企业实现利润总额5210.4亿元，同比增长12.0%，比2021年同期增长20.6%。"
    assert "同期" not in analyse("1—9月利润比2021年同期增长了多少？").terms
    assert states(ask_passages("1—9月利润比2021年同期增长了多少？", text), "20.6%")


def test_the_head_of_a_per_hundred_figure_binds() -> None:
    text = "每百元营业收入中的成本为84.10元，同比减少0.30元；每百元营业收入中的费用为8.20元。"
    a = ask_passages("每百元营业收入中的成本是多少元？", text)
    assert states(a, "84.10元") and not states(a, "8.20元")


# -- class 5: targets and plans ---------------------------------------------------------------------------------

PLAN = ("2024年，云岭市地区生产总值预期增长目标为5.5%左右，规模以上工业增加值增长6%。"
        "加大工业投资力度，全年工业投资增长10%以上。新增境内外上市公司20家以上。")


def test_a_target_asked_is_answered_by_the_figure_marked_as_one() -> None:
    assert states(ask_passages("2024年云岭市地区生产总值预期增长目标是多少？", PLAN), "5.5%")


def test_a_planned_bound_answers_a_target_question() -> None:
    q = analyse("全年工业投资增长目标是多少？")
    assert q.unit_class == "percent" and "目标" not in q.attributes and q.weights["目标"] == 0.0
    assert states(ask_passages("全年工业投资增长目标是多少？", PLAN), "10%以上")
    assert states(ask_passages("新增境内外上市公司的目标是多少家？", PLAN), "20家以上")


def test_a_name_with_he_inside_is_one_item() -> None:
    from assistant.question import split_sides

    assert split_sides("永泰钙业和天和建材的利税合计", "sum") == ["永泰钙业", "天和建材的利税"]
    assert split_sides("粤、苏、鲁三省的GDP合计", "sum") == ["粤", "苏", "鲁的GDP"]  # (三省 counts the items)
    text = ("天和建材改造项目建成后，预计年可实现产值4亿元、利税0.4亿元。"
            "永泰钙业项目建成后，预计年可实现产值2亿元、利税0.06亿元。")
    a = ask_passages("永泰钙业和天和建材这两个项目，谁的年利税更高？", text)
    assert states(a, "0.4亿元") and not states(a, "4亿元") and not states(a, "2亿元")


def test_a_rate_of_a_quantity_is_a_percent() -> None:
    q = analyse("重大项目投资完成率是多少？")
    assert q.unit_class == "percent" and q.attributes == ["完成率"]
    text = "1—6月，全区重大项目完成投资310.2亿元，投资完成率48.6%。东岭区投资下降12.4%，西岭区增长3.3%。"
    assert states(ask_passages("重大项目投资完成率是多少？", text), "48.6%")
    assert analyse("东岭区1—6月投资下降了多少？").unit_class == "percent"
    assert states(ask_passages("东岭区1—6月投资下降了多少？", text), "12.4%")
    assert analyse("山海市生产总值比2022年增加了多少？").unit_class == "money"  # a base: the amount


def test_a_name_written_only_after_the_figure_does_not_describe_it() -> None:
    text = ("从产业类别看，产业类项目210个，总投资8120.5亿元，投资占比30.2%。"
            "重点推进第9代显示面板生产线、星河新能源汽车产业园项目等项目建设。")
    others = ["基础设施类项目180个，总投资6400.2亿元。", "社会民生类项目96个，总投资1200.8亿元。",
              "2024年计划新开工项目88个。", "全年计划完成投资2100.4亿元。"]
    assert refused(ask_passages("星河新能源汽车产业园项目总投资是多少？", text, *others))
    assert states(ask_passages("产业类项目总投资是多少？", text, *others), "8120.5亿元")
    # the subject named in an earlier sentence still describes the figure
    named = "青山钙业年产20万吨氧化钙项目是异地搬迁项目。项目建成后，预计年可实现产值2亿元、利税0.1亿元。"
    assert states(ask_passages("青山钙业项目每年能实现多少利税？", named, *others), "0.1亿元")


def test_a_change_counted_in_a_unit_is_no_rate() -> None:
    assert analyse("新增了多少张床位？").unit_class == "count"
    assert analyse("投资下降了多少亿元？").unit_class == "money"


# -- class 2 (multi-part) and class 1: a qualified rate asked in a second part, a change asked in points -------

def test_a_qualified_second_part_asks_it_of_the_first_parts_subject() -> None:
    # "两年平均增长多少" names no new subject: it asks the first part's quantity, not the first such rate
    text = ("2023年，云岭省社会消费品零售总额2.31万亿元，同比增长6.2%，两年平均增长3.3%。"
            "云岭省地方一般公共预算收入为0.82万亿元，同比增长7.4%，两年平均增长4.9%。")
    a = ask_passages("云岭省地方一般公共预算收入是多少，两年平均增长多少？", text)
    assert states(a, "0.82万亿元") and states(a, "4.9%"), a.text
    assert not states(a, "3.3%"), a.text


def test_a_change_in_points_is_answered_by_the_figure_in_points() -> None:
    text = "2023年，云岭省高技术制造业增加值突破900亿元，占规上工业比重达21.4%，比上年提高1.3个百分点。"
    a = ask_passages("云岭省高技术制造业增加值占规上工业的比重比上年提高了几个百分点？", text)
    assert states(a, "1.3个百分点"), a.text
    assert not states(a, "21.4%"), a.text
    # a level stated with no change beside it is no answer in points
    b = ask_passages("云岭省高技术制造业增加值占规上工业的比重比上年提高了几个百分点？",
                     "2023年，云岭省高技术制造业增加值占规上工业比重达21.4%。")
    assert refused(b), b.text


def test_a_name_opening_a_later_part_of_the_sentence_is_not_the_earlier_figures_subject() -> None:
    text = ("2025年，青川第一产业增加值2210.4亿元，增长3.3%；第二产业增加值15210.8亿元，增长9.1%；"
            "第三产业增加值16030.2亿元，增长6.6%。")
    a = ask_passages("青川第二产业增长了多少？", text)
    assert states(a, "9.1%") and not states(a, "3.3%"), a.text


def test_the_exact_figure_after_a_round_bound_passed_is_the_amount() -> None:
    text = "青川全年一般公共预算收入突破2千亿元，达到2318.6亿元；社会消费品零售总额突破1万亿元，达到10236.2亿元。"
    a = ask_passages("青川一般公共预算收入是多少？", text)
    assert states(a, "2318.6亿元") and not states(a, "2千亿元"), a.text
    # asked what was passed, the bound answers
    assert states(ask_passages("青川一般公共预算收入突破了多少？", text), "2千亿元")


# -- found on the new dev questions (issue 8, classes 1, 3, 6, 8) ------------------------------------------------

LIST = ("1—9月份，青川规模以上工业企业实现营业收入8.61万亿元，同比增长9.3%；发生营业成本7.02万亿元，增长8.8%。"
        "每百元营业收入中的成本为81.53元，同比减少0.31元。"
        "主要行业利润情况如下：有色金属冶炼业利润同比增长2.41倍，黑色金属冶炼业增长1.12倍，纺织业增长3.9%，"
        "汽车制造业下降5.1%。国有控股企业实现利润总额1.2万亿元，私营企业实现利润总额0.9万亿元。")


def test_a_multiple_asked_is_answered_in_bei_by_the_items_own_figure() -> None:
    assert states(ask_passages("有色金属冶炼业利润增长了几倍？", LIST), "2.41倍")
    # the list's item after a multiple has a percent, no multiple: no other item's multiple answers for it
    assert refused(ask_passages("纺织业利润增长了几倍？", LIST))


def test_a_per_hundred_figure_is_not_the_amount_asked() -> None:
    a = ask_passages("1—9月份青川规上工业企业营业成本是多少？", LIST)
    assert states(a, "7.02万亿元") and not states(a, "81.53元"), a.text
    assert states(ask_passages("每百元营业收入中的成本是多少元？", LIST), "81.53元")


def test_a_kind_of_enterprise_the_text_never_names_is_refused() -> None:
    # 集体企业 is one dictionary noun: a kind of 企业 no passage writes
    assert refused(ask_passages("1—9月份集体企业实现利润多少？", LIST))
    assert states(ask_passages("私营企业实现利润总额多少？", LIST), "0.9万亿元")


def test_a_followup_item_cut_by_jieba_is_read_whole() -> None:
    from assistant.chat import resolution

    found = resolution("那农副食品加工业呢？", [("纺织业利润增长了多少？", "纺织业增长3.9%。")], 200)
    assert found.question.startswith("农副食品加工业"), found.question


def test_a_growth_asked_is_answered_by_the_decline_the_text_states() -> None:
    # 统计公报 write a fall as 下降, never as a negative 增长 (attributes.tsv)
    a = ask_passages("汽车制造业利润增长了多少？", LIST)
    assert states(a, "5.1%") and not states(a, "3.9%"), a.text
    assert states(ask_passages("纺织业利润增长了多少？", LIST), "3.9%")
