"""Hybrid retrieval: BM25 over jieba tokens and dense vectors from Chroma, fused by reciprocal rank."""

from __future__ import annotations

from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores.types import BasePydanticVectorStore, VectorStoreQuery

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


class DenseRetriever(BaseRetriever):
    """The query's embedding against the vector store: what VectorStoreIndex(...).as_retriever() does for
    a store that keeps the passages' text (Chroma does), without importing llama_index.core.indices, whose
    package brings every index and chat engine (~1 s of a fresh process's first answer, index.lazy_import)."""

    def __init__(self, vector_store: BasePydanticVectorStore, embedding: BaseEmbedding, top_k: int) -> None:
        super().__init__()
        self.vector_store = vector_store
        self.embedding = embedding
        self.similarity_top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        if query_bundle.embedding is None and query_bundle.embedding_strs:
            query_bundle.embedding = self.embedding.get_agg_embedding_from_queries(query_bundle.embedding_strs)
        result = self.vector_store.query(VectorStoreQuery(query_embedding=query_bundle.embedding,
                                                          similarity_top_k=self.similarity_top_k,
                                                          query_str=query_bundle.query_str))
        scores = result.similarities
        return [NodeWithScore(node=node, score=None if scores is None else scores[i])
                for i, node in enumerate(result.nodes or [])]


def build_retrievers(store: PassageStore, embedding: BaseEmbedding, candidates: int) -> dict[str, BaseRetriever]:
    """The keyword and dense retrievers over one store, by name."""
    dense = DenseRetriever(store.vector_store, embedding, candidates)
    return {"bm25": store.keyword_retriever(), "dense": dense}
