"""English question reading mirrors the Chinese question's analysis (session 18): invented questions, their
Chinese words given as the hints the bilingual dictionary would add (assistant.hints.with_hints)."""

from __future__ import annotations

import pytest

from assistant.bilingual import attribute_phrases
from assistant.question import analyse, hint_text


def _asked(question: str, attributes: list[str], groups: list[tuple[str, ...]], counted: str = "",
           names: list[str] | None = None) -> str:
    return hint_text(question, attributes, counted, groups, names or [])


@pytest.mark.parametrize(("question", "phrase"), [
    ("How much larger is Plant B's annual output than Plant A's?", "annual output"),
    ("How much higher was the county's water supply capacity than the city's?", "water supply capacity"),
])
def test_quantity_after_a_comparative_and_the_verb(question: str, phrase: str) -> None:
    assert attribute_phrases(question)[0] == phrase


def test_a_comparative_before_the_verb_is_no_quantity() -> None:
    assert "larger" not in attribute_phrases("How much larger is Plant B's annual output than Plant A's?")


def test_attribute_word_among_the_other_words_when_no_phrase_names_it() -> None:
    # "Spending on schools is to exceed what amount?": "amount" names nothing; 投资 is an attribute word (money)
    q = analyse(_asked("Spending on schools is to exceed what amount?", [],
                       [("投资", "花费"), ("学校",), ("超过",)]))
    assert q.attributes == ["投资"]
    assert q.unit_class == "money"


def test_no_attribute_word_among_the_other_words_leaves_none() -> None:
    q = analyse(_asked("The harbour is to exceed what amount?", [], [("港口",), ("超过",)]))
    assert q.attributes == []


def test_counted_noun_is_the_quantity_of_a_count() -> None:
    # "how many schools with investment over …": what is counted, not the investment, is asked
    q = analyse(_asked("How many schools had investment above 5 million yuan?", [], [("投资",), ("以上",)],
                       counted="学校"))
    assert q.count_noun == "学校"
    assert "投资" not in q.attributes


def test_how_much_of_a_named_quantity_of_no_known_class_still_guesses_money() -> None:
    # kept as it was (session 18): left unclassed, "how much freight" took any figure near the words, where the
    # money guess refuses (a wrong figure is worse than none)
    q = analyse(_asked("How much freight did the river port handle?", ["货运"], [("河港",)]))
    assert q.unit_class == "money"


def test_how_much_of_a_money_quantity_is_money() -> None:
    q = analyse(_asked("How much tax revenue did the county collect?", ["税收"], [("县",)]))
    assert q.unit_class == "money"


def test_a_share_asked_is_a_percent_whatever_the_whole() -> None:
    q = analyse(_asked("What share of the county's fiscal revenue came from land sales?", ["财政收入"],
                       [("土地",), ("出让",)]))
    assert q.operation == "share"
    assert q.unit_class == "percent"


def test_an_english_count_keeps_the_documents_counter_and_reads_back_as_that_count() -> None:
    from assistant.figures import format_value, parse_figures

    shown = format_value(4.2e7, "人次", "count", "en")
    assert shown == "42 million 人次"
    back = parse_figures(shown)[0]
    assert (back.value, back.unit, back.unit_class) == (4.2e7, "人次", "count")
    assert format_value(15, "", "count", "en") == "15"  # no counter written, none added


@pytest.mark.parametrize(("noun", "verb"), [
    ("development", "develop"), ("production", "produce"), ("construction", "construct"), ("expansion", "expand"),
])
def test_a_noun_made_of_a_verb_names_its_verb(noun: str, verb: str) -> None:
    from assistant.bilingual import nominal_verbs

    assert verb in nominal_verbs(noun)
    assert nominal_verbs("harbour") == []


def test_a_noun_whose_own_senses_the_text_lacks_reads_as_its_verb() -> None:
    from assistant.bilingual import english_terms

    # an invented text writing 生产 (produce) and never 产制 (CC-CEDICT's "production")
    df = {"生产": 3, "粮食": 2}
    found = english_terms("What was the grain production of the county?", lambda z: df.get(z, 0),
                          lambda z: z in df)
    assert "生产" in [z for g in (found.attribute, *found.other) for z in g]
