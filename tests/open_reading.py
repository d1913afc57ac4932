"""A Reading over a real Assistant, as AnswerEngine.reading builds one (retrieval with an English question's
Chinese hints): the tests call each approach directly, whatever the router would choose."""

from __future__ import annotations

import weakref

from llama_index.core.schema import QueryBundle

from assistant.api import Assistant
from assistant.approaches import Reading
from assistant.question import detect_lang

# each assistant's nodes per generation, kept while the assistant lives: keyed by the object itself, not by
# id(), since a later module's Assistant can be given the id of a collected one (and read its nodes)
_NODES: weakref.WeakKeyDictionary[Assistant, dict[int, list]] = weakref.WeakKeyDictionary()


def reading_for(assistant: Assistant, question: str) -> Reading:
    kept = _NODES.setdefault(assistant, {})
    if assistant.generation not in kept:
        kept[assistant.generation] = assistant.store.all_nodes()
    nodes = kept[assistant.generation]
    return Reading(question=question, lang=detect_lang(question),
                   retrieve=lambda q: assistant.retriever.retrieve(QueryBundle(assistant.engine.with_hints(q))),
                   all_nodes=lambda: nodes, stats=assistant.engine.synthesizer.stats,
                   embedding=assistant.embedding, ask_figure=assistant.ask)
