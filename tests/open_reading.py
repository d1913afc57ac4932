"""A Reading over a real Assistant, as AnswerEngine.reading builds one (retrieval with an English question's
Chinese hints): the tests call each approach directly, whatever the router would choose."""

from __future__ import annotations

from llama_index.core.schema import QueryBundle

from assistant.api import Assistant
from assistant.approaches import Reading
from assistant.question import detect_lang

_NODES: dict[tuple[int, int], list] = {}


def reading_for(assistant: Assistant, question: str) -> Reading:
    key = (id(assistant), assistant.generation)
    if key not in _NODES:
        _NODES[key] = assistant.store.all_nodes()
    nodes = _NODES[key]
    return Reading(question=question, lang=detect_lang(question),
                   retrieve=lambda q: assistant.retriever.retrieve(QueryBundle(assistant.engine.with_hints(q))),
                   all_nodes=lambda: nodes, stats=assistant.engine.synthesizer.stats,
                   embedding=assistant.embedding, ask_figure=assistant.ask)
