"""Hybrid retrieval: BM25 over jieba tokens and dense vectors from Chroma, fused by reciprocal rank."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import NodeWithScore, QueryBundle
from llama_index.core.vector_stores.types import BasePydanticVectorStore, VectorStoreQuery

from index.keyword import JiebaBM25Retriever
from index.store import PassageStore

# an administrative unit word a name may be written with or without ("烟台市" is also "烟台")
_UNIT_SUFFIX = re.compile(r"(?<=..)(?:省|市|县|区|州|盟|旗|自治区|特别行政区)$")
# a name in at least this share of the passages is what the whole document is about, and singles out none (the
# city of a city's report is in 44% of its passages; one city of a ranking of ten in 6-16%)
SELECTIVE_SHARE = 0.25


def question_names(query: str) -> list[str]:
    """The proper names a question asks about: jieba's place (ns) and organisation (nt) words of two or more
    characters, as the question writes them."""
    from assistant.postags import tagged

    return list(dict.fromkeys(w.word for w in tagged(query) if w.flag in {"ns", "nt"} and len(w.word) >= 2))


def name_forms(name: str) -> list[str]:
    """A name as the text may write it: "烟台市" also as "烟台"."""
    short = _UNIT_SUFFIX.sub("", name)
    return [name, short] if short != name else [name]


class NamedRetriever(BaseRetriever):
    """The passages that name what the question asks about, ranked by their BM25 score for the whole question.

    In a text that lists many places or companies ("杭州以6.5%排名第三"), the asked attribute's words fill
    every passage and outweigh the one name that tells them apart; both BM25 and the dense vectors then rank
    the passage about the asked entity below others. Taken as a third list into the fusion, the passages
    naming it rise. Only the best few (top_k): a longer list pushed passages that merely name the place above
    the ones the other two agree on (dev documents: 3 of 225 evidence passages lost at 20, none at 3). Nothing
    when the question names none, or only names most passages carry."""

    def __init__(self, keyword: JiebaBM25Retriever, top_k: int = 3,
                 names: Callable[[str], list[str]] = question_names) -> None:
        super().__init__()
        self.keyword = keyword
        self.top_k = top_k
        self.names = names

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        query = query_bundle.query_str
        total = int(self.keyword.bm25.scores["num_docs"])
        naming: set[int] = set()
        for name in self.names(query):
            found = frozenset().union(*(self.keyword.naming(f) for f in name_forms(name)))
            if 0 < len(found) < SELECTIVE_SHARE * total:
                naming |= found
        if not naming:
            return []
        scores = self.keyword.scores(query)
        ranked = sorted(naming, key=lambda i: -float(scores[i]))[: self.top_k]
        return [NodeWithScore(node=self.keyword.node_at(i), score=float(scores[i])) for i in ranked
                if float(np.asarray(scores[i])) > 0]


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
    """The keyword, dense and named-entity retrievers over one store, by name."""
    dense = DenseRetriever(store.vector_store, embedding, candidates)
    keyword = store.keyword_retriever()
    return {"bm25": keyword, "dense": dense, "named": NamedRetriever(keyword)}
