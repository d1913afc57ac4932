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
    ("How much was provincial spending on road building in the third quarter?", "provincial spending"),
    ("Roughly how much is the county's annual water supply capacity?", "annual water supply capacity"),
    ("How much larger is Plant B's annual output than Plant A's?", "annual output"),
    ("How many were the visitors to the museum?", "visitors"),
])
def test_quantity_after_how_much_and_the_verb(question: str, phrase: str) -> None:
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


def test_how_much_of_a_named_quantity_of_no_known_class_guesses_no_money() -> None:
    # "how much freight" (货运, no class in attributes.tsv) is left unclassed, as "货运多少" is in Chinese
    q = analyse(_asked("How much freight did the river port handle?", ["货运"], [("河港",)]))
    assert q.unit_class != "money"


def test_how_much_with_no_quantity_named_still_guesses_money() -> None:
    q = analyse(_asked("How much did the county spend?", [], [("县",)]))
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
