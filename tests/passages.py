"""Invented passages answered by the figure engine alone (no store, no retrieval): unit tests of reading."""

from __future__ import annotations

import re

from llama_index.core.schema import NodeWithScore, TextNode

from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import Candidate, Passage, TermStats
from assistant.types import Answer


def nodes_of(*texts: str) -> list[NodeWithScore]:
    """The texts as retrieved passages of one invented document, in order, with their offsets."""
    nodes, start = [], 0
    for text in texts:
        nodes.append(NodeWithScore(node=TextNode(text=text, metadata={"start": start, "end": start + len(text),
                                                                      "doc_id": "invented.txt"}), score=1.0))
        start += len(text) + 1
    return nodes


def ask_passages(question: str, *texts: str) -> Answer:
    """The engine's answer from these passages, with term statistics over them alone."""
    nodes = nodes_of(*texts)
    return FigureAnswerSynthesizer(TermStats(n.node for n in nodes)).answer(question, nodes)


def states(answer: Answer, figure: str) -> bool:
    """The figure as stated, perhaps with a qualifier ("约2630亿元"), never as the tail of another ("0.3亿元")."""
    return answer.answerable and any(re.search(rf"(?<![\d.]){re.escape(figure)}", u.text) for u in answer.figures)


def refused(answer: Answer) -> bool:
    return not answer.answerable and not re.search(r"\d", answer.text)


def figure_candidates(text: str) -> dict[str, Candidate]:
    """Every figure of one invented passage as a Candidate, by its text ("5.3%"): operands for arithmetic."""
    node = TextNode(text=text, metadata={"start": 0, "end": len(text), "doc_id": "t.txt"})
    passage = Passage(NodeWithScore(node=node, score=1.0), 0)
    return {f.text: Candidate(f, passage) for f in passage.figures}
