"""What a generative backend reads (issue 10, session 18): the spans the deterministic answer cites, numbered,
instead of the best retrieved passages' sentences; and the calibrated fallback when the model's rewrite of a list
or a summary drops what the engine found. The model is replaced by scripted text to isolate the hand-off; the
index is the real article store (the real model: tests/test_llm_smoke.py)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.approaches import Reading
from assistant.approaches.text import corpus_of
from assistant.llm.approach import KEPT_SHARE, cited_sentences
from assistant.types import Answer, Citation
from tests.passages import nodes_of
from tests.scripted_llm import Scripted

# invented sentences (not an eval document's)
DOC = ("青禾县去年新建三座水厂。第一座在东湖镇，日供水两万吨。第二座在西岭乡，由县水务公司运营。"
       "第三座在南塘村，今年六月投产。")


def _reading(question: str) -> Reading:
    nodes = [n.node for n in nodes_of(DOC)]
    return Reading(question=question, lang="zh", retrieve=lambda _: [], all_nodes=lambda: nodes,  # type: ignore[arg-type]
                   stats=None)


def _cite(reading: Reading, span: str, n: int) -> Citation:
    passage = corpus_of(reading).passages[0]
    at = passage.text.index(span)
    doc = str(passage.hit.node.metadata.get("doc_id", ""))
    return Citation(n, doc, passage.text, passage.start + at, passage.start + at + len(span), passage.start,
                    passage.start + len(passage.text))


def test_the_cited_spans_become_the_models_sentences_in_document_order_within_the_budget() -> None:
    reading = _reading("青禾县新建了哪些水厂？")
    spans = ["第三座在南塘村，今年六月投产。", "第一座在东湖镇，日供水两万吨。", "第一座在东湖镇，日供水两万吨。"]
    answer = Answer(reading.question, "…", [_cite(reading, s, n) for n, s in enumerate(spans, 1)], answerable=True)
    found = cited_sentences(reading, answer, budget_chars=1000)
    assert [s.text for s in found] == [spans[1], spans[0]]  # document order, the repeated span once
    # the budget keeps the first in document order that fit (each line costs its text and a marker)
    assert [s.text for s in cited_sentences(reading, answer, budget_chars=len(spans[1]) + 6)] == [spans[1]]
    # a span outside every indexed passage is left out rather than sent as something it is not
    stray = Citation(9, "other.txt", "别的文件", 0, 4, 0, 4)
    assert cited_sentences(reading, Answer(reading.question, "…", [stray], answerable=True), 1000) == []


def test_a_list_rewrite_must_keep_every_item_the_engine_found() -> None:
    assert KEPT_SHARE["list"] == 1.0 and 0 < KEPT_SHARE["summary"] < 1


@pytest.mark.slow
def test_the_model_reads_what_the_extractive_answer_cites_and_a_thin_rewrite_gives_way(
        scripted_assistant: tuple[Any, Scripted], article_settings: Any) -> None:
    from assistant.api import Assistant

    question = "四平市今年有哪些重点项目？"
    extractive = Assistant(article_settings.with_overrides(llm={"mode": "extractive"})).ask(question)
    assert extractive.answerable and len(extractive.citations) >= 2
    assistant, generator = scripted_assistant
    generator.reply = "文章提到了一个项目[1]。"  # one item of several: the engine's list is kept instead
    answer = assistant.ask(question)
    user = generator.asked[-1][-1].content
    numbered = [line for line in user.splitlines() if line.startswith("[")]
    spans = {c.span.strip() for c in extractive.citations}
    assert numbered and all(line.split("]", 1)[1].strip() in spans for line in numbered), (numbered, spans)
    assert answer.backend == "extractive" and answer.resolution == "extractive_over_thin_model"
    assert answer.text == extractive.text
    # the same items each cited: the model's wording stands, cited to the engine's spans
    generator.reply = "".join(f"项目{n}[{n}]。" for n in range(1, len(numbered) + 1))
    answer = assistant.ask(question)
    assert answer.backend == "scripted" and len(answer.citations) == len(numbered)
    assert {c.span.strip() for c in answer.citations} <= spans


def test_item_numbers_opening_a_models_lines_become_list_dashes_not_figures() -> None:
    from assistant.llm.approach import answer_from_draft
    from assistant.llm.synth import Draft

    reading = _reading("青禾县新建的水厂分别在哪里？")
    spans = ["第一座在东湖镇，日供水两万吨。", "第二座在西岭乡，由县水务公司运营。"]
    answer = Answer(reading.question, "…", [_cite(reading, s, n) for n, s in enumerate(spans, 1)], answerable=True)
    sentences = cited_sentences(reading, answer, 1000)
    draft = Draft("水厂有两座：\n1. 东湖镇[1]\n2、西岭乡[2]\n3）1.5万吨的说法没有依据", 0.0, 0.0)
    written = answer_from_draft(reading, "list", sentences, draft, "scripted")
    lines = written.text.splitlines()
    assert lines[1].startswith("- 东湖镇") and lines[2].startswith("- 西岭乡")
    assert lines[3].startswith("- 1.5万吨")  # a decimal after the item number stays a figure, and is checked
    assert [f.text for f in written.figures if f.text in ("1", "2")] == []
