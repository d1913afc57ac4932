"""Issue 8, classes 2 and 7: multi-part questions answered part by part, and computations the way up
the question asks (standard ratios, three-item sums, bases backed out of a growth or a decline,
percentage-point gaps, shares of a whole ≤ 100%). Every sentence here is invented: an imaginary company
(恒丰精密) and county (青杉县), nothing from the article or any eval set."""

from __future__ import annotations

import re

import pytest
from corpora import indexed_assistant
from passages import figure_candidates

from assistant.api import Assistant
from assistant.candidates import Candidate
from assistant.compute import UnitMismatch, combine
from assistant.question import analyse, asks_previous_period, asks_rate_of_change, question_parts
from assistant.ratios import LEXICON, named_ratio, ratios
from tests.test_answer_engine import assert_computed, assert_refused, assert_states, strip_markers

SENTENCES = ("公司实现营业收入48.6亿元，同比增长12.5%；实现净利润5.4亿元，同比下降10%。"
             "城镇居民收入增长5.3%，农村居民收入增长7.2%。失业率比上年下降0.4个百分点。")


@pytest.fixture(scope="module")
def figs() -> dict[str, Candidate]:
    return figure_candidates(SENTENCES)


# -- arithmetic (assistant.compute) ----------------------------------------------------------------------

def test_two_rates_differ_by_percentage_points(figs: dict[str, Candidate]) -> None:
    c = combine("points", [figs["5.3%"], figs["7.2%"]])
    assert c.expression == "7.2% − 5.3% = 1.9个百分点"
    assert c.direction == "less" and c.unit == "pp" and not c.rounded
    assert "1.9 percentage points" in combine("points", [figs["7.2%"], figs["5.3%"]], "en").expression


def test_a_gap_in_points_needs_two_rates(figs: dict[str, Candidate]) -> None:
    with pytest.raises(UnitMismatch):
        combine("points", [figs["48.6亿元"], figs["7.2%"]])
    with pytest.raises(UnitMismatch):  # a change already in points is not a rate
        combine("points", [figs["0.4个百分点"], figs["7.2%"]])


def test_base_backed_out_of_a_growth_and_of_a_decline(figs: dict[str, Candidate]) -> None:
    grown = combine("growth_base", [figs["48.6亿元"], figs["12.5%"]])
    assert grown.expression == "48.6亿元 ÷ (1 + 12.5%) = 43.2亿元" and not grown.rounded
    fell = combine("decline_base", [figs["5.4亿元"], figs["10%"]])
    assert fell.expression == "5.4亿元 ÷ (1 − 10%) = 6亿元"
    assert fell.value == pytest.approx(6e8)
    with pytest.raises(UnitMismatch):
        combine("decline_base", [figs["5.4亿元"], figs["0.4个百分点"]])


def test_a_standard_ratio_is_numerator_over_denominator(figs: dict[str, Candidate]) -> None:
    c = combine("ratio", [figs["5.4亿元"], figs["48.6亿元"]])
    assert c.expression == "5.4亿元 ÷ 48.6亿元 = 11.11%" and c.rounded
    with pytest.raises(UnitMismatch):
        combine("ratio", [figs["5.4亿元"], figs["10%"]])


def test_the_mean_of_named_items_counts_every_item(figs: dict[str, Candidate]) -> None:
    c = combine("mean", [figs["48.6亿元"], figs["5.4亿元"]])
    assert c.expression == "(48.6亿元 + 5.4亿元) ÷ 2 = 27亿元" and c.value == pytest.approx(27e8)
    with pytest.raises(UnitMismatch):
        combine("mean", [figs["48.6亿元"], figs["10%"]])


# -- what the question asks (assistant.question, assistant.ratios) --------------------------------------

def test_the_ratio_lexicon_names_its_source_and_the_longest_name_wins() -> None:
    text = LEXICON.read_text(encoding="utf-8")
    assert "Source:" in text
    assert {r.name for r in ratios()} >= {"净利率", "毛利率", "资产负债率"}
    found = named_ratio("销售净利率是多少")
    assert found is not None and found.name == "销售净利率" and found.numerator[0] == "净利润"
    assert named_ratio("利润是多少") is None
    q = analyse("某公司资产负债率是多少？")
    assert q.operation == "ratio" and q.unit_class == "percent" and q.ratio is not None


@pytest.mark.parametrize(("text", "previous"), [
    ("某公司去年的营业收入是多少？", True),
    ("全县上年地区生产总值是多少？", True),
    ("营业收入比去年增长了多少？", False),  # a change, not last year's figure
    ("营业收入同比增长多少？", False),
])
def test_previous_period_questions(text: str, previous: bool) -> None:
    assert asks_previous_period(text) is previous
    assert (analyse(text).operation == "growth_base") is previous


@pytest.mark.parametrize(("text", "parts"), [
    ("某公司净利润是多少，同比降了多少？", ["某公司净利润是多少", "某公司净利润同比降了多少"]),
    ("某县新签了多少个项目，总投资多少？", ["某县新签了多少个项目", "某县新签项目总投资多少"]),
    ("按行业分，工业项目有多少个？占比是多少？", ["按行业分，工业项目有多少个", "按行业分，工业项目占比是多少"]),
    # a part naming its own subject keeps it, with only the question's opening subject carried over
    ("全县新开工项目多少个，工业项目投资多少？", ["全县新开工项目多少个", "全县工业项目投资多少"]),
    ("某县新签项目总投资多少？", ["某县新签项目总投资多少？"]),
    ("哪个区最多？有多少个？", ["哪个区最多？有多少个？"]),  # picks an item: answered whole
])
def test_question_parts(text: str, parts: list[str]) -> None:
    assert [answered for _, answered in question_parts(text)] == parts


@pytest.mark.parametrize(("text", "rate"), [
    ("某公司净利润同比降了多少？", True), ("营收比上年增长多少？", True),
    ("项目比上年增加了多少个？", False),  # a count of the change, not its rate
    ("营收是多少？", False),
])
def test_a_rate_of_change_is_asked_as_a_percent(text: str, rate: bool) -> None:
    assert asks_rate_of_change(text) is rate
    if rate:
        assert analyse(text).unit_class == "percent"


def test_a_gap_between_rates_is_asked_in_points() -> None:
    q = analyse("城镇居民收入增速比农村居民低多少？")
    assert q.operation == "difference" and q.unit_class == "percent" and not q.extra_classes


# -- end to end on invented documents --------------------------------------------------------------------

pytestmark = pytest.mark.slow

HENGFENG = """恒丰精密科技股份有限公司2025年年度报告摘要

一、主要会计数据

2025年，公司实现营业收入48.6亿元，同比增长12.5%；实现净利润5.4亿元，同比下降10%。报告期末，公司资产总额120亿元，负债总额66亿元。公司毛利12.15亿元，研发投入3.2亿元，同比增长25%。

二、分业务情况

精密轴承业务实现收入21.3亿元，同比增长18%；传动部件业务实现收入15.8亿元，同比增长6.4%；智能装备业务实现收入11.5亿元，同比下降8%。

三、经营情况

报告期内，公司新签订单37个，订单总金额62亿元。其中，海外订单9个，金额18亿元。公司产品综合毛利率为25%，较上年提高1.8个百分点。公司员工总数4200人，其中研发人员860人。
"""

QINGSHAN = """青杉县2025年国民经济和社会发展统计公报

全县实现地区生产总值315亿元，比上年增长6.2%。全县常住人口41.5万人。

分区域看，东坪区实现地区生产总值128亿元，西岭区实现地区生产总值97亿元，南溪区实现地区生产总值90亿元。

全年新开工项目56个，总投资84亿元。其中，工业项目23个，投资41亿元。全年固定资产投资增长9.1%，城镇居民人均可支配收入42600元，增长5.3%；农村居民人均可支配收入21300元，增长7.2%。

全县一般公共预算收入18.6亿元，其中税收收入13.2亿元。城镇调查失业率为5.1%，比上年下降0.4个百分点。
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("reports"), {"hengfeng.txt": HENGFENG, "qingshan.txt": QINGSHAN})


@pytest.mark.parametrize(("question", "result", "operands"), [
    ("公司净利率是多少？", "11.11%", ["5.4亿元", "48.6亿元"]),
    ("公司资产负债率是多少？", "55%", ["66亿元", "120亿元"]),
    ("公司研发投入强度是多少？", "6.58%", ["3.2亿元", "48.6亿元"]),
    ("智能装备业务去年收入多少？", "12.5亿元", ["11.5亿元", "8%"]),
    ("东坪区地区生产总值占全县地区生产总值的比重是多少？", "40.63%", ["128亿元", "315亿元"]),
    ("东坪区、西岭区和南溪区地区生产总值合计多少？", "315亿元", ["128亿元", "97亿元", "90亿元"]),
    ("精密轴承、传动部件和智能装备业务收入合计多少？", "48.6亿元", ["21.3亿元", "15.8亿元", "11.5亿元"]),
    ("公司去年的营业收入是多少？", "43.2亿元", ["48.6亿元", "12.5%"]),
    ("公司去年的净利润是多少？", "6亿元", ["5.4亿元", "10%"]),
    ("全县上年地区生产总值是多少？", "296.61亿元", ["315亿元", "6.2%"]),
    ("城镇居民人均可支配收入增速比农村居民低多少？", "1.9个百分点", ["5.3%", "7.2%"]),
    ("东坪区、西岭区和南溪区地区生产总值平均是多少？", "105亿元", ["128亿元", "97亿元", "90亿元"]),
    # the group asked, not its 其中 subset; and the subset when it is asked
    ("新开工项目平均每个投资多少？", "1.5亿元", ["84亿元", "56个"]),
    ("工业项目平均每个投资多少？", "1.78亿元", ["41亿元", "23个"]),
    ("海外订单金额占订单总金额的比例是多少？", "29.03%", ["18亿元", "62亿元"]),
    ("税收收入占一般公共预算收入的比重是多少？", "70.97%", ["13.2亿元", "18.6亿元"]),
])
def test_computed(reports: Assistant, question: str, result: str, operands: list[str]) -> None:
    a = reports.ask(question)
    assert_computed(a, result, operands)
    if result.endswith("%"):  # a share or standard ratio of a whole: never above 100%
        assert all(u.value <= 1 for u in a.figures if u.source == "computation"), a.text


@pytest.mark.parametrize(("question", "expected", "evidence"), [
    ("公司净利润同比降了多少？", "10%", "净利润5.4亿元，同比下降10%"),
    ("公司营业收入同比增长多少？", "12.5%", "营业收入48.6亿元，同比增长12.5%"),
    ("智能装备业务收入同比下降多少？", "8%", "智能装备业务实现收入11.5亿元，同比下降8%"),
])
def test_the_rate_of_change_is_the_one_stated_after_the_figure(reports: Assistant, question: str, expected: str,
                                                               evidence: str) -> None:
    assert_states(reports.ask(question), expected, evidence)


def test_a_stated_ratio_is_quoted_not_recomputed(reports: Assistant) -> None:
    assert_states(reports.ask("公司毛利率是多少？"), "25%", "综合毛利率为25%")


def test_a_ratio_without_its_terms_is_refused_not_another_rate(reports: Assistant) -> None:
    # the report states no 营业利润: the gross margin or a growth rate would be a loosely related figure
    assert_refused(reports.ask("公司营业利润率是多少？"))


@pytest.mark.parametrize("question", ["公司净资产收益率是多少？", "全县城镇化率是多少？"])
def test_a_rate_no_sentence_states_is_refused(reports: Assistant, question: str) -> None:
    # issue 8, class 8: 资产总额 or a growth rate is near the words asked, but states no such rate
    assert_refused(reports.ask(question))


def test_a_rate_a_sentence_states_is_answered(reports: Assistant) -> None:
    assert_states(reports.ask("城镇调查失业率是多少？"), "5.1%", "城镇调查失业率为5.1%")


@pytest.mark.parametrize(("question", "stated"), [
    ("公司净利润是多少，同比降了多少？", ["5.4亿元", "10%"]),
    ("公司新签了多少个订单，总金额多少？", ["37个", "62亿元"]),
    ("研发投入是多少，占营业收入的比例是多少？", ["3.2亿元", "6.58%"]),
    ("公司净利润是多少，去年是多少？", ["5.4亿元", "6亿元"]),
    ("全县新开工项目多少个，工业项目投资多少？", ["56个", "41亿元"]),
])
def test_every_part_is_answered(reports: Assistant, question: str, stated: list[str]) -> None:
    a = reports.ask(question)
    assert a.answerable and a.verified, (a.text, a.unverified)
    text = strip_markers(a.text)
    for figure in stated:
        assert figure in text, (figure, a.text)
        assert any(u.text == figure for u in a.figures), (figure, a.figures)  # recorded with its source
    assert len(re.findall(r"\[\d+\]", a.text)) >= 1


def test_a_part_the_documents_do_not_answer_is_said_to_be_missing(reports: Assistant) -> None:
    a = reports.ask("公司营业收入是多少，员工持股计划规模多少？")
    assert a.answerable and a.verified, a.text
    assert "48.6亿元" in a.text
    assert "员工持股计划规模" in a.text and "没有找到" in a.text
