"""Approaches: how a question of each kind is answered (azure-search-openai-demo's "approaches").

The router (assistant.route) reads a question's kind; the figure engine (assistant.answer) keeps figure
lookups and computations; every other kind is a small strategy behind the `Approach` interface below, so
that an LLM backend can later take over the open kinds (summary, list, entity, describe) while figures,
yes/no, chit-chat and declines stay deterministic. Every approach's Answer goes through the verifier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode, NodeWithScore

    from assistant.candidates import TermStats
    from assistant.types import Answer

# figure: one figure looked up or computed (the figure engine); yesno: a claim or comparison decided by
# figures; summary / list / entity / describe: open questions answered by quoting the documents;
# chitchat: greetings, thanks, "what can you do"; out_of_scope: poems, code, advice, other topics
Kind = Literal["figure", "yesno", "summary", "list", "entity", "describe", "chitchat", "out_of_scope"]


@dataclass
class Reading:
    """What an approach may read to answer: the question (resolved against the conversation, instruction
    clauses removed), its language, retrieval, the whole index (lists and summaries need recall beyond the
    top passages) and the corpus statistics."""

    question: str
    lang: str  # "zh" or "en": the language the answer is written in
    retrieve: Callable[[str], list[NodeWithScore]]  # the hybrid retriever, top_k passages, best first
    all_nodes: Callable[[], list[BaseNode]]  # every indexed passage, by document and offset
    stats: TermStats
    embedding: Any = None  # the query/passage embedding model (llama-index BaseEmbedding), when loaded
    # the figure engine on another wording of the question ("石溪风电项目的总投资是多少？" for a yes/no claim
    # about it): its Answer, with citations, verified; None when the approach runs without the engine
    ask_figure: Callable[[str], Answer] | None = None


class Approach(Protocol):
    """One way of answering. `answer` returns None when this approach cannot answer the question after
    all (the engine then falls back to the figure engine, whose refusal is the last word)."""

    kind: Kind

    def answer(self, reading: Reading) -> Answer | None: ...
