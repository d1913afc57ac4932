"""English questions asking for items after modifiers are lists (assistant.route.asks_items_en); invented wording."""

from __future__ import annotations

import pytest

from assistant.route import asks_items_en, route


@pytest.mark.parametrize("question", [
    "What were the main measures Chengchuan took to attract investment?",
    "What are the five key tasks of the harbour plan for 2032?",
    "What were the 2031 output figures of Qinghe, Lanshan and Dongling?",
])
def test_items_asked_after_modifiers_are_a_list(question: str) -> None:
    assert asks_items_en(question)
    assert route(question) == "list"


@pytest.mark.parametrize("question", [
    "What were the total exports of Chengchuan in 2031?",  # one quantity the statistics lexicon names
    "What were the new projects, and how many were there?",  # an amount asked
    "What was the main measure Chengchuan took?",  # one thing, not items
    "What is the current progress of the harbour project?",
    "关于澄川港，主要措施有哪些？",
])
def test_a_quantity_an_amount_or_one_thing_is_no_list_of_items(question: str) -> None:
    assert not asks_items_en(question)
