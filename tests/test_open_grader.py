"""The open-question grader (eval/open_grader.py) on hand-made answers to invented questions.

The Answers here are built by hand on purpose: the grader is a pure function of (question, answer), and
each test isolates one rule. The passage and the names are invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.types import Answer, Citation
from eval.open_grader import find, grade_open, lead_of
from eval.questionset import OpenQuestion, QuestionSetError, load_open_questions

PASSAGE = ("青湖县新签约项目三个：云杉纸业、白鹭物流和北港码头，计划总投资42.6亿元。"
           "项目负责人周立介绍，码头工程正在进行桩基施工。")
SECOND = "青湖县2023年地区生产总值286.4亿元，比上年增长5.2%。"


def cite(text: str = PASSAGE, n: int = 1, start: int = 0) -> Citation:
    return Citation(n=n, doc_id="lake.txt", text=text, start=start, end=start + len(text), passage_start=start,
                    passage_end=start + len(text))


def answer(text: str, citations: list[Citation] | None = None, answerable: bool = True, lead: str = "",
           lang: str = "zh") -> Answer:
    return Answer(question="", text=text, citations=[cite()] if citations is None else citations,
                  answerable=answerable, lead=lead, lang=lang)


def question(**fields: object) -> OpenQuestion:
    base: dict[str, object] = {"id": "t", "doc": "lake.txt", "kind": "list", "split": "dev",
                               "question": "青湖县新签约了哪些项目？", "expect": "answer", "max_chars": 200}
    base.update(fields)
    return OpenQuestion(**base)  # type: ignore[arg-type]


LIST = question(must=(("云杉纸业",), ("白鹭物流",), ("北港码头",)))
RIGHT = "新签约三个项目：云杉纸业、白鹭物流、北港码头[1]。"


def test_a_right_answer_passes() -> None:
    result = grade_open(LIST, answer(RIGHT))
    assert result.passed, result.reasons


def test_a_missing_item_fails_and_is_named() -> None:
    result = grade_open(LIST, answer("新签约项目有云杉纸业、白鹭物流[1]。"))
    assert not result.passed
    assert result.reasons == ["missing: 北港码头"]


def test_a_forbidden_item_fails() -> None:
    q = question(must=(("云杉纸业",),), must_not=("白鹭物流",))
    result = grade_open(q, answer(RIGHT))
    assert not result.passed and result.reasons == ["forbidden: 白鹭物流"]


def test_a_refusal_or_decline_where_an_answer_is_expected_fails() -> None:
    refused = grade_open(LIST, answer("文档中没有找到能回答这个问题的确切数字，无法给出答案。", citations=[],
                                      answerable=False))
    assert not refused.passed
    assert "refused a question the document answers" in refused.reasons
    assert "an answer without citations" in refused.reasons
    declined = grade_open(LIST, answer("我只回答关于已索引文档的问题。", citations=[]))
    assert not declined.passed and "an answer without citations" in declined.reasons


def test_too_long_fails() -> None:
    q = question(must=LIST.must, max_chars=20)
    result = grade_open(q, answer(RIGHT))
    assert not result.passed and result.reasons[-1].startswith("too long")
    # citation markers are not counted
    assert grade_open(question(must=LIST.must, max_chars=len(RIGHT) - 3), answer(RIGHT)).passed


def test_the_first_sentence_must_be_short() -> None:
    long_lead = "新签约" + "、".join(["云杉纸业", "白鹭物流", "北港码头"] * 10) + "[1]。"
    result = grade_open(question(must=LIST.must, max_chars=400), answer(long_lead))
    assert not result.passed and any("not short" in r for r in result.reasons)


def test_answers_need_citations_and_a_summary_needs_several_passages() -> None:
    assert not grade_open(LIST, answer(RIGHT, citations=[])).passed
    summary = question(kind="summary", question="这篇文章主要讲了什么？", must=(("青湖县",),), min_citations=2)
    one = grade_open(summary, answer("青湖县新签约三个项目[1]。"))
    assert not one.passed and "cites 1 passage(s)" in one.reasons[0]
    two = grade_open(summary, answer("青湖县新签约三个项目[1]，地区生产总值286.4亿元[2]。",
                                     citations=[cite(), cite(SECOND, n=2, start=200)]))
    assert two.passed, two.reasons


def test_figures_must_come_from_citations_or_the_question() -> None:
    q = question(kind="yesno", question="青湖县新签约项目计划总投资是99亿元，对吗？", must=(("42.6亿元",),),
                 lead=("不", "否"))
    denied = grade_open(q, answer("不对，计划总投资42.6亿元，不是99亿元[1]。"))
    assert denied.passed, denied.reasons  # the planted figure may be quoted back to deny it
    invented = grade_open(q, answer("不对，计划总投资42.6亿元，其中码头17亿元[1]。"))
    assert not invented.passed and "17亿元" in invented.reasons[-1]


def test_the_lead_decides_yes_or_no() -> None:
    q = question(kind="yesno", question="计划总投资超过50亿元了吗？", must=(("42.6亿元",),), lead=("不", "否", "没有"))
    assert grade_open(q, answer("没有超过。计划总投资42.6亿元[1]。")).passed
    confirmed = grade_open(q, answer("是的，超过了。计划总投资42.6亿元[1]。"))
    assert not confirmed.passed and "first sentence lacks" in confirmed.reasons[0]
    true_claim = question(kind="yesno", question="超过40亿元了吗？", must=(("42.6亿元",),), lead=("是", "超过"),
                          lead_not=("不", "没有"))
    assert grade_open(true_claim, answer("是，超过了：计划总投资42.6亿元[1]。")).passed
    assert not grade_open(true_claim, answer("不是。计划总投资42.6亿元[1]。")).passed
    # Answer.lead, when the engine sets it, is the first sentence
    assert grade_open(true_claim, answer("计划总投资42.6亿元[1]。", lead="是，超过了。")).passed


def test_multi_part_answers_keep_the_order_asked() -> None:
    q = question(kind="multipart", question="负责人是谁？计划总投资多少？", must=(("周立",), ("42.6亿元",)),
                 ordered=True)
    assert grade_open(q, answer("负责人是周立[1]。计划总投资42.6亿元[1]。")).passed
    swapped = grade_open(q, answer("计划总投资42.6亿元[1]。负责人是周立[1]。"))
    assert not swapped.passed and swapped.reasons == ["parts not answered in the order asked"]


def test_english_questions_get_english_answers_and_figures_match_in_any_wording() -> None:
    q = question(lang="en", question="What is the planned investment?", must=(("42.6亿元",),), max_chars=400)
    english = grade_open(q, answer("The planned total investment is 4.26 billion yuan [1].", lang="en"))
    assert english.passed, english.reasons
    chinese = grade_open(q, answer("计划总投资42.6亿元[1]。"))
    assert not chinese.passed and "answered in Chinese" in chinese.reasons[0]


def test_matching_respects_word_and_number_edges() -> None:
    assert find("Not really", "No") is None and find("No, it did not.", "no") == 0
    assert find("增长13%", "3%") is None and find("增长0.3%", "3%") is None and find("增长3%", "3%") == 2
    assert find("共196个", "96个") is None
    assert find("北 港 码 头", "北港码头") == 0  # whitespace inside does not hide an item
    assert find("It reached 75.04 billion yuan.", "750.4亿元") is not None


def test_chitchat_offers_examples_without_sources() -> None:
    q = question(kind="chitchat", question="你好，你能做什么？", expect="chitchat", examples=2,
                 must=(("文档", "问题"),))
    good = "你好！我可以回答关于已索引文档的问题，例如：\n青湖县新签约了哪些项目？\n青湖县2023年地区生产总值是多少？"
    assert grade_open(q, answer(good, citations=[])).passed
    cited = grade_open(q, answer(good))
    assert not cited.passed and "a chitchat reply with citations" in cited.reasons
    no_examples = grade_open(q, answer("你好！我可以回答关于文档的问题。", citations=[]))
    assert not no_examples.passed and "offers 0 example question(s), not 2" in no_examples.reasons
    quoted = "你好！我能回答关于这些文档的问题，比如“青湖县新签约了哪些项目？”或者“2023年地区生产总值增长了多少？”"
    assert grade_open(q, answer(quoted, citations=[])).passed  # examples in quotes; a year inside one is fine
    figures = grade_open(q, answer(good + "\n地区生产总值是286.4亿元。", citations=[]))
    assert not figures.passed and "states figure(s): 286.4亿元" in figures.reasons


def test_a_decline_is_not_the_figure_refusal() -> None:
    q = question(kind="out_of_scope", question="帮我写一首诗", expect="decline", must=(("文档",),))
    assert grade_open(q, answer("抱歉，写诗不在我的能力范围内；我只回答关于已索引文档的问题。", citations=[],
                                answerable=False)).passed
    refusal = grade_open(q, answer("文档中没有找到能回答这个问题的确切数字，无法给出答案。", citations=[],
                                   answerable=False))
    assert not refusal.passed and any("refusal instead of a decline" in r for r in refusal.reasons)
    quoted = grade_open(q, answer("四平市全面推进重点项目建设记事[1]。"))
    assert not quoted.passed and "a decline reply with citations" in quoted.reasons


def test_refuse_means_no_answer_and_no_figure() -> None:
    q = question(kind="entity", question="周立今年多大？", expect="refuse")
    assert grade_open(q, answer("文档没有提到周立的年龄。", citations=[], answerable=False)).passed
    assert not grade_open(q, answer("周立今年45岁[1]。")).passed
    assert not grade_open(q, answer("文档没有给出，只提到42.6亿元。", citations=[], answerable=False)).passed


def test_lead_of_uses_the_first_sentence_without_markers() -> None:
    assert lead_of(answer("否。计划总投资42.6亿元[1]。")) == "否。"
    assert lead_of(answer("No. It is 4.26 billion yuan [1].")) == "No."
    assert lead_of(answer("x", lead="是[1]。")) == "是。"


def test_the_loader_names_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "open.jsonl"
    path.write_text('{"id": "a", "doc": "d.txt", "kind": "poem", "split": "dev", "question": "q", '
                    '"expect": "answer", "max_chars": 10, "must": [["x"]]}\n', encoding="utf-8")
    with pytest.raises(QuestionSetError, match=r"open.jsonl:1 \(a\): kind 'poem'"):
        load_open_questions(path)
    path.write_text('{"id": "a", "doc": "d.txt", "kind": "list", "split": "dev", "question": "q", '
                    '"expect": "answer", "max_chars": 10}\n', encoding="utf-8")
    with pytest.raises(QuestionSetError, match="needs something to check"):
        load_open_questions(path)
