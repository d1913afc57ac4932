"""The eval grader on hand-made answers: it must pass right answers written any way, and fail wrong ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.types import Answer, Citation, FigureUse
from eval.grader import cited_texts, copied_fraction, grade, strip_markers
from eval.questionset import Question, QuestionSetError, load_questions

REPO = Path(__file__).resolve().parent.parent

WIND = ("双辽市绿电产业示范园区15万千瓦风电项目，总投资7.52亿元，新建单机容量7.5兆瓦风电机组20台，"
        "总装机容量为150兆瓦，配套建设1座220kV升压站、箱变、集电线路、道路等附属设施。")
WIND_OUTPUT = "项目建成后，预计年可实现产值1.48亿元、利税0.18亿元。"
BIG = "其中，10亿元以上项目19个，计划总投资407.9亿元。"
TOTAL = "截至目前，全市累计开工复工5000万元以上项目196个(新开工80个、续建116个)，计划总投资750.4亿元。"


def cite(n: int, text: str, start: int = 0, doc_id: str = "article.txt") -> Citation:
    return Citation(n=n, doc_id=doc_id, text=text, start=start, end=start + len(text),
                    passage_start=start, passage_end=start + len(text))


def question(expected: list[str], evidence: str, kind: str = "lookup", tolerance: float = 0.0) -> Question:
    return Question(id="t", kind=kind, question="?", expected=tuple(expected), evidence=evidence,
                    tolerance=tolerance)


INVEST = question(["7.52亿元"], "总投资7.52亿元")
OUTPUT = question(["1.48亿元"], "产值1.48亿元")
UNANSWERABLE = Question(id="u", kind="unanswerable", question="软通华方项目总投资是多少？", expected=(),
                        evidence="")


def answer(text: str, *citations: Citation, answerable: bool = True,
           figures: list[FigureUse] | None = None) -> Answer:
    return Answer(question="?", text=text, citations=list(citations), answerable=answerable,
                  figures=figures or [])


# ---------------------------------------------------------------------------------------------- passes
@pytest.mark.parametrize("text", [
    "双辽风电项目总投资7.52亿元[1]。",
    "总投资75200万元[1]。",
    "The wind farm's total investment is 752 million yuan [1].",
])
def test_right_figure_in_any_notation_passes(text: str) -> None:
    result = grade(INVEST, answer(text, cite(1, WIND)))
    assert result.passed, result.reasons
    assert result.reasons == []


def test_14800_wan_yuan_passes_for_148_yi_yuan() -> None:
    result = grade(OUTPUT, answer("预计年产值14800万元[1]。", cite(1, WIND_OUTPUT)))
    assert result.passed, result.reasons


def test_english_148_million_yuan_passes() -> None:
    english = answer("Its expected annual output value is 148 million yuan [1].", cite(1, WIND_OUTPUT))
    result = grade(OUTPUT, english)
    assert result.passed, result.reasons


def test_computed_average_within_tolerance_passes() -> None:
    q = question(["21.47亿元"], "10亿元以上项目19个，计划总投资407.9亿元", kind="computed", tolerance=0.005)
    work = [FigureUse(text="21.47亿元", value=2.147e9, unit="元", source="computation",
                      span="407.9亿元 ÷ 19 = 21.47亿元")]
    exact = answer("平均每个约21.47亿元（407.9亿元÷19个）[1]。", cite(1, BIG), figures=work)
    assert grade(q, exact).passed, grade(q, exact).reasons
    # display rounding is fine for a computed answer, within the tolerance, when the answer declares it
    rounded_work = [FigureUse(text="21.5亿元", value=2.15e9, unit="元", source="computation")]
    rounded = answer("平均每个约21.5亿元（407.9亿元÷19个）[1]。", cite(1, BIG), figures=rounded_work)
    assert grade(q, rounded).passed, grade(q, rounded).reasons
    # ... but not outside it
    far_work = [FigureUse(text="22亿元", value=2.2e9, unit="元", source="computation")]
    far = answer("平均每个约22亿元[1]。", cite(1, BIG), figures=far_work)
    assert not grade(q, far).passed
    assert any("21.47亿元" in r for r in grade(q, far).reasons)


FUNDS = "1月至7月，全市争取到超长期特别国债、中央预算、专项债券资金37.6亿元，较2024年全年增长103%。"
GROWTH = question(["18.52亿元"], "较2024年全年增长103%", kind="computed", tolerance=0.01)


def test_unitless_constant_of_shown_arithmetic_is_not_invented() -> None:
    work = [FigureUse(text="18.52亿元", value=1.852e9, unit="元", source="computation",
                      span="37.6亿元 ÷ (1 + 103%) = 18.52亿元")]
    shown = answer("约18.52亿元（37.6亿元 ÷ (1 + 103%) = 18.52亿元）[1]。", cite(1, FUNDS), figures=work)
    assert grade(GROWTH, shown).passed, grade(GROWTH, shown).reasons
    # a constant that no shown arithmetic holds is still invented
    stray = answer("约18.52亿元（37.6亿元 ÷ (2 + 103%)）[1]。", cite(1, FUNDS), figures=work)
    assert grade(GROWTH, stray).reasons == ["figure(s) in no cited passage or computation: 2"]
    # and a quantity with a unit must come from a citation, even when the arithmetic shows it
    padded = [FigureUse(text="18.52亿元", value=1.852e9, unit="元", source="computation",
                        span="37.6亿元 ÷ 2.03 = 18.52亿元，另有5亿元")]
    extra = answer("约18.52亿元，另有5亿元[1]。", cite(1, FUNDS), figures=padded)
    assert grade(GROWTH, extra).reasons == ["figure(s) in no cited passage or computation: 5亿元"]


def test_several_expected_figures_all_needed() -> None:
    q = question(["19个", "407.9亿元"], "10亿元以上项目19个，计划总投资407.9亿元")
    assert grade(q, answer("共19个，计划总投资407.9亿元[1]。", cite(1, BIG))).passed
    half = grade(q, answer("计划总投资407.9亿元[1]。", cite(1, BIG)))
    assert not half.passed and half.reasons == ["expected figure(s) not stated: 19个"]


def test_refusal_without_figures_passes_for_unanswerable() -> None:
    result = grade(UNANSWERABLE, answer("文档中没有给出软通华方项目的总投资。", answerable=False))
    assert result.passed, result.reasons


def test_evidence_split_over_two_adjacent_passages_counts() -> None:
    q = question(["7.52亿元"], "道路等附属设施。项目建成后")
    adjacent = answer("总投资7.52亿元[1][2]。", cite(1, WIND, 0), cite(2, WIND_OUTPUT, len(WIND)))
    assert grade(q, adjacent).passed, grade(q, adjacent).reasons
    apart = answer("总投资7.52亿元[1][2]。", cite(1, WIND, 0), cite(2, WIND_OUTPUT, len(WIND) + 500))
    assert not grade(q, apart).passed


# ---------------------------------------------------------------------------------------------- fails
@pytest.mark.parametrize("text", ["总投资7.52[1]。", "总投资7.52万元[1]。", "总投资752万元[1]。"])
def test_missing_or_wrong_unit_scale_fails(text: str) -> None:
    result = grade(INVEST, answer(text, cite(1, WIND)))
    assert not result.passed
    assert "expected figure(s) not stated: 7.52亿元" in result.reasons
    # and the figure it does state is backed by nothing
    assert any(r.startswith("figure(s) in no cited passage") for r in result.reasons)


def test_exact_for_lookups_no_rounding() -> None:
    q = question(["750.4亿元"], "计划总投资750.4亿元")
    result = grade(q, answer("计划总投资约750亿元[1]。", cite(1, TOTAL)))
    assert not result.passed
    assert "expected figure(s) not stated: 750.4亿元" in result.reasons


def test_extra_invented_figure_fails() -> None:
    result = grade(INVEST, answer("总投资7.52亿元，年产值2亿元[1]。", cite(1, WIND)))
    assert not result.passed
    assert result.reasons == ["figure(s) in no cited passage or computation: 2亿元"]


def test_invented_year_fails() -> None:
    result = grade(INVEST, answer("项目2024年开工，总投资7.52亿元[1]。", cite(1, WIND)))
    assert not result.passed
    assert result.reasons == ["figure(s) in no cited passage or computation: 2024年"]


def test_computed_figure_not_declared_is_invented() -> None:
    q = question(["21.47亿元"], "10亿元以上项目19个，计划总投资407.9亿元", kind="computed", tolerance=0.005)
    result = grade(q, answer("平均每个约21.47亿元[1]。", cite(1, BIG)))  # no FigureUse(source="computation")
    assert not result.passed
    assert any("21.47亿元" in r and "no cited passage" in r for r in result.reasons)


def test_pasted_passage_fails_even_when_short() -> None:
    passage = WIND  # 98 characters: under the length limit, so only the copy rule can catch it
    assert 80 < len(passage) <= 150
    result = grade(INVEST, answer(passage + "[1]", cite(1, passage)))
    assert not result.passed
    assert len(result.reasons) == 1 and result.reasons[0].startswith("pastes cited passage [1]")


def test_long_answer_fails() -> None:
    long_text = "总投资7.52亿元[1]。" + "该项目配套建设升压站、箱变、集电线路、道路等附属设施，" * 7
    result = grade(INVEST, answer(long_text, cite(1, WIND)))
    assert not result.passed
    assert any(r.startswith("not concise") for r in result.reasons)


def test_missing_evidence_citation_fails() -> None:
    other = "据介绍，双辽风电项目的总投资为7.52亿元，目前进展顺利。"
    result = grade(INVEST, answer("总投资7.52亿元[1]。", cite(1, other)))
    assert not result.passed
    assert result.reasons == ["no citation contains the evidence"]
    assert not grade(INVEST, answer("总投资7.52亿元。")).passed  # no citation at all


def test_refusal_of_answerable_question_fails() -> None:
    result = grade(INVEST, answer("文档中没有找到相关内容。", answerable=False))
    assert not result.passed
    assert "refused an answerable question" in result.reasons


@pytest.mark.parametrize("text", [
    "文档没有给出软通华方的总投资，只提到产值3亿元。",
    "文档没有给出总投资；该项目2025年投产。",
    "没有找到第三期项目的投资额。",
    "没有找到相关内容（共查阅5段）。",
])
def test_refusal_that_states_a_figure_fails(text: str) -> None:
    result = grade(UNANSWERABLE, answer(text, answerable=False))
    assert not result.passed
    assert any("refusal states" in r for r in result.reasons)


def test_answering_an_unanswerable_question_fails() -> None:
    result = grade(UNANSWERABLE, answer("该项目进展顺利[1]。", cite(1, WIND)))
    assert not result.passed
    assert result.reasons == ["answered a question the document cannot answer"]


# ---------------------------------------------------------------------------------------------- helpers
def test_markers_are_not_figures() -> None:
    assert strip_markers("共196个[1][2]，其中80个［3］、[1, 2]。") == "共196个，其中80个、。"


def test_copied_fraction() -> None:
    assert copied_fraction("abcdefghij", "xxabcdefghijxx") == 1.0
    assert copied_fraction("abcdefghij", "abcde") == 0.5
    assert copied_fraction("", "abc") == 0.0


def test_cited_texts_joins_only_adjacent_passages_of_one_document() -> None:
    a, b = cite(1, "甲乙丙", 0), cite(2, "丁戊", 3)
    other = cite(3, "己庚", 5, doc_id="other.txt")
    assert "甲乙丙丁戊" in cited_texts([b, a, other])
    assert not any("丁戊己庚" in t for t in cited_texts([a, b, other]))
    overlapping = cite(2, "丙丁戊", 2)
    assert "甲乙丙丁戊" in cited_texts([a, overlapping])


# ---------------------------------------------------------------------------------------------- loader
def _write(tmp_path: Path, *rows: object) -> Path:
    path = tmp_path / "q.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = {"id": "a", "kind": "lookup", "question": "多少个？", "expected": ["196个"], "evidence": "项目196个",
        "history": [], "tolerance": 0.0, "note": ""}


def test_loader_reads_a_good_file(tmp_path: Path) -> None:
    follow = {**GOOD, "id": "b", "kind": "followup", "history": [["问", "答"]]}
    questions = load_questions(_write(tmp_path, GOOD, "", follow))
    assert [q.id for q in questions] == ["a", "b"]
    assert questions[1].history == (("问", "答"),)


@pytest.mark.parametrize(("row", "message"), [
    ("{not json", "q.jsonl:2: not valid JSON"),
    ({**GOOD, "id": "x", "kind": "guess"}, "kind 'guess' is not one of"),
    ({k: v for k, v in GOOD.items() if k != "evidence"} | {"id": "x"}, "missing field(s) evidence"),
    ({**GOOD, "id": "x", "expected": "196个"}, "'expected' must be a list"),
    ({**GOOD, "id": "x", "expected": ["很多"]}, "'很多' is not a figure"),
    ({**GOOD, "id": "x", "evidence": ""}, "needs its evidence"),
    ({**GOOD, "id": "x", "kind": "unanswerable"}, "unanswerable question has no expected"),
    ({**GOOD, "id": "x", "kind": "followup"}, "needs a history"),
    ({**GOOD, "id": "x", "history": [["only one"]]}, "'history' must be"),
    ({**GOOD, "id": "x", "tolerance": "0.1"}, "'tolerance' must be"),
    ({**GOOD, "id": "x", "answer": "?"}, "unknown field(s) answer"),
    (GOOD, "duplicate id 'a' (first on line 1)"),
])
def test_loader_names_the_bad_line(tmp_path: Path, row: object, message: str) -> None:
    with pytest.raises(QuestionSetError, match=r"q\.jsonl:2") as info:
        load_questions(_write(tmp_path, GOOD, row))
    assert message in str(info.value)


def test_the_article_question_set_is_valid() -> None:
    questions = load_questions(REPO / "eval" / "questions" / "article.jsonl")
    article = next((REPO / "corpus").glob("*.txt")).read_text(encoding="utf-8")
    assert {q.kind for q in questions} == {"lookup", "computed", "unanswerable", "followup", "english"}
    flat = "".join(article.split())
    missing = [q.id for q in questions if q.evidence and "".join(q.evidence.split()) not in flat]
    assert missing == [], f"evidence not found in the article: {missing}"
