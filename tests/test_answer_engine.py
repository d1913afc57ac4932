"""The answer engine end to end through Assistant.ask: on the real article (session fixture) and on a
synthetic document about an imaginary city, indexed once into a temporary store, so that nothing here
depends on the article's wording. Every answer must state the exact figure, cite the passage stating
it, and pass the verifier; questions the documents do not answer must be refused."""

from __future__ import annotations

import re

import pytest
from corpora import indexed_assistant
from llama_index.core.schema import NodeWithScore, TextNode

from assistant.answer import FigureAnswerSynthesizer
from assistant.api import Assistant
from assistant.candidates import TermStats
from assistant.figures import figure_from_text, parse_figures, same_quantity
from assistant.types import Answer, FigureUse

# -- helpers ---------------------------------------------------------------------------------------------

def strip_markers(text: str) -> str:
    return re.sub(r"\[\d+\]", "", text)



def uses(answer: Answer, expected: str, source: str = "citation") -> list[FigureUse]:
    """The figures the answer states (from the given source) that equal expected."""
    want = figure_from_text(expected)
    assert want is not None, expected
    return [u for u in answer.figures if u.source == source
            and any(same_quantity(want, f) for f in parse_figures(u.text))]


def assert_states(answer: Answer, expected: str, evidence: str = "") -> None:
    """answer states expected exactly, traced to a citation whose span holds it (and whose passage
    holds the evidence), and passes the verifier."""
    assert answer.answerable, answer.text
    assert answer.verified and not answer.unverified, answer.unverified
    found = uses(answer, expected)
    assert found, (expected, answer.text, [(u.text, u.source) for u in answer.figures])
    cited = answer.citations[found[0].citation - 1]
    assert cited.n == found[0].citation
    assert expected in cited.span, (expected, cited.span)
    assert expected in strip_markers(answer.text)
    if evidence:
        assert evidence in cited.text
    for c in answer.citations:
        assert c.passage_start <= c.start < c.end <= c.passage_end
        assert c.span.strip()


def stated_values(answer: Answer) -> list[float]:
    return [u.value for u in answer.figures]


def assert_refused(answer: Answer) -> None:
    assert answer.answerable is False, answer.text
    assert not re.search(r"\d", answer.text), answer.text  # no figure, not even a stray digit
    assert answer.citations == [] and answer.figures == []
    assert answer.related, "a refusal shows the closest passages as related"
    assert answer.verified is True


def assert_computed(answer: Answer, result: str, operands: list[str]) -> None:
    """A shown computation: the result traced to the arithmetic, every operand to its citation."""
    assert answer.answerable and answer.verified, (answer.text, answer.unverified)
    comp = uses(answer, result, "computation")
    assert comp, (result, answer.text)
    for op in operands:
        assert op in comp[0].span, (op, comp[0].span)
        cited = uses(answer, op)
        assert cited, (op, answer.text)
        assert op in answer.citations[cited[0].citation - 1].span
    assert result in strip_markers(answer.text)


# -- (a) the article -------------------------------------------------------------------------------------

WIND_Q = "双辽风电项目总投资多少？"


@pytest.fixture(scope="module")
def wind(article_assistant: Assistant) -> Answer:
    return article_assistant.ask(WIND_Q)


def test_article_lookup_with_exact_span(wind: Answer) -> None:
    assert_states(wind, "7.52亿元", "双辽市绿电产业示范园区15万千瓦风电项目")
    assert any("7.52亿元" in c.span for c in wind.citations)
    assert len(wind.text) < 150
    assert wind.lang == "zh" and wind.question == WIND_Q
    assert stated_values(wind) == [pytest.approx(7.52e8)]


def test_article_computed_average_cites_each_operand(article_assistant: Assistant) -> None:
    a = article_assistant.ask("10亿元以上项目平均每个投资多少？")
    assert_computed(a, "21.47亿元", ["407.9亿元", "19个"])
    assert "407.9亿元 ÷ 19个 = 21.47亿元" in a.text


@pytest.mark.parametrize(("question", "result", "operands"), [
    ("工业项目比农业项目多几个？", "50个", ["67个", "17个"]),
    ("工业项目和农业项目一共有多少个？", "84个", ["67个", "17个"]),
    ("2024年全年争取的资金倒推是多少？", "18.52亿元", ["37.6亿元", "103%"]),
    ("投资在亿元以上但不到10亿元的项目有多少个？", "96个", ["115个", "19个"]),
])
def test_article_other_computations(article_assistant: Assistant, question: str, result: str,
                                    operands: list[str]) -> None:
    assert_computed(article_assistant.ask(question), result, operands)


def test_article_refusal(article_assistant: Assistant) -> None:
    a = article_assistant.ask("四平市去年的GDP是多少？")
    assert_refused(a)
    assert all(c.start == c.passage_start and c.end == c.passage_end for c in a.related)


def test_article_follow_up_with_history(article_assistant: Assistant, wind: Answer) -> None:
    a = article_assistant.ask("它建成后每年利税多少？", history=[(WIND_Q, wind.text)])
    assert a.question == "它建成后每年利税多少？"
    assert "双辽风电项目" in a.resolved_question
    assert_states(a, "0.18亿元", "利税0.18亿元")
    assert stated_values(a) == [pytest.approx(1.8e7)]


def test_article_ellipsis_follow_up(article_assistant: Assistant, wind: Answer) -> None:
    a = article_assistant.ask("那产值呢？", history=[(WIND_Q, wind.text)])
    assert_states(a, "1.48亿元", "产值1.48亿元")
    assert stated_values(a) == [pytest.approx(1.48e8)]
    b = article_assistant.ask("那农业项目呢？", history=[("工业项目有多少个？", "工业项目67个[1]。")])
    assert_states(b, "17个", "农业项目17个")


def test_article_english_question_gets_the_same_figure(article_assistant: Assistant, wind: Answer) -> None:
    a = article_assistant.ask("What is the total investment of the Shuangliao wind project?")
    assert a.lang == "en"
    assert_states(a, "7.52亿元")
    assert "752 million yuan" in a.text
    assert stated_values(a) == stated_values(wind)
    turbines = article_assistant.ask("How many wind turbines will the Shuangliao wind project install?")
    assert_states(turbines, "20台", "风电机组20台")


@pytest.mark.parametrize(("question", "expected", "other"), [
    ("双辽风电项目建成后每年利税多少？", "0.18亿元", "1.48亿元"),
    ("双辽风电项目建成后年产值多少？", "1.48亿元", "0.18亿元"),
])
def test_article_same_unit_same_sentence(article_assistant: Assistant, question: str, expected: str,
                                         other: str) -> None:
    # "预计年可实现产值1.48亿元、利税0.18亿元": the label next to each figure decides
    a = article_assistant.ask(question)
    assert_states(a, expected)
    assert not uses(a, other)
    assert all(other not in c.span for c in a.citations)


def test_article_two_figures_of_one_statement_are_quoted_once(article_assistant: Assistant) -> None:
    a = article_assistant.ask("按行业分，工业项目有多少个？占比是多少？")
    assert uses(a, "67个") and uses(a, "34.2%")
    sentences = [s for s in strip_markers(a.text).split("。") if s]
    assert len(sentences) == len(set(sentences)), a.text


def test_article_total_capacity_is_not_the_unit_capacity(article_assistant: Assistant) -> None:
    a = article_assistant.ask("双辽风电项目总装机容量是多少？")
    assert_states(a, "150兆瓦", "总装机容量为150兆瓦")


# -- the answer synthesizer on hand-made passages -------------------------------------------------------

def _node(text: str, start: int) -> NodeWithScore:
    return NodeWithScore(node=TextNode(text=text, metadata={"start": start, "end": start + len(text),
                                                            "doc_id": "hand.txt"}), score=1.0)


def test_synthesizer_picks_by_label_over_scale() -> None:
    nodes = [_node("园区内的杂粮加工项目预计年可实现利税70万元、产值0.7亿元。", 0),
             _node("滨河大道改造工程投资6800万元，将于明年6月完工。", 40)]
    synth = FigureAnswerSynthesizer(TermStats(n.node for n in nodes))
    a = synth.answer("杂粮加工项目利税多少？", nodes)
    assert_states(a, "70万元")
    assert stated_values(a) == [pytest.approx(7e5)]
    assert a.citations[0].doc_id == "hand.txt" and a.citations[0].passage_start == 0
    b = synth.answer("滨河大道改造工程投资多少？", nodes)
    assert_states(b, "6800万元")
    assert b.citations[0].passage_start == 40 and b.citations[0].start >= 40


def test_synthesizer_refuses_without_passages() -> None:
    synth = FigureAnswerSynthesizer(TermStats([]))
    a = synth.answer("杂粮加工项目利税多少？", [])
    assert a.answerable is False and a.related == [] and not re.search(r"\d", a.text)


# -- (b) a synthetic document ---------------------------------------------------------------------------

LANPING = """澜平市2025年民生建设成效显著

2025年，澜平市共安排民生项目48个，全年完成投资36.5亿元，同比增长12.4%。全市民生支出占一般公共预算支出的比重为71.3%。

医疗卫生方面，全市新建和改扩建医院6家，新增床位1200张，总投资9.8亿元。市第一人民医院新院区于2023年开工建设，建筑面积8.6万平方米，总投资4.2亿元，今年10月投入使用。

教育方面，全市新建中小学9所，新增学位13500个，完成投资5.6亿元，同比增长8.5%，占民生项目完成投资的15.3%。其中，澜平实验学校投资8600万元，可容纳学生2400人。

交通方面，全市新建和改造城市道路27条，总里程64公里，完成投资12.3亿元，同比增长6.2%，占比33.7%。滨河大道改造工程投资6800万元，将于明年6月完工。

产业配套方面，澜平绿色食品产业园建成投产，入驻企业15家。园区内的杂粮加工项目预计年可实现利税70万元、产值0.7亿元。
"""


@pytest.fixture(scope="module")
def lanping(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    assistant = indexed_assistant(tmp_path_factory.mktemp("lanping"), {"lanping.txt": LANPING})
    assert assistant.store.count() >= 5  # the document spans several passages
    return assistant


@pytest.mark.parametrize(("question", "expected", "evidence"), [
    ("澜平市2025年安排了多少个民生项目？", "48个", "共安排民生项目48个"),
    ("民生项目全年完成投资多少？", "36.5亿元", "全年完成投资36.5亿元"),
    ("全市新建和改扩建了几家医院？", "6家", "改扩建医院6家"),
    ("新增了多少张床位？", "1200张", "新增床位1200张"),
    ("市第一人民医院新院区总投资多少？", "4.2亿元", "市第一人民医院新院区"),
    ("市第一人民医院新院区哪一年开工建设？", "2023年", "于2023年开工建设"),
    ("市第一人民医院新院区建筑面积多大？", "8.6万平方米", "建筑面积8.6万平方米"),
    ("全市新建中小学多少所？", "9所", "新建中小学9所"),
    ("新增学位多少个？", "13500个", "新增学位13500个"),
    ("澜平实验学校投资多少？", "8600万元", "澜平实验学校投资8600万元"),
    ("城市道路总里程是多少？", "64公里", "总里程64公里"),
    ("滨河大道改造工程投资多少？", "6800万元", "滨河大道改造工程投资6800万元"),
    ("绿色食品产业园入驻企业多少家？", "15家", "入驻企业15家"),
    ("民生支出占一般公共预算支出的比重是多少？", "71.3%", "比重为71.3%"),
])
def test_synthetic_lookup(lanping: Assistant, question: str, expected: str, evidence: str) -> None:
    a = lanping.ask(question)
    assert_states(a, expected, evidence)
    assert all(c.doc_id == "lanping.txt" for c in a.citations)
    assert len(a.text) < 150


@pytest.mark.parametrize(("question", "result", "operands"), [
    ("医疗卫生和教育方面投资合计多少？", "15.4亿元", ["9.8亿元", "5.6亿元"]),
    ("交通投资比教育投资多多少？", "6.7亿元", ["12.3亿元", "5.6亿元"]),
    ("新建中小学平均每所投资多少？", "6222.22万元", ["5.6亿元", "9所"]),
])
def test_synthetic_computed(lanping: Assistant, question: str, result: str, operands: list[str]) -> None:
    assert_computed(lanping.ask(question), result, operands)


@pytest.mark.parametrize(("question", "expected", "not_expected"), [
    # 占比 vs 同比增长, stated in one clause: "完成投资12.3亿元，同比增长6.2%，占比33.7%"
    ("交通完成投资占比是多少？", "33.7%", "6.2%"),
    ("交通完成投资同比增长多少？", "6.2%", "33.7%"),
    ("民生项目完成投资同比增长多少？", "12.4%", "71.3%"),
    ("民生支出占一般公共预算支出的比重是多少？", "71.3%", "12.4%"),
    # 万 vs 亿: "利税70万元、产值0.7亿元"
    ("杂粮加工项目利税多少？", "70万元", "0.7亿元"),
    ("杂粮加工项目产值多少？", "0.7亿元", "70万元"),
])
def test_synthetic_adversarial(lanping: Assistant, question: str, expected: str, not_expected: str) -> None:
    a = lanping.ask(question)
    assert_states(a, expected)
    assert not uses(a, not_expected), a.text
    want = figure_from_text(expected)
    assert want is not None
    if want.unit_class == "percent":
        assert not_expected not in a.text  # the other rate is not even quoted
    else:
        assert all(not_expected not in c.span for c in a.citations)


def test_synthetic_follow_ups(lanping: Assistant) -> None:
    first = lanping.ask("杂粮加工项目利税多少？")
    a = lanping.ask("那产值呢？", history=[("杂粮加工项目利税多少？", first.text)])
    assert_states(a, "0.7亿元", "产值0.7亿元")
    hospital = "市第一人民医院新院区总投资多少？"
    b = lanping.ask("它哪一年开工建设？", history=[(hospital, lanping.ask(hospital).text)])
    assert "市第一人民医院新院区" in b.resolved_question
    assert_states(b, "2023年")


@pytest.mark.parametrize("question", [
    "澜平市2025年GDP是多少？",
    "澜平市新建了多少座公园？",
    "市第一人民医院有多少名医生？",
    "澜平实验学校哪一年建成？",
    "长春市新建了几所学校？",
])
def test_synthetic_unanswerable(lanping: Assistant, question: str) -> None:
    assert_refused(lanping.ask(question))


# engine weaknesses found with the synthetic document (each fails today; see the reasons)

@pytest.mark.xfail(strict=True, reason="WEAKNESS: city-wide 新增床位1200张 (the sentence before) is attributed to "
                   "the hospital: passage-level entity proximity is accepted for a figure of another subject")
def test_synthetic_figure_of_another_subject_is_refused(lanping: Assistant) -> None:
    assert_refused(lanping.ask("市第一人民医院新院区有多少个床位？"))


def test_synthetic_unknown_city_is_refused(lanping: Assistant) -> None:
    assert_refused(lanping.ask("南州市新建了几所学校？"))


def test_synthetic_share_question_gets_the_share(lanping: Assistant) -> None:
    a = lanping.ask("教育投资占比是多少？")
    assert_states(a, "15.3%", "占民生项目完成投资的15.3%")


def test_synthetic_stated_share_is_quoted_not_recomputed(lanping: Assistant) -> None:
    a = lanping.ask("教育投资占民生项目完成投资的比例是多少？")
    assert not uses(a, "8.5%")  # (this part holds today: the growth rate is not taken)
    assert_states(a, "15.3%", "占民生项目完成投资的15.3%")


def test_synthetic_english_question_outside_the_glossary(lanping: Assistant) -> None:
    a = lanping.ask("How many hospital beds were added in Lanping?")
    assert a.answerable is False or uses(a, "1200张"), a.text
    # a counted thing the English glossary cannot name is refused, not guessed
    assert_refused(lanping.ask("How many museums were opened in Lanping?"))
