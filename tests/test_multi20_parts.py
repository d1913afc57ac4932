"""Multi-part questions (issue 8 class 2, issue 9): asks listed with 、 split into parts, a later part given the
earlier part's subject and counted noun, a later part answered beside the earlier part's figure, and the
multi-part probe's stages. Every sentence here is invented (an imaginary county 澄川县 and company 岚峰科技)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant

from assistant.answer import filled_parts
from assistant.api import Assistant
from assistant.compose import missing_part
from assistant.question import question_parts
from assistant.types import Answer, Citation
from assistant.verify import strip_markers
from eval.multipart_probe import Probed, probed_rows, stage_of, tally


@pytest.mark.parametrize(("text", "parts"), [
    # two asks listed with 、: each a part, the later one counting the same noun
    ("澄川县有多少个新建项目、开工了多少个？", ["澄川县有多少个新建项目", "澄川县开工了多少个新建项目"]),
    # 多大 asks an amount as 多少 does
    ("澄川县政府投资多少，占多大比例？", ["澄川县政府投资多少", "澄川县政府投资占多大比例"]),
    # a year in a later part is the period compared with, not a subject of its own
    ("2031年澄川县GDP是多少？比2030年增加了多少？", ["2031年澄川县GDP是多少", "2031年澄川县GDP比2030年增加了多少"]),
    # items listed before one ask are one question
    ("岚峰科技营收、净利润同比增长多少？", ["岚峰科技营收、净利润同比增长多少？"]),
])
def test_question_parts_read_the_question_structure(text: str, parts: list[str]) -> None:
    assert [answered for _, answered in question_parts(text)] == parts


def test_each_part_keeps_its_own_words_as_asked() -> None:
    # the part as asked (named in a "part missing" sentence) is the user's wording, not the completed one
    assert [asked for asked, _ in question_parts("澄川县有多少个新建项目、开工了多少个？")] == \
        ["澄川县有多少个新建项目", "开工了多少个"]


# the later part's rate is written beside the earlier part's figure, with no label of its own; another passage,
# ranked first by the question's words, states another quantity's rate beside the words asked
COUNTY = ("澄川县财政情况。澄川县地区生产总值比上年增长较快，全县一般公共预算收入比上年增长9.8%。"
          "\n\n"
          "澄川县2031年实现地区生产总值3120.5亿元；按可比价格计算，增长6.4%。")


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("county"), {"chengchuan.txt": COUNTY})


@pytest.mark.parametrize("question", ["澄川县地区生产总值是多少，比上年增长多少？",
                                      "澄川县地区生产总值是多少？比上年增长多少？"])
def test_a_later_part_is_answered_beside_the_earlier_parts_figure(county: Assistant, question: str) -> None:
    a = county.ask(question)
    text = strip_markers(a.text)
    assert a.answerable and a.verified, a.text
    assert "3120.5亿元" in text and "6.4%" in text, a.text
    assert "9.8%" not in text, a.text  # (the other quantity's rate, given before the earlier figure anchored it)


def _row(**changes: object) -> Probed:
    row = Probed(source="open", kind="multipart", split="dev", parts=["甲多少", "乙多少"], part_kinds=["figure"] * 2,
                 expected=2, answered=2, present=2, refused=False, passed=False, stage="", text="甲多少？乙多少？")
    return Probed(**{**row.__dict__, **changes})


@pytest.mark.parametrize(("changes", "stage"), [
    ({"parts": ["甲多少乙多少"], "part_kinds": ["figure"]}, "split"),
    ({"refused": True, "answered": 0}, "refused"),
    ({"answered": 1}, "part"),
    ({"present": 1}, "item"),
    ({}, "other"),
    ({"passed": True, "answered": 1}, "pass"),  # one statement may answer two parts
])
def test_probe_names_the_first_stage_a_row_fails(changes: dict[str, object], stage: str) -> None:
    assert stage_of(_row(**changes)) == stage


def test_probe_reads_a_report_and_counts_its_multipart_rows(tmp_path: Path) -> None:
    report = {"items": [
        {"id": "x1", "kind": "multipart", "split": "heldout", "lang": "zh", "expect": "answer",
         "question": "岚峰科技营收是多少？净利润是多少？", "must": [["8.2亿元"], ["1.1亿元"]],
         "assistant": {"passed": False, "answerable": True, "answer": "岚峰科技营收8.2亿元[1]。",
                       "reasons": ["missing: 1.1亿元"]}},
        {"id": "x2", "kind": "summary", "split": "heldout", "lang": "zh", "expect": "answer",
         "question": "这篇文章讲了什么？", "must": [], "assistant": {"passed": True, "answerable": True}},
    ]}
    rows = probed_rows(report)
    assert [(len(r.parts), r.expected, r.present, r.stage) for r in rows] == [(2, 2, 1, "item")]
    counts = tally(rows)["open:multipart"]
    assert counts["rows"] == 1 and counts["stage:item"] == 1 and counts["items present"] == 1


def _cited(text: str, passage: str, doc: str = "chengchuan.txt") -> Answer:
    start = passage.index(text.split("[")[0][-8:])
    return Answer("问", text, [Citation(1, doc, passage, start, start + 8, 0, len(passage))])


def test_a_part_missing_from_the_whole_is_filled_by_its_own_answer_and_renumbered() -> None:
    first = "澄川县新建项目42个，总投资315亿元。"
    second = "澄川县开工项目37个，开工率88.1%。"
    whole = _cited("澄川县新建项目42个[1]。" + missing_part("开工了多少个？", "zh"), first)
    part = _cited("澄川县开工项目37个[1]。", second)
    answer = filled_parts(whole, [("开工了多少个？", part)])
    assert strip_markers(answer.text) == "澄川县新建项目42个。澄川县开工项目37个。"
    assert "[2]" in answer.text and [c.n for c in answer.citations] == [1, 2]
    assert answer.citations[1].text == second and answer.verified, answer.unverified


def test_nothing_to_fill_leaves_the_whole_as_it_was() -> None:
    whole = _cited("澄川县新建项目42个[1]。", "澄川县新建项目42个，总投资315亿元。")
    assert filled_parts(whole, [("开工了多少个？", _cited("澄川县开工项目37个[1]。", "澄川县开工项目37个。"))]) is whole
