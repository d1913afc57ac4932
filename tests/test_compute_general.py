"""Issue 8, classes 7 and 10 on the general reader: each operand of a computation looked up as its own
item, rates the question states used as operands, changes "从A提高到B", remainders ("还有多少…没有…",
"不是X的"), plan × completion rate, operands of one scale, and answers quoted as one contiguous stretch of
the text. Every sentence here is invented (an imaginary city, 云川市); nothing from the article or any eval set."""

from __future__ import annotations

import re

import pytest
from corpora import indexed_assistant
from llama_index.core.schema import NodeWithScore, TextNode
from passages import figure_candidates

from assistant.api import Assistant
from assistant.candidates import Candidate, Passage
from assistant.compose import AnswerBuilder
from assistant.compute import UnitMismatch, back_out, combine, comparable, show
from assistant.figures import figure_from_text
from assistant.question import analyse, compared_sides, split_sides
from tests.test_answer_engine import assert_computed, strip_markers

SENTENCES = ("全市营业收入3.62万亿元，营业成本3.05万亿元，每百元营业收入中的成本为84.25元。"
             "计划投资150亿元，完成82%。完成投资128亿元，完成率64.2%。")


@pytest.fixture(scope="module")
def figs() -> dict[str, Candidate]:
    return figure_candidates(SENTENCES)


# -- arithmetic (assistant.compute) ----------------------------------------------------------------------

def test_operands_of_unlike_scale_do_not_combine(figs: dict[str, Candidate]) -> None:
    # a per-100-yuan cost is no amount to take from a total in 万亿元
    with pytest.raises(UnitMismatch):
        combine("difference", [figs["3.62万亿元"], figs["84.25元"]])
    assert not comparable([figs["3.62万亿元"].figure, figs["84.25元"].figure])
    c = combine("difference", [figs["3.62万亿元"], figs["3.05万亿元"]])
    assert c.expression == "3.62万亿元 − 3.05万亿元 = 0.57万亿元" and c.direction == "more"


def test_a_result_is_shown_in_its_operands_trillions(figs: dict[str, Candidate]) -> None:
    c = combine("sum", [figs["3.62万亿元"], figs["3.05万亿元"]])
    assert c.result == "6.67万亿元"
    assert show(6.67e12, "money", "元") == "66700亿元"  # by size alone: 亿元, as before


def test_a_portion_is_the_whole_times_its_rate(figs: dict[str, Candidate]) -> None:
    c = combine("portion", [figs["150亿元"], figs["82%"]])
    assert c.expression == "150亿元 × 82% = 123亿元" and not c.rounded
    with pytest.raises(UnitMismatch):
        combine("portion", [figs["82%"], figs["150亿元"]])


def test_a_rate_the_question_states_is_the_operand(figs: dict[str, Candidate]) -> None:
    rate = figure_from_text("60%")
    assert rate is not None
    whole = back_out(figs["128亿元"], rate, "completion")
    assert whole.expression == "128亿元 ÷ 60% = 213.33亿元" and whole.rounded
    assert whole.operands == [figs["128亿元"]]  # the question's rate is shown, never cited
    grown = back_out(figs["128亿元"], rate, "growth")
    assert grown.expression == "128亿元 ÷ (1 + 60%) = 80亿元"
    with pytest.raises(UnitMismatch):
        back_out(figs["128亿元"], figs["150亿元"].figure, "completion")


# -- what the question asks (assistant.question) ---------------------------------------------------------

@pytest.mark.parametrize(("text", "operation", "sides"), [
    ("1—9月还有多少个市重点项目没有开工？", "remainder", ["市重点项目", "开工"]),
    ("东区项目还有多少个尚未竣工？", "remainder", ["东区项目", "竣工"]),
    ("高新技术企业中不是专精特新企业的有多少家？", "remainder", ["高新技术企业", "专精特新企业"]),
    ("52个工业行业里产值下降的行业占几成？", "share", ["产值下降的行业", "52个工业行业"]),
    ("交通、教育和水利三个领域一共完成政府投资多少？", "sum", ["交通", "教育", "水利"]),
    ("第二产业增加值增速比第三产业快几个百分点？", "difference", ["第二产业增加值增速", "第三产业"]),
])
def test_operations_and_their_sides(text: str, operation: str, sides: list[str]) -> None:
    q = analyse(text)
    assert q.operation == operation
    assert split_sides(q.text, operation) == sides


def test_faster_and_slower_compare_two_sides() -> None:
    assert compared_sides("甲增速比乙慢多少") == ("甲增速", "乙")


# -- composition (assistant.compose): one contiguous stretch of the text, never a splice -----------------

SPLICED = ("从企业类型来看，全市民营企业发展较快，新增注册资本较上年明显增加，"
           "外资企业稳中有进，其中高新技术企业40个，增长12%。")


def test_a_statement_is_never_a_splice_of_clauses_apart() -> None:
    node = TextNode(text=SPLICED, metadata={"start": 0, "end": len(SPLICED), "doc_id": "t.txt"})
    passage = Passage(NodeWithScore(node=node, score=1.0), 0)
    builder = AnswerBuilder(analyse("高新技术企业有多少个？"), [passage])
    for figure in passage.figures:
        said = builder.statement(Candidate(figure, passage))
        assert said in SPLICED and figure.text in said, said


# -- end to end on an invented bulletin ------------------------------------------------------------------

YUNCHUAN = """云川市2025年国民经济运行情况

全市实现地区生产总值2860亿元，比上年增长5.8%。其中，第一产业增加值215亿元，增长3.1%；第二产业增加值1120亿元，增长6.9%；第三产业增加值1525亿元，增长5.2%。

十年来，全市城镇化率从58.4%提高到67.9%，研发投入强度从1.6%提高到2.45%。

全年安排市重点项目420个，1—9月开工386个。市重点项目年度计划投资900亿元，完成率76.5%。东港区重点项目完成投资128亿元，完成率64.2%。市政基础设施项目计划投资150亿元，完成82%。

市本级政府投资计划安排180亿元，实际完成203.6亿元。分领域看，交通领域完成56.2亿元，教育领域完成18.4亿元，卫生领域完成12.7亿元，水利领域完成30.5亿元。

全市规模以上工业企业实现营业收入3.62万亿元，发生营业成本3.05万亿元；每百元营业收入中的成本为84.25元。在调查的52个工业行业中，38个行业产值增长，14个行业产值下降。

1—9月，全市工业企业实现利润总额420亿元，其中，制造业实现利润总额360亿元；9月份，工业企业实现利润总额52亿元。东港区规模以上工业增加值增长7.4%，西湖区规模以上工业增加值增长5.9%。

截至年末，全市共有高新技术企业860家，其中专精特新企业96家。新认定的科技型中小企业中，软件、生物医药和新材料行业最多，分别有42家、35家、28家。
"""


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("yunchuan"), {"yunchuan.txt": YUNCHUAN})


@pytest.mark.slow
@pytest.mark.parametrize(("question", "result", "operands"), [
    # 1. each named item its own lookup; three or more items; an enumeration stated with 分别
    ("第二产业和第三产业增加值合计多少？", "2645亿元", ["1120亿元", "1525亿元"]),
    ("第一产业、第二产业和第三产业增加值加起来是多少？", "2860亿元", ["215亿元", "1120亿元", "1525亿元"]),
    ("软件、生物医药和新材料三个行业一共有多少家科技型中小企业？", "105家", ["42家", "35家", "28家"]),
    ("市本级政府投资实际完成比计划多了多少？", "23.6亿元", ["203.6亿元", "180亿元"]),
    # 1. a rate the question states is the operand it names, not the text's own rate
    ("按6%的增速倒推，上年地区生产总值大约是多少？", "2698.11亿元", ["2860亿元"]),
    ("按完成率64.2%推算，东港区重点项目全年计划投资大约多少？", "199.38亿元", ["128亿元"]),
    # 2. changes from A to B, gaps in points, remainders, complements, plan × completion rate
    ("十年来城镇化率提高了多少个百分点？", "9.5个百分点", ["67.9%", "58.4%"]),
    ("研发投入强度提高了多少个百分点？", "0.85个百分点", ["2.45%", "1.6%"]),
    ("第二产业增加值增速比第三产业快几个百分点？", "1.7个百分点", ["6.9%", "5.2%"]),
    ("1—9月，市重点项目还有多少个没有开工？", "34个", ["420个", "386个"]),
    ("高新技术企业中不是专精特新企业的有多少家？", "764家", ["860家", "96家"]),
    ("市政基础设施项目大约完成了多少亿元投资？", "123亿元", ["150亿元", "82%"]),
    # 3. a share of counts whose whole the question states; operands of one scale
    ("52个工业行业里产值下降的行业占几成？", "26.92%", ["14个", "52个"]),
    ("制造业利润占全部工业企业利润的比重是多少？", "85.71%", ["360亿元", "420亿元"]),  # the part's period
    # months a cumulative bulletin does not report: 1—9月 minus 9月份
    ("1—8月全市工业企业利润总额大约是多少？", "368亿元", ["420亿元", "52亿元"]),
    ("营业收入扣掉营业成本还剩多少？", "0.57万亿元", ["3.62万亿元", "3.05万亿元"]),
])
def test_computed(bulletin: Assistant, question: str, result: str, operands: list[str]) -> None:
    a = bulletin.ask(question)
    assert_computed(a, result, operands)
    if result.endswith("%"):  # a share of a whole: never above 100%
        assert all(u.value <= 1 for u in a.figures if u.source == "computation"), a.text


@pytest.mark.slow
@pytest.mark.parametrize(("question", "said"), [
    # a bare side ("比西湖区") shares the rest of the question; the direction in the question's own words
    ("东港区规模以上工业增加值增速比西湖区快几个百分点？", "东港区规模以上工业增加值增速比西湖区快1.5个百分点"),
    ("西湖区规模以上工业增加值增速比东港区慢多少？", "西湖区规模以上工业增加值增速比东港区慢1.5个百分点"),
    ("东港区规模以上工业增加值增速比西湖区低多少？", "东港区规模以上工业增加值增速比西湖区高1.5个百分点"),
])
def test_a_gap_is_said_in_the_questions_words(bulletin: Assistant, question: str, said: str) -> None:
    a = bulletin.ask(question)
    assert_computed(a, "1.5个百分点", ["7.4%", "5.9%"])
    assert said in strip_markers(a.text), a.text


@pytest.mark.slow
def test_a_per_unit_figure_is_no_operand_of_a_total(bulletin: Assistant) -> None:
    a = bulletin.ask("营业收入扣掉营业成本还剩多少？")
    assert "84.25元" not in a.text


@pytest.mark.slow
def test_a_difference_states_its_direction_in_words(bulletin: Assistant) -> None:
    a = bulletin.ask("市本级政府投资计划比实际完成多多少？")
    assert a.answerable and a.verified, a.text
    text = strip_markers(a.text)
    assert "少" in text and "23.6亿元" in text and not re.search(r"-\s*23\.6", text), text


@pytest.mark.slow
def test_a_looked_up_answer_quotes_one_stretch_of_the_text(bulletin: Assistant) -> None:
    a = bulletin.ask("专精特新企业有多少家？")
    assert a.answerable and "96家" in a.text, a.text
    quoted = strip_markers(a.text).rstrip("。")
    assert quoted in YUNCHUAN.replace("\n", ""), quoted


# -- sums and differences of named places (issue 8, class 7 and 4) ---------------------------------------------

def test_a_run_of_province_abbreviations_names_the_places_only_with_its_count() -> None:
    from assistant.vocabulary import expand_place_runs

    assert expand_place_runs("京津冀三地合计多少？") == "北京、天津、河北三地合计多少？"
    assert expand_place_runs("湘鄂赣3省份加起来") == "湖南、湖北、江西3省份加起来"
    for untouched in ("苏浙沪两省市", "新青年三个", "湘鄂多少"):  # a count that disagrees, or none
        assert expand_place_runs(untouched) == untouched


def test_the_words_after_the_last_item_are_said_of_every_item() -> None:
    q = analyse("湘鄂赣三个省份2023年GDP加起来是多少？")
    assert split_sides(q.text, q.operation) == ["湖南2023年地区生产总值", "湖北2023年地区生产总值",
                                                "江西2023年地区生产总值"]
    assert split_sides("国有企业和民营企业的利润合计多少？", "sum") == ["国有企业的利润", "民营企业的利润"]


PROVINCES = ("2023年，湖南地区生产总值50012.9亿元，比上年增长4.6%。",
             "2023年，湖北生产总值为55803.6亿元，增长6.0%。",
             "江西2023年GDP为32200.1亿元，增长4.1%。相比2022年江西GDP 32074.7亿元，增加了125.4亿元。")


def test_a_sum_over_places_named_by_their_abbreviations() -> None:
    from passages import ask_passages

    a = ask_passages("湘鄂赣三个省份2023年GDP加起来是多少？", *PROVINCES)
    assert a.answerable and "138016.6亿元" in a.text, a.text
    assert not a.unverified


def test_a_difference_of_two_places_gdp_written_as_gdp() -> None:
    from passages import ask_passages

    # "湖北GDP" is read 湖北地区生产总值, which jieba cuts 湖北地区 + 生产总值: 湖北 is still the place asked
    a = ask_passages("2023年湖北GDP比湖南多多少亿元？", *PROVINCES)
    assert a.answerable and "5790.7亿元" in a.text, a.text


def test_a_figure_of_a_peer_place_does_not_answer_for_the_place_asked() -> None:
    from passages import ask_passages

    a = ask_passages("2023年湖南GDP是多少？", PROVINCES[1], PROVINCES[2])
    assert not a.answerable, a.text
