"""Answer engine (first cut): the best supporting sentence of the retrieved passages, cited."""

from __future__ import annotations

from typing import Any

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.settings import Settings
from assistant.types import Answer, Citation
from index.chunk import split_sentences
from index.keyword import tokenize


def citation_for(n: int, hit: NodeWithScore, start: int, end: int) -> Citation:
    meta: dict[str, Any] = hit.node.metadata
    return Citation(n=n, doc_id=str(meta.get("doc_id", "")), text=hit.node.get_content(), start=start, end=end,
                    passage_start=int(meta.get("start", 0)), passage_end=int(meta.get("end", 0)),
                    section=str(meta.get("section", "")), score=float(hit.score or 0.0))


class AnswerEngine:
    def __init__(self, retriever: BaseRetriever, settings: Settings) -> None:
        self.retriever = retriever
        self.settings = settings

    def answer(self, question: str, history: list[tuple[str, str]]) -> Answer:
        hits = self.retriever.retrieve(QueryBundle(question))
        terms = set(tokenize(question))
        best: tuple[float, int, int, int] | None = None
        for rank, hit in enumerate(hits):
            text = hit.node.get_content()
            for s, e in split_sentences(text):
                overlap = len(terms & set(tokenize(text[s:e]))) - 0.1 * rank
                if best is None or overlap > best[0]:
                    best = (overlap, rank, s, e)
        if best is None or best[0] <= 0:
            return Answer(question, "文档中没有找到相关内容。", answerable=False)
        _, rank, s, e = best
        hit = hits[rank]
        base = int(hit.node.metadata.get("start", 0))
        citation = citation_for(1, hit, base + s, base + e)
        return Answer(question, f"{hit.node.get_content()[s:e]}[1]", [citation])
