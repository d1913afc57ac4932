"""Hybrid retrieval: BM25 over jieba tokens and dense vectors from Chroma, fused by reciprocal rank."""

from __future__ import annotations

from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore, QueryBundle

from index.store import PassageStore


class HybridRetriever(BaseRetriever):
    """Weighted reciprocal rank fusion (Cormack et al. 2009) of any number of retrievers."""

    def __init__(self, retrievers: list[BaseRetriever], weights: list[float] | None = None,
                 top_k: int = 5, rrf_k: int = 60) -> None:
        super().__init__()
        self.retrievers = retrievers
        self.weights = weights or [1.0] * len(retrievers)
        self.top_k = top_k
        self.rrf_k = rrf_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        fused: dict[str, float] = {}
        nodes: dict[str, NodeWithScore] = {}
        for retriever, weight in zip(self.retrievers, self.weights, strict=True):
            for rank, hit in enumerate(retriever.retrieve(query_bundle)):
                node_id = hit.node.node_id
                fused[node_id] = fused.get(node_id, 0.0) + weight / (self.rrf_k + rank + 1)
                nodes.setdefault(node_id, hit)
        ranked = sorted(fused, key=lambda i: fused[i], reverse=True)[: self.top_k]
        return [NodeWithScore(node=nodes[i].node, score=fused[i]) for i in ranked]


def build_retrievers(store: PassageStore, embedding: BaseEmbedding, candidates: int) -> dict[str, BaseRetriever]:
    """The keyword and dense retrievers over one store, by name."""
    # the index is only read here; without transformations it would make llama-index's default ones, a
    # SentenceSplitter that loads tiktoken's vocabulary (~0.8 s of a fresh process's first answer)
    dense = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embedding,
                                               transformations=[embedding]).as_retriever(
        similarity_top_k=candidates
    )
    return {"bm25": store.keyword_retriever(), "dense": dense}
