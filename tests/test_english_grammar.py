"""Issue 8, class 5 (slice en16): English question grammar fills the Question fields the Chinese analysis fills
from its own grammar: a stated multi-year average growth (两年平均增长), a change in percentage points, a
multiple, a gap with "than"/"exceed", a previous period's level, a unit asked for ("in 100 million yuan"); and
the bilingual reading keeps a statistical set phrase the text never writes among the other words. Every sentence
is invented (an imaginary province, Yunchuan 云川)."""

from __future__ import annotations

from assistant.bilingual import english_terms, frequency_in
from assistant.question import analyse

# word counts of an invented provincial bulletin's passages: it reports GDP and its growth, no value added
DF = {"云川": 8, "地区生产总值": 3, "生产总值": 3, "增长": 9, "平均": 2, "两年": 2, "同比": 4, "投资": 3}
FREQUENCY = frequency_in(DF)


def test_a_multi_year_average_growth_is_the_stated_indicator() -> None:
    q = analyse("What was the two-year average growth of Yunchuan's GDP?")
    assert (q.operation, q.unit_class) == ("lookup", "percent")
    assert q.attributes[0] == "两年平均增长"
    assert analyse("What was the average annual growth of Yunchuan's exports?").attributes[0] == "年均增长"
    assert analyse("What was the three-year average GDP growth rate?").attributes[0] == "三年平均增长"
    # a mean over items is still taken
    assert analyse("What was the average growth rate of the five largest cities?").operation == "average"


def test_points_multiples_and_gaps_by_grammar() -> None:
    q = analyse("By how many percentage points did the share of services rise from the previous year?")
    assert q.points and q.unit_class == "percent" and q.operation == "lookup"
    q = analyse("How many percentage points faster did Yunchuan's industry grow than its services?")
    assert not q.points and (q.operation, q.unit_class) == ("difference", "percent")
    assert analyse("How much larger was Yunchuan's GDP than Qinghe's?").operation == "difference"
    assert analyse("By how much did actual investment exceed the plan?").operation == "difference"
    q = analyse("By how many times did mining profits increase year on year?")
    assert q.multiple and q.unit_class == "plain"
    assert analyse("How many times larger than the bank's fees was its interest income?").operation == "multiple"
    # "how many times" counting occasions is a count, not a multiple
    q = analyse("How many times is Yunchuan mentioned in the plan?")
    assert q.operation == "lookup" and q.unit_class == "count" and not q.multiple


def test_the_previous_period_is_worked_back() -> None:
    q = analyse("Working back from the 12.5% growth rate, roughly what were Yunchuan's exports in 2020?")
    assert q.operation == "growth_base"
    assert analyse("Roughly how much was Yunchuan's investment in the first half of last year?").operation \
        == "growth_base"
    # a change against last year is a rate, looked up
    assert analyse("By how much did Yunchuan's investment grow compared with last year?").operation == "lookup"


def test_a_unit_asked_for_is_no_figure_of_the_question() -> None:
    q = analyse("What was Yunchuan's GDP in 2021, in 100 million yuan?")
    assert [f.text for f in q.figures] == ["2021"]
    q = analyse("How many cars were sold in the first half, in units of ten thousand?")
    assert q.figures == []
    assert [f.value for f in analyse("Which projects cost over 100 million yuan?").figures] == [1e8]


def test_a_number_word_has_no_verb_object_reading() -> None:
    found = english_terms("What was the two-year average growth of Yunchuan's GDP?", FREQUENCY)
    words = [z for g in found.other for z in g] + list(found.attribute)
    assert "两个中国" not in words and "增长" in words


def test_an_absent_set_phrase_stays_among_the_other_words() -> None:
    found = english_terms("How much did the value added of Yunchuan's industry grow?", FREQUENCY)
    assert ("增加值",) in found.other  # named by the question though the text never writes it
    assert "增加值" not in found.attribute
