"""The passage store: Chroma (persistent folder or a `chroma run` server) for vectors, BM25 beside it.

Both the build side (index.build) and the answer side (assistant.retrieve) reach the store only here.
The store is a series of generations (see index.location): a build writes generation N+1 completely
beside generation N, then switches the pointer file; a reader opens only the generation the pointer
names, so a crashed build leaves the previous generation serving and nothing is ever half-updated.

With a Chroma server (store.mode server) nothing a reader needs lives only on one machine's disk: the
pointer is kept on the server too (the metadata of one small collection), and the keyword index of a
generation is rebuilt from its collection's passages by the first reader on a machine that lacks it (then
cached under bm25/g<N>, tagged with the collection's id). Chroma's exceptions (and those of its HTTP
library) never leave this module: they become StoreError, StoreUnreachable when the server is down.
"""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.schema import BaseNode, TextNode
from llama_index.core.vector_stores.types import VectorStoreQuery, VectorStoreQueryMode, VectorStoreQueryResult
from llama_index.core.vector_stores.utils import metadata_dict_to_node
from llama_index.vector_stores.chroma import ChromaVectorStore

from index.errors import StoreError, StoreUnreachable  # StoreError is also imported from here by callers
from index.keyword import JiebaBM25Retriever
from index.location import StoreLocation

log = logging.getLogger(__name__)

INDEX_COMMAND = "python -m assistant index"
_GET_BATCH = 500  # ids per Chroma get(): keeps each request (and its SQL) small
# a reader on a Chroma server asks it for the pointer at most this often: one HTTP round trip (~10 ms on the
# shared 2-core machine) per question would be a fifth of a warm answer; a build on this machine is seen at
# once through the local pointer file
SERVER_POLL_S = 2.0
_KEYWORD_SOURCE = "collection_id"  # file in a keyword folder: the id of the Chroma collection it was built from


@dataclass(frozen=True)
class Generation:
    """One complete, never-modified index: what CURRENT.json records."""

    number: int
    collection: str
    passages: int
    created: str = ""


# -- Chroma clients and their errors --------------------------------------------------------------
def _host_port(location: StoreLocation) -> tuple[str, int]:
    host, _, port = location.chroma_server.rpartition(":")
    return host or "127.0.0.1", int(port)


def unreachable_error(location: StoreLocation, cause: object) -> StoreUnreachable:
    """The server named in the settings does not answer: say where, and the two ways out."""
    host, port = _host_port(location)
    return StoreUnreachable(
        f"cannot reach the Chroma server at {location.chroma_server} ({cause}); start it with "
        f"`chroma run --path <its data folder> --host {host} --port {port}`, or use the local store instead "
        "(store.mode: folder, or ASSISTANT_STORE__MODE=folder)", server=location.chroma_server)


def _where(location: StoreLocation) -> str:
    return f"the Chroma server at {location.chroma_server}" if location.chroma_server else \
        f"the Chroma store at {location.chroma_dir}"


@contextmanager
def chroma_errors(location: StoreLocation, fix: str = f"rebuild it with `{INDEX_COMMAND} --rebuild`") \
        -> Iterator[None]:
    """Run Chroma calls; what they raise arrives as StoreError (StoreUnreachable when the server is down)."""
    import httpx  # chromadb's HTTP library: its transport errors mean the server did not answer
    from chromadb.errors import ChromaError

    try:
        yield
    except StoreError:
        raise
    except httpx.TransportError as exc:  # refused, reset, timed out
        raise unreachable_error(location, exc) from exc
    except ChromaError as exc:
        raise StoreError(f"{_where(location)} failed ({exc}); {fix}") from exc


_clients: dict[str, Any] = {}  # one client per store folder or server in this process (see _forget_client)


def _client_key(location: StoreLocation) -> str:
    return f"http://{location.chroma_server}" if location.chroma_server else str(location.chroma_dir.resolve())


def _forget_client(location: StoreLocation) -> None:
    """Let the next _client of this store start afresh (its folder was found corrupt and is deleted).
    chromadb caches one System per folder, also a half-started one whose start failed on the corrupt
    folder, and a new client of the same path would get that System back; clear_system_cache is its public
    way out ("so that new systems can be created for an existing path"). It forgets every folder's System,
    which is safe here: a live client keeps using its own, and _clients holds our one client per folder, so
    no second System of a folder is ever made in this process except this replacement."""
    from chromadb.api.client import Client

    _clients.pop(_client_key(location), None)
    Client.clear_system_cache()


def _client(location: StoreLocation) -> Any:
    key = _client_key(location)
    if key in _clients:
        return _clients[key]
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if location.chroma_server:
        host, port = _host_port(location)
        try:
            with chroma_errors(location):
                client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
        except ValueError as exc:  # chromadb's "Could not connect to a Chroma server" (its first heartbeat)
            raise unreachable_error(location, exc) from exc
    else:
        location.chroma_dir.mkdir(parents=True, exist_ok=True)
        try:
            client = chromadb.PersistentClient(path=str(location.chroma_dir), settings=chroma_settings)
        except Exception as exc:  # a corrupt folder fails in sqlite, rust or chromadb: all mean the same here
            raise StoreError(
                f"the Chroma store at {location.chroma_dir} cannot be opened ({exc}); "
                f"rebuild it with `{INDEX_COMMAND} --rebuild`"
            ) from exc
    _clients[key] = client
    return client


def chroma_client(location: StoreLocation) -> Any:
    """This process's Chroma client of the store (for index modules beside this one, e.g. index.lease);
    call it and the client inside chroma_errors."""
    return _client(location)


# -- the pointer ----------------------------------------------------------------------------------
def _generation(data: Any) -> Generation:
    return Generation(int(data["number"]), str(data["collection"]), int(data["passages"]),
                      str(data.get("created", "")))


def read_pointer(location: StoreLocation) -> Generation | None:
    """The generation readers should open; None when no build ever completed. On a Chroma server the
    server's pointer is the truth (another machine may have built); the local file is this machine's copy."""
    if location.chroma_server:
        return _read_server_pointer(location)
    try:
        return _generation(json.loads(location.pointer.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the index pointer {location.pointer} is unreadable ({exc}); "
                         f"run `{INDEX_COMMAND} --rebuild`") from exc


def _read_server_pointer(location: StoreLocation) -> Generation | None:
    from chromadb.errors import NotFoundError

    client = _client(location)
    try:
        with chroma_errors(location):
            metadata = client.get_collection(location.pointer_collection, embedding_function=None).metadata
    except StoreError as exc:
        if isinstance(exc.__cause__, NotFoundError):
            return None
        raise
    try:
        return _generation(metadata)
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"the index pointer {location.pointer_collection!r} on {_where(location)} is unreadable "
                         f"({exc}); run `{INDEX_COMMAND} --rebuild`") from exc


_polled: dict[tuple[str, str], tuple[float, int | None]] = {}  # server pointers: (when asked, generation)


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def pointer_stamp(location: StoreLocation) -> tuple[object, ...] | None:
    """A cheap fingerprint of the pointer (one stat of the file): it changes whenever a build switches. On
    a Chroma server it also holds the server's generation, asked at most every SERVER_POLL_S seconds (a
    build on another machine); a server that does not answer keeps the last generation it named."""
    local = _file_stamp(location.pointer)
    if not location.chroma_server:
        return local
    key = (location.chroma_server, location.collection)
    last = _polled.get(key)
    now = time.monotonic()
    if last is None or now - last[0] >= SERVER_POLL_S:
        try:
            current = read_pointer(location)
            number = current.number if current is not None else None
        except StoreError:
            number = last[1] if last is not None else None
        last = _polled[key] = (now, number)
    return (local, last[1])


def write_pointer(location: StoreLocation, generation: Generation) -> None:
    """Switch readers to this generation: on a Chroma server, one metadata update of its pointer collection
    (atomic there); then the local file: temp file, fsync, atomic rename, fsync of the folder."""
    if location.chroma_server:
        from index.lease import held

        lease = held(location)
        if lease is not None:  # a build that lost its lease to another machine must not switch readers
            lease.confirm()
        client = _client(location)
        with chroma_errors(location, "the previous generation keeps serving"):
            pointer = client.get_or_create_collection(location.pointer_collection, embedding_function=None)
            pointer.modify(metadata=asdict(generation))
        _polled.pop((location.chroma_server, location.collection), None)
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
    if location.chroma_server:
        return StoreError(f"no index named {location.collection!r} on the Chroma server at "
                          f"{location.chroma_server}; run `{INDEX_COMMAND}`")
    if _legacy_layout(location):
        return StoreError(f"the index at {location.store_dir} is in an older layout; "
                          f"run `{INDEX_COMMAND}` to rebuild it (cached vectors make this quick)")
    return StoreError(f"no index at {location.store_dir}; run `{INDEX_COMMAND}`")


def store_exists(location: StoreLocation) -> bool:
    """Whether a complete generation is there to open (cheap: no Chroma connection in folder mode; one
    request to the server otherwise)."""
    try:
        current = read_pointer(location)
    except StoreError:
        return False
    return current is not None and generation_complete(location, current)


def generation_complete(location: StoreLocation, generation: Generation) -> bool:
    """Whether both halves of this generation can be opened. On a server the keyword half is rebuilt from
    the collection by any reader that lacks it, so the server's pointer alone makes it complete."""
    return bool(location.chroma_server) or generation.passages == 0 \
        or location.keyword_dir(generation.number).is_dir()


# -- one generation -------------------------------------------------------------------------------
class _ChromaVectors(ChromaVectorStore):
    """ChromaVectorStore whose failures arrive as StoreError: the answer side queries it on every question.

    A plain nearest-neighbour query asks Chroma for ids and distances only and takes each passage's node from
    a table kept per generation: rebuilding 20 nodes from their stored JSON and validating them on every
    question cost more than the search itself (profiled over the article questions). Passage ids are digests
    of their text and metadata (index.chunk.passage_id), so a kept node is never stale."""

    _location: StoreLocation = PrivateAttr()
    _nodes: dict[str, BaseNode] = PrivateAttr(default_factory=dict)
    # our own handle on the collection: the base class keeps one too, but as its private attribute
    _passages: Any = PrivateAttr()

    def __init__(self, location: StoreLocation, collection: Any) -> None:
        super().__init__(chroma_collection=collection)
        self._location = location
        self._passages = collection

    def remember(self, nodes: Iterable[BaseNode]) -> None:
        """Nodes read elsewhere (all_nodes) serve later queries too."""
        self._nodes.update((n.node_id, n) for n in nodes)

    def query(self, query: VectorStoreQuery, **kwargs: Any) -> VectorStoreQueryResult:
        with chroma_errors(self._location):
            if query.query_embedding and query.filters is None and not kwargs \
                    and query.mode == VectorStoreQueryMode.DEFAULT:
                return self._nearest(query.query_embedding, query.similarity_top_k)
            return super().query(query, **kwargs)

    def _nearest(self, embedding: list[float], k: int) -> VectorStoreQueryResult:
        asked: list[Sequence[float]] = [embedding]
        found = self._passages.query(query_embeddings=asked, n_results=k, include=["distances"])
        ids = [str(i) for i in found["ids"][0]]
        distances = (found.get("distances") or [[]])[0]
        missing = [i for i in ids if i not in self._nodes]
        if missing:
            got = self._passages.get(ids=missing, include=["metadatas", "documents"])
            for node_id, meta, text in zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True):
                node = metadata_dict_to_node(dict(meta or {}), text=text)
                node.id_ = node_id
                self._nodes[node_id] = node
        kept = [(i, d) for i, d in zip(ids, distances, strict=True) if i in self._nodes]
        # the similarity llama-index's ChromaVectorStore gives (exp(-distance)): callers see the same scores
        return VectorStoreQueryResult(nodes=[self._nodes[i] for i, _ in kept],
                                      similarities=[math.exp(-d) for _, d in kept], ids=[i for i, _ in kept])

    def add(self, nodes: Sequence[BaseNode], **add_kwargs: Any) -> list[str]:
        with chroma_errors(self._location, "the previous generation keeps serving"):
            return super().add(list(nodes), **add_kwargs)


class PassageStore:
    """One generation: a Chroma collection of passages (with their vectors) plus its BM25 index."""

    def __init__(self, location: StoreLocation, generation: Generation, create: bool = False) -> None:
        self.location = location
        self.generation = generation
        self.client = _client(location)
        name = generation.collection
        with chroma_errors(location, f"cannot open collection {name!r} of the index at {location.store_dir}; "
                                     f"rebuild the store with `{INDEX_COMMAND} --rebuild`"):
            if create:
                _delete_collection(self.client, name)  # the remains of a build that crashed
                # cosine space; no embedding function is ever used: we always pass vectors
                self.collection = self.client.create_collection(
                    name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
            else:
                self.collection = self.client.get_collection(name, embedding_function=None)
        self.vector_store: _ChromaVectors = _ChromaVectors(location, self.collection)

    @property
    def keyword_dir(self) -> Path:
        return self.location.keyword_dir(self.generation.number)

    # -- passages ---------------------------------------------------------------------------------
    def count(self) -> int:
        with chroma_errors(self.location):
            return int(self.collection.count())

    def ids_by_doc(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        with chroma_errors(self.location):
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
            with chroma_errors(self.location):
                got = self.collection.get(ids=wanted[i:i + _GET_BATCH], include=["embeddings"])
            embeddings = got["embeddings"]
            found.update({node_id: [float(x) for x in vector]
                          for node_id, vector in zip(got["ids"], embeddings if embeddings is not None else [],
                                                     strict=True)})
        return found

    def all_nodes(self, ids: set[str] | None = None) -> list[TextNode]:
        with chroma_errors(self.location):
            got = self.collection.get(include=["metadatas", "documents"])
        nodes = []
        for node_id, meta, text in zip(got["ids"], got["metadatas"] or [], got["documents"] or [], strict=True):
            if ids is not None and node_id not in ids:
                continue
            node = metadata_dict_to_node(dict(meta or {}), text=text)
            node.id_ = node_id
            nodes.append(node)
        if ids is None:
            self.vector_store.remember(nodes)  # the answer side reads every passage once: queries reuse them
        nodes.sort(key=lambda n: (n.metadata.get("doc_id", ""), n.metadata.get("start", 0)))
        return nodes  # type: ignore[return-value]

    # -- keyword side -----------------------------------------------------------------------------
    def write_keyword_index(self, nodes: list[TextNode]) -> None:
        """Build BM25 in a temporary folder and rename it into place: the generation's folder is complete
        whenever it exists. It records the id of the collection it was built from (see keyword_retriever)."""
        target = self.keyword_dir
        if not nodes:
            shutil.rmtree(target, ignore_errors=True)
            return
        tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        JiebaBM25Retriever.from_nodes(list(nodes), self.location.candidates).persist(str(tmp), show_progress=False)
        (tmp / _KEYWORD_SOURCE).write_text(str(self.collection.id), encoding="utf-8")
        if target.exists():  # a stale copy (another server's generation of this number): moved aside first
            old = target.with_name(f"{target.name}.old-{os.getpid()}")
            shutil.rmtree(old, ignore_errors=True)
            with suppress(FileNotFoundError):  # another reader on this machine moved it first
                target.rename(old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            tmp.rename(target)
        except OSError:  # another reader on this machine put the same rebuild there first
            shutil.rmtree(tmp, ignore_errors=True)
            if not target.is_dir():
                raise

    def _keyword_source(self) -> str:
        try:
            return (self.keyword_dir / _KEYWORD_SOURCE).read_text(encoding="utf-8").strip()
        except OSError:
            return ""

    def rebuild_keyword_index(self) -> float:
        """Rebuild this generation's keyword index from the passages in its collection; returns the seconds."""
        started = time.perf_counter()
        self.write_keyword_index(self.all_nodes())
        seconds = time.perf_counter() - started
        log.info("rebuilt the keyword index of generation %s from %s in %.2f s",
                 self.generation.number, _where(self.location), seconds)
        return seconds

    def keyword_retriever(self) -> JiebaBM25Retriever:
        path = self.keyword_dir
        if self.generation.passages == 0:
            raise StoreError(f"the index at {self.location.store_dir} is empty; run `{INDEX_COMMAND}`")
        # on a server the collection is the truth: a machine without its keyword index (or with one built
        # from another collection of the same generation number) rebuilds it from there
        if self.location.chroma_server and self._keyword_source() != str(self.collection.id):
            self.rebuild_keyword_index()
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
    releases the lock when its holder dies, so a killed build never blocks the next one. On a Chroma server
    the lock covers this machine only: the build also holds the store's lease on the server (index.lease),
    and a build on another machine holding it is a LeaseTaken error naming that machine."""
    location.store_dir.mkdir(parents=True, exist_ok=True)
    with location.build_lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if location.chroma_server:
                from index.lease import build_lease

                with build_lease(location, location.build_lease_s):
                    yield
            else:
                yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_for_build(location: StoreLocation, wipe_unreadable: bool) -> Any:
    """A Chroma client that can list collections. With wipe_unreadable (a rebuild), a corrupt store folder
    is deleted and started afresh: nothing in it can be served anyway."""
    try:
        client = _client(location)
        with chroma_errors(location):
            client.list_collections()
        return client
    except StoreError:
        if not wipe_unreadable or location.chroma_server:
            raise
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
    with chroma_errors(location):
        names = [_name(c) for c in client.list_collections()]
    found = {n for n in map(location.generation_of, names) if n is not None}
    if location.keyword_root.is_dir():
        found |= {n for n in map(_keyword_generation, location.keyword_root.iterdir()) if n is not None}
    return found


def remove_generations(location: StoreLocation, client: Any, doomed: Iterable[int]) -> None:
    """Delete these generations: their collections and keyword folders (complete or half-written)."""
    doomed = set(doomed)
    with chroma_errors(location):
        for number in sorted(doomed):
            _delete_collection(client, location.collection_name(number))
    if location.keyword_root.is_dir():
        for path in location.keyword_root.iterdir():
            if _keyword_generation(path) in doomed:
                shutil.rmtree(path, ignore_errors=True)


def remove_legacy_layout(location: StoreLocation, client: Any) -> None:
    """The pre-generation layout: one collection named exactly `collection`, keyword files directly in
    bm25/ and its swap folders beside it. Only called once a generation serves instead."""
    with chroma_errors(location):
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
    """Delete a collection if it is there; absent is fine, anything else (server down) must not pass
    silently (callers run it inside chroma_errors)."""
    from chromadb.errors import NotFoundError

    with suppress(NotFoundError):
        client.delete_collection(name)
