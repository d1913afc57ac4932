"""List questions of session 19 on invented text: when no shape of enumeration reads the items (a list in
running prose, "主要由于A，以及B"), the stretch of the document covering the question best is quoted, not
refused; a question the document does not cover is still refused; clauses are cut with their marks."""

from __future__ import annotations

from passages import nodes_of

from assistant.approaches import Reading
from assistant.approaches.listing import ListApproach
from assistant.approaches.stretches import answering_stretches, clause_spans, known_share
from assistant.approaches.text import passages_of, sentences_of, terms_of
from assistant.candidates import TermStats

PARAGRAPHS = (
    "澄川县2031年经济概况",
    "澄川县统计局局长柏文清表示，全县经济上半年增速放缓主要由于暴雨灾害对农业生产的冲击，以及部分外贸订单流向周边省份。",
    "下半年，澄川县将继续推进果蔬冷链物流园建设，园区一期已于6月投入使用。",
    "澄川县文旅局数据显示，上半年全县共接待游客182.4万人次，同比增长12.6%。",
)


def reading_over(paragraphs: tuple[str, ...], question: str) -> Reading:
    """A reading whose retrieval returns every paragraph, as a whole-document list question sees them."""
    nodes = nodes_of(*paragraphs)
    return Reading(question=question, lang="zh", retrieve=lambda text: nodes,
                   all_nodes=lambda: [n.node for n in nodes], stats=TermStats(n.node for n in nodes))


def reading_of(question: str) -> Reading:
    return reading_over(PARAGRAPHS, question)


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


TOWN = (
    "岚桥镇2032年上半年经济简报",
    "上半年，岚桥镇陶瓷、家具、纺织等重点行业产值分别增长8.1%、6.4%和5.2%。",
    "上半年，岚桥镇社会消费品零售总额41.3亿元，同比下降2.1%。其中百货零售额30.2亿元，下降1.4%，餐饮零售额11.1亿元，下降4.6%。",
    "整个上半年，岚桥镇企业坏消息不断。订单流失、原料涨价、用工短缺，屡屡让中小企业陷入困境。",
    "岚桥镇经信办表示，下半年将重点支持技术改造。",
)


def town_reading(question: str) -> Reading:
    return reading_over(TOWN, question)


def test_things_said_to_rise_are_not_listed_for_a_fall() -> None:
    answer = ListApproach().answer(town_reading("上半年岚桥镇哪些行业的零售额下降了？"))
    assert answer is not None and answer.answerable, answer
    assert "餐饮" in answer.text and "百货" in answer.text, answer.text
    assert not any(w in answer.text for w in ("陶瓷", "家具", "纺织")), answer.text


def test_the_enumeration_after_the_sentence_naming_the_kind_is_quoted() -> None:
    answer = ListApproach().answer(town_reading("上半年岚桥镇企业遭遇了哪些坏消息？"))
    assert answer is not None and answer.answerable, answer
    assert all(w in answer.text for w in ("订单流失", "原料涨价", "用工短缺")), answer.text
    assert len(answer.citations) >= 1 and all(c.doc_id == "invented.txt" for c in answer.citations)


def test_words_no_passage_uses_lower_the_share_the_question_is_covered() -> None:
    reading = town_reading("岚桥镇港口吞吐量和集装箱航线有哪些变化？")
    nodes = [n.node for n in reading.retrieve("")]
    terms = terms_of(reading)
    assert known_share(terms, passages_of(nodes)) < 0.7
    assert known_share(terms_of(town_reading("岚桥镇哪些行业产值增长了？")), passages_of(nodes)) == 1.0
