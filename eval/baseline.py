"""The baseline: what a user writes in ten lines of stock llama-index, wrapped in our Answer type.

VectorStoreIndex over the default SentenceSplitter() chunks of the raw documents (no cleaning), the same
embedding model, top-k retrieval; the answer is the top passage, the citations are the retrieved nodes.
No LLM is involved: only the retriever is used, so Settings.llm is never resolved.

Vectors go through the project's content-hash cache (when a cache path is given): the baseline's
results are exactly what llama-index would compute, it just does not pay for the model twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import MetadataMode, NodeWithScore, QueryBundle

from assistant.types import Answer, Citation
from index.loaders import SourceDocument


class Baseline:
    engine = "baseline"

    def __init__(self, documents: Iterable[SourceDocument], embedding: BaseEmbedding, top_k: int = 5,
                 depth: int | None = None, cache_path: Path | None = None) -> None:
        """top_k passages are cited; retrieve() reads `depth` passages (same ranking)."""
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        docs = [Document(text=d.text, id_=d.doc_id) for d in documents]
        nodes = SentenceSplitter().get_nodes_from_documents(docs)
        if not nodes:
            raise ValueError("the baseline has no documents to index")
        if cache_path is not None:
            _fill_from_cache(nodes, embedding, cache_path)
        self.nodes = nodes
        self.index = VectorStoreIndex(nodes, embed_model=embedding)
        self.top_k = top_k
        self.retriever = self.index.as_retriever(similarity_top_k=max(depth or top_k, top_k))

    def retrieve(self, question: str) -> list[NodeWithScore]:
        return self.retriever.retrieve(QueryBundle(question))

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        """The top passage, citing the top_k retrieved. A stock retriever has no memory: history is unused."""
        started = time.perf_counter()
        return self.answer_from(question, self.retrieve(question), started)

    def answer_from(self, question: str, hits: list[NodeWithScore], started: float) -> Answer:
        """The Answer for already retrieved hits (only the first top_k are cited); latency since `started`."""
        citations = [_citation(i, hit) for i, hit in enumerate(hits[: self.top_k], start=1)]
        text = f"{citations[0].text}[1]" if citations else ""
        answer = Answer(question, text, citations, answerable=True, engine=self.engine)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer


def _citation(n: int, hit: NodeWithScore) -> Citation:
    node: Any = hit.node
    text = node.get_content()
    start = int(node.start_char_idx or 0)
    end = int(node.end_char_idx) if node.end_char_idx is not None else start + len(text)
    return Citation(n=n, doc_id=str(node.ref_doc_id or ""), text=text, start=start, end=end,
                    passage_start=start, passage_end=end, score=float(hit.score or 0.0))


def _fill_from_cache(nodes: list[Any], embedding: BaseEmbedding, cache_path: Path) -> None:
    from index.build import print_progress
    from index.embed import EmbeddingCache

    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    cache = EmbeddingCache(cache_path, embedding.model_name)

    def shown(done: int, total: int) -> None:
        if done == total or done % (embedding.embed_batch_size * 4) == 0:
            print_progress(f"baseline: embedding passages {done}/{total}")

    try:
        vectors = cache.embed(texts, embedding.get_text_embedding_batch, shown, embedding.embed_batch_size)
    finally:
        cache.close()
    for node, vector in zip(nodes, vectors, strict=True):
        node.embedding = vector
