"""The passage store: Chroma (persistent folder or a `chroma run` server) for vectors, BM25 beside it.

Both the build side (index.build) and the answer side (assistant.retrieve) reach the store only here.
The store is a series of generations (see index.location): a build writes generation N+1 completely
beside generation N, then switches the pointer file; a reader opens only the generation the pointer
names, so a crashed build leaves the previous generation serving and nothing is ever half-updated.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from llama_index.core.schema import BaseNode, TextNode
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.keyword import JiebaBM25Retriever
from index.location import StoreLocation

INDEX_COMMAND = "python -m assistant index"
_GET_BATCH = 500  # ids per Chroma get(): keeps each request (and its SQL) small


class StoreError(RuntimeError):
    """The store is missing, unreachable or corrupt; the message says what to do."""


@dataclass(frozen=True)
class Generation:
    """One complete, never-modified index: what CURRENT.json records."""

    number: int
    collection: str
    passages: int
    created: str = ""


def _forget_client(location: StoreLocation) -> None:
    """Drop chromadb's per-path client cache, so a store that failed to open (or was deleted) can be
    opened afresh in this process."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient._identifier_to_system.pop(str(location.chroma_dir), None)
    except (ImportError, AttributeError):  # a chromadb without this cache has nothing to forget
        pass


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
            f"rebuild it with `{INDEX_COMMAND} --rebuild`"
        ) from exc


# -- the pointer ----------------------------------------------------------------------------------
def read_pointer(location: StoreLocation) -> Generation | None:
    """The generation readers should open; None when no build ever completed."""
    try:
        data = json.loads(location.pointer.read_text(encoding="utf-8"))
        return Generation(int(data["number"]), str(data["collection"]), int(data["passages"]),
                          str(data.get("created", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the index pointer {location.pointer} is unreadable ({exc}); "
                         f"run `{INDEX_COMMAND} --rebuild`") from exc


def pointer_stamp(location: StoreLocation) -> tuple[int, int, int] | None:
    """A cheap fingerprint of the pointer file (one stat): it changes whenever a build switches."""
    try:
        st = location.pointer.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def write_pointer(location: StoreLocation, generation: Generation) -> None:
    """Switch readers to this generation: temp file, fsync, atomic rename, fsync of the folder."""
    target = location.pointer
    for stale in target.parent.glob(f".{target.name}.tmp-*"):  # builds are serialised: these are dead ones
        stale.unlink(missing_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(asdict(generation), out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _legacy_layout(location: StoreLocation) -> bool:
    """A store written before generations: keyword files directly in bm25/ and no pointer."""
    root = location.keyword_root
    return root.is_dir() and any(_keyword_generation(p) is None for p in root.iterdir())


def missing_index_error(location: StoreLocation) -> StoreError:
    if _legacy_layout(location):
        return StoreError(f"the index at {location.store_dir} is in an older layout; "
                          f"run `{INDEX_COMMAND}` to rebuild it (cached vectors make this quick)")
    return StoreError(f"no index at {location.store_dir}; run `{INDEX_COMMAND}`")


def store_exists(location: StoreLocation) -> bool:
    """Whether a complete generation is there to open (cheap: no Chroma connection)."""
    try:
        current = read_pointer(location)
    except StoreError:
        return False
    return current is not None and (current.passages == 0 or location.keyword_dir(current.number).is_dir())


# -- one generation -------------------------------------------------------------------------------
class PassageStore:
    """One generation: a Chroma collection of passages (with their vectors) plus its BM25 index."""

    def __init__(self, location: StoreLocation, generation: Generation, create: bool = False) -> None:
        self.location = location
        self.generation = generation
        self.client = _client(location)
        name = generation.collection
        try:
            if create:
                _delete_collection(self.client, name)  # the remains of a build that crashed
                # cosine space; no embedding function is ever used: we always pass vectors
                self.collection = self.client.create_collection(
                    name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
            else:
                self.collection = self.client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if location.chroma_server and type(exc).__module__.startswith(("httpx", "httpcore")):
                raise StoreError(f"cannot reach the Chroma server at {location.chroma_server}: {exc}") from exc
            raise StoreError(
                f"cannot open collection {name!r} of the index at {location.store_dir} ({exc}); "
                f"rebuild the store with `{INDEX_COMMAND} --rebuild`"
            ) from exc
        self.vector_store = ChromaVectorStore(chroma_collection=self.collection)

    @property
    def keyword_dir(self) -> Path:
        return self.location.keyword_dir(self.generation.number)

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

    def vectors(self, ids: Iterable[str]) -> dict[str, list[float]]:
        """The stored vectors of these passages (copied into the next generation instead of re-embedding)."""
        wanted = sorted(set(ids))
        found: dict[str, list[float]] = {}
        for i in range(0, len(wanted), _GET_BATCH):
            got = self.collection.get(ids=wanted[i:i + _GET_BATCH], include=["embeddings"])
            embeddings = got["embeddings"]
            found.update({node_id: [float(x) for x in vector]
                          for node_id, vector in zip(got["ids"], embeddings if embeddings is not None else [],
                                                     strict=True)})
        return found

    def all_nodes(self, ids: set[str] | None = None) -> list[TextNode]:
        got = self.collection.get(include=["metadatas", "documents"])
        nodes = []
        for node_id, meta, text in zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True):
            if ids is not None and node_id not in ids:
                continue
            node = metadata_dict_to_node(dict(meta or {}), text=text)
            node.id_ = node_id
            nodes.append(node)
        nodes.sort(key=lambda n: (n.metadata.get("doc_id", ""), n.metadata.get("start", 0)))
        return nodes  # type: ignore[return-value]

    # -- keyword side -----------------------------------------------------------------------------
    def write_keyword_index(self, nodes: list[TextNode]) -> None:
        """Build BM25 in a temporary folder and rename it into place: the generation's folder is complete
        whenever it exists."""
        target = self.keyword_dir
        shutil.rmtree(target, ignore_errors=True)
        if not nodes:
            return
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        JiebaBM25Retriever.from_nodes(list(nodes), self.location.candidates).persist(str(tmp), show_progress=False)
        tmp.rename(target)

    def keyword_retriever(self) -> JiebaBM25Retriever:
        path = self.keyword_dir
        if self.generation.passages == 0:
            raise StoreError(f"the index at {self.location.store_dir} is empty; run `{INDEX_COMMAND}`")
        if not path.exists():
            raise StoreError(f"no keyword index at {path}; build it with `{INDEX_COMMAND} --rebuild`")
        try:
            retriever = JiebaBM25Retriever.from_persist_dir(str(path), mmap=False, show_progress=False)
        except Exception as exc:
            raise StoreError(f"keyword index at {path} is corrupt ({exc}); run `{INDEX_COMMAND} --rebuild`") \
                from exc
        assert isinstance(retriever, JiebaBM25Retriever)  # from_persist_dir builds cls(...); narrows the type
        retriever.similarity_top_k = self.location.candidates
        return retriever


def open_current(location: StoreLocation) -> PassageStore:
    """The generation the pointer names; a StoreError naming the command that builds one otherwise."""
    current = read_pointer(location)
    if current is None:
        raise missing_index_error(location)
    return PassageStore(location, current)


# -- build-side housekeeping ----------------------------------------------------------------------
@contextmanager
def build_lock(location: StoreLocation, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """One build per store at a time, across processes (the UI's upload and a CLI `index`); the kernel
    releases the lock when its holder dies, so a killed build never blocks the next one."""
    location.store_dir.mkdir(parents=True, exist_ok=True)
    with location.build_lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_for_build(location: StoreLocation, wipe_unreadable: bool) -> Any:
    """A Chroma client that can list collections. With wipe_unreadable (a rebuild), a corrupt store folder
    is deleted and started afresh: nothing in it can be served anyway."""
    try:
        client = _client(location)
        client.list_collections()
        return client
    except Exception as exc:
        if not wipe_unreadable or location.chroma_server:
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"the Chroma store at {location.chroma_server or location.chroma_dir} cannot be "
                             f"read ({exc}); rebuild it with `{INDEX_COMMAND} --rebuild`") from exc
    _forget_client(location)
    shutil.rmtree(location.chroma_dir, ignore_errors=True)
    location.pointer.unlink(missing_ok=True)  # it names a collection that no longer exists
    return _client(location)


def _keyword_generation(path: Path) -> int | None:
    """N for a keyword folder `gN` or the temporary folder `gN.tmp-<pid>` of a build."""
    head = path.name.split(".")[0]
    return int(head[1:]) if head[:1] == "g" and head[1:].isdigit() else None


def generation_numbers(location: StoreLocation, client: Any) -> set[int]:
    """Every generation with anything left in the store (collections and keyword folders)."""
    found = {n for n in (location.generation_of(_name(c)) for c in client.list_collections()) if n is not None}
    if location.keyword_root.is_dir():
        found |= {n for n in map(_keyword_generation, location.keyword_root.iterdir()) if n is not None}
    return found


def remove_generations(location: StoreLocation, client: Any, doomed: Iterable[int]) -> None:
    """Delete these generations: their collections and keyword folders (complete or half-written)."""
    doomed = set(doomed)
    for number in sorted(doomed):
        _delete_collection(client, location.collection_name(number))
    if location.keyword_root.is_dir():
        for path in location.keyword_root.iterdir():
            if _keyword_generation(path) in doomed:
                shutil.rmtree(path, ignore_errors=True)


def remove_legacy_layout(location: StoreLocation, client: Any) -> None:
    """The pre-generation layout: one collection named exactly `collection`, keyword files directly in
    bm25/ and its swap folders beside it. Only called once a generation serves instead."""
    _delete_collection(client, location.collection)
    if location.keyword_root.is_dir():
        for path in location.keyword_root.iterdir():
            if _keyword_generation(path) is None:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
    for stray in location.store_dir.glob("bm25.*"):
        shutil.rmtree(stray, ignore_errors=True)


def new_generation(location: StoreLocation, number: int, passages: int) -> Generation:
    return Generation(number, location.collection_name(number), passages,
                      time.strftime("%Y-%m-%dT%H:%M:%S%z"))


def _name(collection: Any) -> str:
    return str(getattr(collection, "name", collection))  # chromadb versions list objects or names


def _delete_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception as exc:  # absent is fine; anything else (server down) must not pass silently
        if "does not exist" not in str(exc) and type(exc).__name__ != "NotFoundError":
            raise
