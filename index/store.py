"""The passage store: Chroma (persistent folder or a `chroma run` server) for vectors, BM25 beside it.

Both the build side (index.build) and the answer side (assistant.retrieve) reach the store only here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from llama_index.core.schema import BaseNode, TextNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.keyword import JiebaBM25Retriever
from index.location import StoreLocation


def _forget_client(location: StoreLocation) -> None:
    """Drop chromadb's per-path client cache, so a store that failed to open (or was deleted) can be
    opened afresh in this process."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(location.chroma_dir), None)
    except (ImportError, AttributeError):  # a chromadb without this cache has nothing to forget
        pass


class StoreError(RuntimeError):
    """The store is missing, unreachable or corrupt; the message says what to do."""


def _client(location: StoreLocation) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if location.chroma_server:
        host, _, port = location.chroma_server.rpartition(":")
        try:
            return chromadb.HttpClient(host=host or "127.0.0.1", port=int(port), settings=chroma_settings)
        except Exception as exc:
            raise StoreError(f"cannot reach the Chroma server at {location.chroma_server}: {exc}") from exc
    location.chroma_dir.mkdir(parents=True, exist_ok=True)
    try:
        return chromadb.PersistentClient(path=str(location.chroma_dir), settings=chroma_settings)
    except Exception as exc:
        _forget_client(location)
        raise StoreError(
            f"the Chroma store at {location.chroma_dir} cannot be opened ({exc}); "
            "rebuild it with `python -m assistant index --rebuild`"
        ) from exc


class PassageStore:
    """One Chroma collection of passages (with their vectors) plus the persisted BM25 index."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self.client = _client(location)
        try:
            # cosine space; no embedding function is ever used: we always pass vectors
            self.collection = self.client.get_or_create_collection(
                location.collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:
            raise StoreError(
                f"cannot open collection {location.collection!r} ({exc}); "
                "rebuild the store with `python -m assistant index --rebuild`"
            ) from exc
        self.vector_store = ChromaVectorStore(chroma_collection=self.collection)

    # -- passages ---------------------------------------------------------------------------------
    def count(self) -> int:
        return int(self.collection.count())

    def ids_by_doc(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        got = self.collection.get(include=["metadatas"])
        for node_id, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            found.setdefault(str((meta or {}).get("doc_id", "")), set()).add(node_id)
        return found

    def add(self, nodes: list[BaseNode]) -> None:
        if nodes:
            self.vector_store.add(nodes)

    def delete(self, ids: set[str]) -> None:
        if ids:
            self.collection.delete(ids=sorted(ids))

    def all_nodes(self) -> list[TextNode]:
        got = self.collection.get(include=["metadatas", "documents"])
        nodes = []
        for node_id, meta, text in zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True):
            node = metadata_dict_to_node(dict(meta or {}), text=text)
            node.id_ = node_id
            nodes.append(node)
        nodes.sort(key=lambda n: (n.metadata.get("doc_id", ""), n.metadata.get("start", 0)))
        return nodes  # type: ignore[return-value]

    # -- keyword side -----------------------------------------------------------------------------
    def write_keyword_index(self, nodes: list[TextNode]) -> None:
        """Build BM25 in a temporary folder and swap it in, so readers never see a half-written index."""
        target = self.location.keyword_dir
        if not nodes:
            shutil.rmtree(target, ignore_errors=True)
            return
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        old = target.with_name(f"{target.name}.old-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        JiebaBM25Retriever.from_nodes(list(nodes), self.location.candidates).persist(str(tmp))
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)

    def keyword_retriever(self) -> JiebaBM25Retriever:
        path = self.location.keyword_dir
        if not path.exists():
            raise StoreError(f"no keyword index at {path}; build it with `python -m assistant index`")
        try:
            retriever = JiebaBM25Retriever.from_persist_dir(str(path), mmap=False, show_progress=False)
        except Exception as exc:
            raise StoreError(f"keyword index at {path} is corrupt ({exc}); run `python -m assistant index --rebuild`") \
                from exc
        assert isinstance(retriever, JiebaBM25Retriever)  # from_persist_dir builds cls(...); narrows the type
        retriever.similarity_top_k = self.location.candidates
        return retriever


def reset_store(location: StoreLocation) -> None:
    """Drop everything the store holds (the corpus files are never touched)."""
    try:
        # through the client, so a process that already has the store open sees it emptied
        _client(location).delete_collection(location.collection)
    except Exception:
        if location.chroma_server:
            raise
        # unreadable store: delete its folder and forget any client this process holds for it
        _forget_client(location)
        shutil.rmtree(location.chroma_dir, ignore_errors=True)
    shutil.rmtree(location.keyword_dir, ignore_errors=True)


def store_exists(location: StoreLocation) -> bool:
    return location.keyword_dir.exists() and (bool(location.chroma_server) or Path(location.chroma_dir).exists())
