"""Documents -> cleaned text -> passages -> vectors + keywords in the store, incrementally."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import MetadataMode, TextNode

from index.chunk import chunk_document, page_starts
from index.clean import clean_text
from index.embed import EmbeddingCache
from index.loaders import SourceDocument, iter_corpus
from index.store import (
    PassageStore,
    StoreError,
    StoreLocation,
    build_lock,
    generation_complete,
    generation_numbers,
    new_generation,
    open_for_build,
    read_pointer,
    remove_generations,
    remove_legacy_layout,
    write_pointer,
)

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
    generation: int = 0  # the generation serving after this build (unchanged when nothing changed)

    def summary(self) -> str:
        text = (f"{self.documents} documents: {self.added} passages added, {self.removed} removed, "
                f"{self.unchanged} unchanged, {self.embedded} embedded, in {self.seconds:.2f} s "
                f"(generation {self.generation})")
        return text + "".join(f"\n  skipped: {e}" for e in self.errors)


def document_nodes(doc: SourceDocument, chunk_chars: int) -> list[TextNode]:
    meta = {k: v for k, v in doc.metadata.items() if k in {"title", "source", "date", "language"}}
    return chunk_document(doc.doc_id, clean_text(doc.text, doc.wrapped), chunk_chars, meta, page_starts(doc.text))


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
    """Bring the store in line with the documents. When anything changed, the next generation is written
    beside the serving one (new passages embedded through the cache, unchanged ones keeping their stored
    vectors), checked, and only then made current; a crash at any point leaves the old one serving.
    With prune, documents absent from this corpus are dropped; rebuild ignores the serving generation
    (and replaces a corrupt store folder)."""
    started = time.perf_counter()
    report = BuildReport()
    say = progress or (lambda _m: None)
    if documents is None:
        if corpus_dir is None:
            raise ValueError("give documents or a corpus folder")
        documents = iter_corpus(corpus_dir, report.errors)
    with build_lock(location, lambda: say("waiting for another index build of this store to finish")):
        _build(location, embedding, documents, chunk_chars, rebuild, prune, say, report)
    report.seconds = time.perf_counter() - started
    return report


def _build(location: StoreLocation, embedding: BaseEmbedding, documents: Iterable[SourceDocument],
           chunk_chars: int, rebuild: bool, prune: bool, say: Progress, report: BuildReport) -> None:
    client = open_for_build(location, wipe_unreadable=rebuild)
    try:
        current = read_pointer(location)
    except StoreError:
        if not rebuild:
            raise
        current = None
    # a rebuild never reads the serving generation (it may be what is broken)
    serving = PassageStore(location, current) if current is not None and not rebuild else None
    stored = serving.ids_by_doc() if serving is not None else {}

    passages: list[TextNode] = []
    seen_docs: set[str] = set()
    for doc in documents:
        report.documents += 1
        seen_docs.add(doc.doc_id)
        nodes = document_nodes(doc, chunk_chars)
        wanted = {n.node_id for n in nodes}
        have = stored.get(doc.doc_id, set())
        report.removed += len(have - wanted)
        report.unchanged += len(have & wanted)
        report.added += len(wanted - have)
        passages.extend(nodes)
    kept_ids = {i for doc_id, ids in stored.items() if doc_id not in seen_docs for i in ids}
    if prune:
        report.removed += len(kept_ids)
        kept_ids = set()

    numbers = generation_numbers(location, client)
    if current is not None:
        orphans = {n for n in numbers if n > current.number}  # builds that crashed before their switch
        if orphans:
            remove_generations(location, client, orphans)
            numbers -= orphans
        complete = generation_complete(location, current)
        if not rebuild and not report.added and not report.removed and complete:
            report.generation = current.number
            return  # nothing changed: the serving generation stays, untouched

    # the next generation: unchanged passages keep their stored vectors, the rest come from the cache/model
    number = max(numbers | {current.number if current else 0}) + 1
    if serving is not None:
        stored_ids = {i for ids in stored.values() for i in ids}
        passages.extend(serving.all_nodes(kept_ids) if kept_ids else [])  # other documents, without prune
        reused = serving.vectors({n.node_id for n in passages} & stored_ids)
        for node in passages:
            node.embedding = reused.get(node.node_id)
    missing = [n for n in passages if n.embedding is None]
    if missing:
        _embed(location, embedding, missing, say, report)
    passages.sort(key=lambda n: (n.metadata.get("doc_id", ""), n.metadata.get("start", 0)))

    generation = new_generation(location, number, len(passages))
    target = PassageStore(location, generation, create=True)
    for i in range(0, len(passages), _STORE_BATCH):
        say(f"storing passages: {i}/{len(passages)}")
        target.add(list(passages[i:i + _STORE_BATCH]))
    say("writing the keyword index")
    target.write_keyword_index(passages)
    _verify(target, {n.node_id for n in passages})
    say(f"switching to generation {number}")
    write_pointer(location, generation)
    report.generation = number
    # keep the one before: a reader that has not noticed the switch may still be answering from it
    remove_generations(location, client, numbers - {number, current.number if current else number})
    remove_legacy_layout(location, client)


_STORE_BATCH = 128  # passages per Chroma add (one progress line before each)


def _embed(location: StoreLocation, embedding: BaseEmbedding, nodes: list[TextNode], say: Progress,
           report: BuildReport) -> None:
    cache = EmbeddingCache(location.embedding_cache, embedding.model_name)
    texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]

    def counted(batch: list[str]) -> list[list[float]]:
        report.embedded += len(batch)
        return embedding.get_text_embedding_batch(batch)

    def shown(done: int, total: int) -> None:
        say(f"embedding passages: {done}/{total}")

    try:
        vectors = cache.embed(texts, counted, shown, batch_size=embedding.embed_batch_size)
    finally:
        cache.close()
    for node, vector in zip(nodes, vectors, strict=True):
        node.embedding = vector


def _verify(store: PassageStore, ids: set[str]) -> None:
    """Both halves of the new generation hold exactly these passages, or it never becomes current."""
    if store.count() != len(ids):
        raise StoreError(f"generation {store.generation.number}: Chroma holds {store.count()} passages, "
                         f"expected {len(ids)}; the previous generation keeps serving")
    if ids:
        keyword_ids = {str(entry["node_id"]) for entry in store.keyword_retriever().corpus}
        if keyword_ids != ids:
            raise StoreError(f"generation {store.generation.number}: the keyword index does not match the "
                             "vectors; the previous generation keeps serving")
