"""Documents -> cleaned text -> passages -> vectors + keywords in the store, incrementally."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import MetadataMode, TextNode

from index.chunk import chunk_document
from index.clean import clean_text
from index.embed import EmbeddingCache
from index.loaders import SourceDocument, iter_corpus
from index.store import PassageStore, StoreLocation, reset_store

Progress = Callable[[str], None]


def print_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class BuildReport:
    documents: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0  # passages that needed the model (not found in the vector cache)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{self.documents} documents: {self.added} passages added, {self.removed} removed, "
                f"{self.unchanged} unchanged, {self.embedded} embedded, in {self.seconds:.2f} s")
        return text + "".join(f"\n  skipped: {e}" for e in self.errors)


def document_nodes(doc: SourceDocument, chunk_chars: int) -> list[TextNode]:
    meta = {k: v for k, v in doc.metadata.items() if k in {"title", "source", "date", "language"}}
    return chunk_document(doc.doc_id, clean_text(doc.text), chunk_chars, meta)


def build_index(
    location: StoreLocation,
    embedding: BaseEmbedding,
    documents: Iterable[SourceDocument] | None = None,
    corpus_dir: Path | None = None,
    chunk_chars: int = 260,
    rebuild: bool = False,
    prune: bool = True,
    progress: Progress | None = print_progress,
) -> BuildReport:
    """Bring the store in line with the documents: new passages are embedded (through the cache) and
    added, passages of changed documents that no longer exist are deleted, unchanged ones are left alone.
    With prune, documents absent from this corpus are removed from the store."""
    started = time.perf_counter()
    report = BuildReport()
    say = progress or (lambda _m: None)
    if documents is None:
        if corpus_dir is None:
            raise ValueError("give documents or a corpus folder")
        documents = iter_corpus(corpus_dir, report.errors)
    if rebuild:
        reset_store(location)
    store = PassageStore(location)
    stored = store.ids_by_doc()
    seen_docs: set[str] = set()
    new_nodes: list[TextNode] = []
    for doc in documents:
        report.documents += 1
        seen_docs.add(doc.doc_id)
        nodes = document_nodes(doc, chunk_chars)
        wanted = {n.node_id for n in nodes}
        have = stored.get(doc.doc_id, set())
        store.delete(have - wanted)
        report.removed += len(have - wanted)
        report.unchanged += len(have & wanted)
        new_nodes.extend(n for n in nodes if n.node_id not in have)
    if prune:
        for doc_id, ids in stored.items():
            if doc_id not in seen_docs:
                store.delete(ids)
                report.removed += len(ids)

    if new_nodes:
        cache = EmbeddingCache(location.embedding_cache, embedding.model_name)
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in new_nodes]

        def counted(batch: list[str]) -> list[list[float]]:
            report.embedded += len(batch)
            return embedding.get_text_embedding_batch(batch)

        def shown(done: int, total: int) -> None:
            say(f"embedding passages: {done}/{total}")

        try:
            vectors = cache.embed(texts, counted, shown, batch_size=embedding.embed_batch_size)
        finally:
            cache.close()
        for node, vector in zip(new_nodes, vectors, strict=True):
            node.embedding = vector
        store.add(list(new_nodes))
        report.added = len(new_nodes)
    if new_nodes or report.removed or not location.keyword_dir.exists():
        say("writing the keyword index")
        store.write_keyword_index(store.all_nodes())
    report.seconds = time.perf_counter() - started
    return report
