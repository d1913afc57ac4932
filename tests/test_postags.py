"""Kept part-of-speech readings and passage spans (assistant.postags, candidates.Passage.span): the same answers
as reading afresh, only cheaper when a text comes back."""

from __future__ import annotations

import copy

import jieba.posseg as pseg

from assistant.candidates import Passage
from assistant.postags import place_names, tagged
from assistant.question import analyse
from tests.passages import nodes_of

TEXT = "青岚县2023年地区生产总值达到812.4亿元，同比增长5.2%；其中，工业增加值为301.7亿元。云泽市、临川市紧随其后！"


def test_tagged_reads_as_jieba_does_and_keeps_the_reading() -> None:
    assert tagged(TEXT) == tuple((w.word, w.flag) for w in pseg.cut(TEXT))
    assert tagged(TEXT) is tagged(TEXT)  # the second call is the kept reading


def test_place_names_are_the_ns_words_of_two_characters_or_more() -> None:
    expected = {w.word for w in pseg.cut(TEXT) if w.flag == "ns" and len(w.word) >= 2}
    assert place_names(TEXT) == frozenset(expected)
    assert place_names(TEXT) is place_names(TEXT)


def _span_afresh(text: str, pos: int, ends: str) -> tuple[int, int]:
    left = max((text.rfind(c, 0, pos) for c in ends), default=-1) + 1
    rights = [i for i in (text.find(c, pos) for c in ends) if i >= 0]
    return left, (min(rights) if rights else len(text))


def test_passage_span_matches_a_search_from_scratch_at_every_position() -> None:
    passage = Passage(nodes_of(TEXT)[0], 0)
    for ends in ("，,；;。！？!?：:", "，,；;。！？!?：:、", "；;。！？!?", "。"):
        for pos in range(len(TEXT) + 1):
            assert passage.span(pos, ends) == _span_afresh(TEXT, pos, ends), (ends, pos)


def test_an_analysis_handed_out_is_the_callers_own_copy() -> None:
    first = analyse("青岚县的工业增加值是多少？")
    kept = copy.deepcopy(first)
    first.terms.append("changed")
    first.figures.clear()
    assert analyse("青岚县的工业增加值是多少？") == kept
