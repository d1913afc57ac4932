"""Yes/no questions of session 17a on invented texts: a number inside a name ("80后", "5G") is no claimed
figure, and an English two-sided comparison ("Was A's X higher than B's?") is decided by each side's figure
from the figure engine, asked in Chinese."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode

from assistant.approaches import Reading
from assistant.approaches.english_comparison import compared_en, decide_compared_en
from assistant.approaches.yesno import claimed, compared
from assistant.candidates import TermStats
from tests.passages import ask_passages, nodes_of


def test_a_number_inside_a_name_is_not_a_claimed_figure() -> None:
    assert claimed("“90后”的旅客占比超过“70后”了吗？") is None
    assert compared("“90后”的旅客占比超过“70后”了吗？") == ("“90后”的旅客占比", "“70后”", "多")
    assert claimed("6G基站是否超过2万个？") is not None  # the count with its unit is still the claim
    assert claimed("6G基站是否超过2万个？")[0].value == 20000  # type: ignore[index]


def test_a_bare_number_ended_by_a_particle_is_still_a_claim() -> None:
    claim = claimed("出口额超过300了吗？")
    assert claim is not None and claim[0].value == 300 and claim[1] == ">"


@pytest.mark.parametrize(("question", "first", "second", "more"), [
    ("Was Hubei's 2030 GDP higher than Hunan's?", "Hubei's 2030 GDP", "Hunan's 2030 GDP", True),
    ("Is Hubei's output lower than Hunan?", "Hubei's output", "Hunan's output", False),
    ("Was GDP in Hubei larger than in Hunan?", "GDP in Hubei", "GDP in Hunan", True),
    ("Did Hubei's exports exceed Hunan's?", "Hubei's exports", "Hunan's exports", True),
])
def test_english_comparisons_are_split_into_two_sides(question: str, first: str, second: str, more: bool) -> None:
    sides = compared_en(question)
    assert sides is not None
    assert (sides.first, sides.second, sides.more) == (first, second, more)


def test_an_english_question_comparing_nothing_named_is_no_comparison() -> None:
    assert compared_en("Was the port the largest in the province?") is None
    assert compared_en("Is GDP higher than the national average?") is None  # no owner to ask the second side of


_TEXTS = ("2030年，湖北地区生产总值为61234.5亿元，同比增长5.1%。",
          "同年，湖南地区生产总值为53456.7亿元，同比增长4.8%。")


def _reading(question: str, texts: tuple[str, ...] = _TEXTS) -> Reading:
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "en", lambda q: nodes, lambda: [TextNode(text=t) for t in texts], stats,
                   ask_figure=lambda q: ask_passages(q, *texts))


def test_an_english_comparison_is_decided_by_both_cited_figures() -> None:
    answer = decide_compared_en(_reading("Was Hunan's 2030 GDP higher than Hubei's?"), "yesno")
    assert answer is not None and answer.verified
    assert answer.lead.startswith("No.")
    assert "53456.7亿元" in answer.text and "61234.5亿元" in answer.text
    assert len(answer.citations) == 2
    reverse = decide_compared_en(_reading("Was Hubei's 2030 GDP higher than Hunan's?"), "yesno")
    assert reverse is not None and reverse.lead.startswith("Yes.")


def test_an_english_comparison_with_one_side_unstated_is_not_decided() -> None:
    only_one = (_TEXTS[0], "同年，湖南粮食产量为3012万吨。")
    assert decide_compared_en(_reading("Was Hunan's 2030 GDP higher than Hubei's?", only_one), "yesno") is None


@pytest.mark.parametrize(("question", "value", "relation"), [
    ("Did the harbour's cargo fall by more than half last year?", 0.5, ">"),
    ("Is the share of tea exports less than a third?", 1 / 3, "<"),
    ("Did services exceed two thirds of the total?", 2 / 3, ">"),
])
def test_english_fraction_thresholds_are_claimed_as_percentages(question: str, value: float, relation: str) -> None:
    from assistant.approaches.yesno import fractions_as_percent

    claim = claimed(fractions_as_percent(question))
    assert claim is not None and claim[1] == relation
    assert claim[0].unit_class == "percent" and abs(claim[0].value - value) < 1e-3


def test_half_a_million_is_no_fraction_threshold() -> None:
    from assistant.approaches.yesno import fractions_as_percent

    assert fractions_as_percent("Were there more than half a million visitors?") == \
        "Were there more than half a million visitors?"


_TRADE = ("一季度，青川港口货物吞吐量1.2亿吨，同比增长6.1%。",
          "其中，青川与东林中间产品进出口312亿元，占青川与东林贸易规模的58%。",
          "同期，青川对西岭出口增长3.2%，进口下降1.4%。")


def _zh_reading(question: str, texts: tuple[str, ...]) -> Reading:
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "zh", lambda q: nodes, lambda: [n.node for n in nodes], stats,
                   ask_figure=lambda q: ask_passages(q, *texts))


def test_a_claimed_share_is_read_from_the_one_sentence_stating_the_subject() -> None:
    from assistant.approaches.verdicts import claim_in_sentence

    question = "青川与东林中间产品进出口占双方贸易规模的比重超过50%了吗？"
    claim = claimed(question)
    assert claim is not None
    found = claim_in_sentence(_zh_reading(question, _TRADE), "青川与东林中间产品进出口占双方贸易规模的比重", claim[0])
    assert found is not None and found[1].text == "58%" and "中间产品" in found[0].text


def test_no_sentence_stating_the_subject_decides_nothing() -> None:
    from assistant.approaches.verdicts import claim_in_sentence

    question = "青川对南岗的出口占比超过50%了吗？"
    claim = claimed(question)
    assert claim is not None
    assert claim_in_sentence(_zh_reading(question, _TRADE), "青川对南岗的出口占比", claim[0]) is None
