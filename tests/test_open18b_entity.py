"""Entity questions of session 18b on invented texts: English "which" with a singular noun naming a kind of name
(a province, a bank, a year) asks for that name, and its kind is read from the noun; an organisation no tag marks
(a brand jieba reads as a person) is the subject of the clause that says what the question asks."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode

from assistant.approaches import Reading
from assistant.approaches.entity import EntityApproach, names_in, opening_name
from assistant.approaches.text import question_cue
from assistant.candidates import TermStats
from assistant.route import route
from tests.passages import ask_passages, nodes_of


@pytest.mark.parametrize("question", [
    "Which province ranked first in the country by output in 2030?",
    "Which bank's analysts expect the merger to close?",
    "Which year's figures are used as the base?",
])
def test_which_with_a_kind_of_name_asks_a_name(question: str) -> None:
    assert route(question) == "entity"


@pytest.mark.parametrize(("question", "kind"), [
    ("Which brokerage's team expects profits to grow?", "org"),
    ("Which bank was the first to get the licence?", "org"),
    ("Which province ranked first?", "place"),
    ("Which year's figures are used as the base?", "date"),
])
def test_the_kind_of_name_is_read_from_the_noun_after_which(question: str, kind: str) -> None:
    assert question_cue(question, ("person", "org", "place", "date")) == kind


@pytest.mark.parametrize(("question", "kind"), [
    ("Which provinces grew faster than the national average?", "list"),  # plural: every item asked
    ("Which province has the largest output?", "figure"),  # a superlative: the figure engine compares
    ("How many banks opened branches in 2030?", "figure"),
])
def test_plural_and_superlative_which_questions_keep_their_kind(question: str, kind: str) -> None:
    assert route(question) == kind


# -- an organisation no tag marks: the subject of the clause saying what is asked -----------------------------

_BRANDS = ("今年一季度，新能源汽车市场保持快速增长。",
           "其中，比亚迪以28.6万辆的销量位居第一，特斯拉中国以13.7万辆排名第二。",
           "在动力电池领域，宁德时代装车量为52.6GWh，市场份额为43.1%，继续领跑行业。",
           "公司董事长曾毓群表示，将继续加大研发投入。")


def _entity(question: str) -> str:
    nodes = nodes_of(*_BRANDS)
    reading = Reading(question, "zh", lambda q: nodes, lambda: [TextNode(text=t) for t in _BRANDS],
                      TermStats(n.node for n in nodes), ask_figure=lambda q: ask_passages(q, *_BRANDS))
    answer = EntityApproach().answer(reading)
    assert answer is not None
    return answer.lead


@pytest.mark.parametrize(("question", "name"), [
    ("一季度销量位居第一的是哪家车企？", "比亚迪"),  # jieba tags 比亚迪 a person
    ("排名第二的是哪家企业？", "特斯拉中国"),
    ("哪家企业的动力电池装车量继续领跑行业？", "宁德时代"),  # the clause saying it opens on no subject
])
def test_an_organisation_is_the_subject_of_the_clause_saying_what_is_asked(question: str, name: str) -> None:
    assert _entity(question).startswith(name)


def test_a_person_asked_is_still_read_by_the_role() -> None:
    assert _entity("宁德时代的董事长是谁？").startswith("曾毓群")


@pytest.mark.parametrize(("clause", "question", "name"), [
    ("宁德时代装车量为52.6GWh", "哪家企业的装车量最高", "宁德时代"),  # the attribute asked is not the name
    ("市场份额为43.1%", "哪家企业的市场份额最高", ""),  # common nouns name nothing
    ("继续领跑行业", "哪家企业领跑行业", ""),  # opens on no noun
])
def test_the_opening_name_of_a_clause(clause: str, question: str, name: str) -> None:
    assert opening_name(clause, question) == name


@pytest.mark.parametrize(("text", "name"), [
    ("会上，李明2日指出，今年服务贸易保持增长。", "李明"),  # a day between the name and its speech verb
    ("对此，张三日前表示，将加大投入。", "张三"),  # a time word
])
def test_a_person_speaking_is_named_past_the_time_it_was_said(text: str, name: str) -> None:
    assert name in [n for _, n in names_in(text, "person", "")]
