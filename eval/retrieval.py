"""Retrieval quality on the article set: where does the evidence passage rank, for BM25, dense and hybrid?

A retrieved passage is a hit when its text contains the question's evidence substring (whitespace
ignored). Answerable questions only; a follow-up is searched with the previous question prepended.
All three retrievers are read to the same depth (settings.retrieval.candidates); the hybrid ranking is the one
ask() uses, just not cut at top_k, so MRR is comparable across the three.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

from eval.metrics import rank_metrics, squash
from eval.questionset import Question

KS = (1, 3, 5)


def retrieval_query(question: Question) -> str:
    """The question with its last turn prepended (for a retriever used on its own)."""
    if question.kind == "followup" and question.history:
        return f"{question.history[-1][0]} {question.question}"
    return question.question


def evidence_rank(hits: Sequence[NodeWithScore], evidence: str) -> int | None:
    """1-based rank of the first passage containing the evidence, or None."""
    want = squash(evidence)
    for rank, hit in enumerate(hits, start=1):
        if want in squash(hit.node.get_content()):
            return rank
    return None


class _Remembered(BaseRetriever):
    """A retriever that answers a repeated query from memory (the hybrid re-asks BM25 and dense)."""

    def __init__(self, inner: BaseRetriever) -> None:
        super().__init__()
        self.inner = inner
        self.seen: dict[str, list[NodeWithScore]] = {}

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        key = query_bundle.query_str
        if key not in self.seen:
            self.seen[key] = self.inner.retrieve(query_bundle)
        return self.seen[key]


def eval_retrievers(assistant: Any) -> dict[str, BaseRetriever]:
    """BM25, dense and the hybrid fusion of both, each returning settings.retrieval.candidates passages."""
    from assistant.retrieve import HybridRetriever

    settings = assistant.settings
    retrievers: dict[str, BaseRetriever] = {name: _Remembered(r) for name, r in assistant.retrievers.items()}
    retrievers["hybrid"] = HybridRetriever(list(retrievers.values()), top_k=settings.retrieval.candidates,
                                           rrf_k=settings.retrieval.rrf_k)
    return retrievers


def evaluate_retrieval(retrievers: dict[str, BaseRetriever], questions: Sequence[Question],
                       query_of: Callable[[Question], str] = retrieval_query) -> dict[str, Any]:
    """{retriever name: {n, hit@1, hit@3, hit@5, mrr}} plus the per-question ranks under "ranks".

    query_of: the text sent to the retrievers; `python -m eval retrieval` sends what ask() sends
    (follow-ups resolved against their history, English questions with their Chinese search hints)."""
    answerable = [q for q in questions if q.answerable and q.evidence]
    ranks: dict[str, list[int | None]] = {name: [] for name in retrievers}
    for q in answerable:
        bundle = QueryBundle(query_of(q))
        for name, retriever in retrievers.items():
            ranks[name].append(evidence_rank(retriever.retrieve(bundle), q.evidence))
    result: dict[str, Any] = {name: rank_metrics(r, KS) for name, r in ranks.items()}
    result["ranks"] = {q.id: {name: ranks[name][i] for name in retrievers} for i, q in enumerate(answerable)}
    return result


def retrieval_table(result: dict[str, Any], names: Sequence[str]) -> str:
    cols = [f"hit@{k}" for k in KS] + ["mrr"]
    n = int(result[names[0]]["n"]) if names else 0
    lines = [f"evidence-passage retrieval over {n} answerable questions",
             f"{'retriever':<10}" + "".join(f"{c:>8}" for c in cols)]
    for name in names:
        lines.append(f"{name:<10}" + "".join(f"{result[name][c]:>8.3f}" for c in cols))
    return "\n".join(lines)


def misses(result: dict[str, Any], questions: Sequence[Question], name: str = "hybrid",
           k: int = 5) -> list[str]:
    by_id = {q.id: q for q in questions}
    return [f"{qid} ({by_id[qid].kind}): {by_id[qid].question}"
            for qid, r in result["ranks"].items() if r[name] is None or r[name] > k]
