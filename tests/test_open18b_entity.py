"""English entity questions of session 18b: "which" with a singular noun naming a kind of name (a province, a
bank, a year) asks for that name, and the entity approach reads which kind of name to look for from it."""

from __future__ import annotations

import pytest

from assistant.approaches.text import question_cue
from assistant.route import route


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
