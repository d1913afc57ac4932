"""English computed questions name their operands by grammar (question.english_sides); invented questions."""

from __future__ import annotations

import pytest

from assistant.bilingual import without_asking_verb
from assistant.question import english_sides


@pytest.mark.parametrize(("question", "operation", "sides"), [
    ("What was the combined 2023 output of Lanford, Merrow and Castlebay?", "sum", ["Lanford", "Merrow", "Castlebay"]),
    ("What is the combined spending of the river and harbour projects?", "sum", ["river", "harbour projects"]),
    # the serial comma: an item may hold "and" itself
    ("How much did roads, schools, and water and power spend together in 2023?", "sum",
     ["roads", "schools", "water and power"]),
    ("What share of Lanford's exports did its machinery shipments account for?", "share",
     ["its machinery shipments", "Lanford's exports"]),
    ("What share of farm lending went to small growers in the first half?", "share",
     ["small growers", "farm lending"]),
    ("Merrow port's 2023 tonnage was what percentage of Castlebay port's?", "share",
     ["Merrow port's 2023 tonnage", "Castlebay port's"]),
    # the verb after "did" asks, the period after the second side is the question's
    ("How much more tax did Lanford collect than Merrow in the first quarter, in yuan?", "difference",
     ["Lanford", "Merrow"]),
    ("How much higher was the average wage of nurses than that of teachers in 2023?", "difference",
     ["average wage of nurses", "teachers"]),
    ("How big is the gap between Lanford's output and Merrow's?", "difference", ["Lanford's output", "Merrow's"]),
    ("By how much did actual harbour spending exceed the budget?", "difference", ["actual harbour spending", "budget"]),
])
def test_sides_named_by_grammar(question: str, operation: str, sides: list[str]) -> None:
    assert english_sides(question, operation) == sides


@pytest.mark.parametrize(("question", "operation"), [
    ("What was Lanford's output in 2023?", "sum"),  # no list
    ("What share of exports was machinery?", "difference"),  # the grammar of another computation
    ("How much did Lanford's output grow?", "difference"),  # no second side
])
def test_no_sides_named(question: str, operation: str) -> None:
    assert english_sides(question, operation) == [question]


@pytest.mark.parametrize(("question", "kept"), [
    # the verb between the sides and "than"/"together" only asks
    ("How much more rice did Lanford harvest than Merrow?", "How much more rice did Lanford than Merrow?"),
    ("How much did roads and schools spend together?", "How much did roads and schools together?"),
    # a verb of change names the rate asked; no comparison, nothing dropped
    ("How much faster did Lanford grow than Merrow?", "How much faster did Lanford grow than Merrow?"),
    ("How much rice did Lanford harvest?", "How much rice did Lanford harvest?"),
])
def test_asking_verb_dropped(question: str, kept: str) -> None:
    assert " ".join(without_asking_verb(question).split()) == kept
