"""List questions of session 19 on invented text: when no shape of enumeration reads the items (a list in
running prose, "主要由于A，以及B"), the stretch of the document covering the question best is quoted, not
refused; a question the document does not cover is still refused; clauses are cut with their marks."""

from __future__ import annotations

from passages import nodes_of

from assistant.approaches import Reading
from assistant.approaches.listing import ListApproach
from assistant.approaches.stretches import answering_stretches, clause_spans
from assistant.approaches.text import passages_of, sentences_of, terms_of
from assistant.candidates import TermStats

PARAGRAPHS = (
    "澄川县2031年经济概况",
    "澄川县统计局局长柏文清表示，全县经济上半年增速放缓主要由于暴雨灾害对农业生产的冲击，以及部分外贸订单流向周边省份。",
    "下半年，澄川县将继续推进果蔬冷链物流园建设，园区一期已于6月投入使用。",
    "澄川县文旅局数据显示，上半年全县共接待游客182.4万人次，同比增长12.6%。",
)


def reading_of(question: str) -> Reading:
    nodes = nodes_of(*PARAGRAPHS)
    return Reading(question=question, lang="zh", retrieve=lambda text: nodes,
                   all_nodes=lambda: [n.node for n in nodes], stats=TermStats(n.node for n in nodes))


def test_clauses_are_cut_after_their_marks() -> None:
    text = "甲由于乙，以及丙；丁。戊"
    assert [text[a:b] for a, b in clause_spans(text)] == ["甲由于乙，", "以及丙；", "丁。", "戊"]


def test_the_sentence_covering_the_question_is_the_stretch() -> None:
    reading = reading_of("柏文清认为上半年经济增速放缓主要由于哪些原因？")
    nodes = [n.node for n in reading.retrieve("")]
    stretches = answering_stretches(sentences_of(passages_of(nodes)), terms_of(reading))
    assert len(stretches) == 1
    assert "暴雨灾害" in stretches[0].text and "外贸订单" in stretches[0].text
    assert stretches[0].cover >= 0.6


def test_a_list_in_running_prose_is_quoted_with_its_citation() -> None:
    answer = ListApproach().answer(reading_of("柏文清认为上半年经济增速放缓主要由于哪些原因？"))
    assert answer is not None and answer.answerable and answer.kind == "list", answer
    assert "暴雨灾害对农业生产的冲击" in answer.text and "部分外贸订单流向周边省份" in answer.text, answer.text
    assert "[1]" in answer.text and len(answer.citations) == 1
    assert "暴雨灾害" in answer.citations[0].text
    assert not any(ch.isdigit() for ch in answer.lead), answer.lead  # the lead counts nothing it cannot trace


def test_a_question_the_document_does_not_cover_is_not_answered_by_a_stretch() -> None:
    reading = reading_of("柏文清认为澄川县港口吞吐量下降有哪些原因？")
    nodes = [n.node for n in reading.retrieve("")]
    stretches = answering_stretches(sentences_of(passages_of(nodes)), terms_of(reading))
    assert stretches == [] or all("港口" in s.text for s in stretches)
    assert answering_stretches(sentences_of(passages_of(nodes)), terms_of(reading_of("火星探测器有哪些载荷？"))) == []
