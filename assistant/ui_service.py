"""What the chat UI needs besides rendering: one assistant per process, and adding a document to the corpus.

No answering logic here (that is assistant.api), and no gradio import (so it is cheap to test).
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.api import Assistant, History, default_assistant
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Citation
from index.corpus import DocumentInfo, check_document, list_documents, place, read_limited, safe_document_name
from index.errors import DocumentError
from index.loaders import corpus_paths
from index.readers import SUFFIXES

__all__ = ["SUFFIXES", "AddReport", "AssistantService", "NotUploadedError", "ProgressFn", "safe_document_name"]

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode

    from index.build import BuildReport

log = logging.getLogger(__name__)

# progress(fraction or None, message)
ProgressFn = Callable[[float | None, str], None]
_EMBEDDING_STEP = re.compile(r"(\d+)\s*/\s*(\d+)")
# while a model writes, the page gets the draft at most this often: smooth to read, few redraws for Gradio
DRAFT_REFRESH_S = 0.15


class NotUploadedError(DocumentError):
    """The path given as an upload is not a file the client uploaded (it lies outside the upload folder)."""


@dataclass
class AddReport:
    doc_id: str
    copied: bool  # False when the very same file was already in the corpus
    passages_added: int
    documents: int
    seconds: float
    skipped: list[str] = field(default_factory=list)  # other corpus files the index build could not read


# the threads that wait on ask() while a page shows the draft (the answering itself runs in assistant.deadline's
# workers); more than the UI's concurrency, so a question never queues behind another one's wait
_ASKING = ThreadPoolExecutor(max_workers=8, thread_name_prefix="ui-ask")


class AssistantService:
    """Holds the assistant the UI asks (built lazily by the factory); it follows re-indexing by itself."""

    def __init__(self, settings: Settings | None = None,
                 assistant_factory: Callable[[], Assistant] | None = None) -> None:
        self.settings = settings or load_settings()
        if assistant_factory is None:
            assistant_factory = default_assistant if settings is None else (lambda: Assistant(self.settings))
        self._factory = assistant_factory
        self._assistant: Assistant | None = None
        self._lock = threading.Lock()  # assistant construction, once
        # index builds, one at a time; a lock of their own, so a question never waits for a build (the build
        # writes the next generation beside the serving one, which keeps answering until the switch)
        self._building = threading.Lock()
        self._examples: dict[tuple[int, int, str], list[str]] = {}  # (generation, n, lang) -> questions

    def assistant(self) -> Assistant:
        current = self._assistant
        if current is not None:
            return current
        with self._lock:
            if self._assistant is None:
                self._assistant = self._factory()
            return self._assistant

    def ask(self, question: str, history: History) -> Answer:
        return self.assistant().ask(question, history)

    def ask_streaming(self, question: str, history: History) -> Iterator[str | Answer]:
        """The draft so far (a str, growing) while a generative backend writes, then the verified Answer (last,
        always). An extractive answer yields only the Answer. Exceptions of ask() are raised here."""
        current = self.assistant()
        if current.engine.generative is None:  # nothing is ever drafted: answer in this thread, as ask() does
            yield current.ask(question, history)
            return
        from assistant.llm.synth import streaming

        pieces: queue.Queue[str | None] = queue.Queue()

        def asked() -> Answer:
            with streaming(pieces.put):  # ask() carries this context into its worker, where the model writes
                return current.ask(question, history)

        future = _ASKING.submit(asked)
        future.add_done_callback(lambda _f: pieces.put(None))  # wakes the loop the moment the answer is there
        draft, shown, last = "", "", 0.0
        while True:
            try:
                piece = pieces.get(timeout=DRAFT_REFRESH_S)
            except queue.Empty:
                piece = ""  # a pause in the writing: show what came since the last redraw
            if piece is None:
                break
            draft += piece
            if draft != shown and time.monotonic() - last >= DRAFT_REFRESH_S:
                shown, last = draft, time.monotonic()
                yield draft
        yield future.result()

    def example_questions(self, n: int = 4, lang: str = "zh") -> list[str]:
        """Questions drawn from the indexed passages (assistant.approaches.examples), for the first screen
        and the help reply; [] when no index can be opened yet. Computed once per store generation."""
        from assistant.approaches.examples import example_questions

        try:
            current = self.assistant()
            generation = current.refresh()
            key = (generation, n, lang)
            with self._lock:
                if key not in self._examples:
                    self._examples = {k: v for k, v in self._examples.items() if k[0] == generation}
                    # the passages the opened generation already holds (not a second read of the whole store)
                    nodes: list[BaseNode] = list(current.engine.all_nodes())
                    self._examples[key] = example_questions(nodes, n, lang)
                return list(self._examples[key])
        except Exception as exc:  # the page still opens: the examples appear once the index answers
            log.warning("no example questions: %s", exc)
            return []

    def related_passages(self, answer: Answer) -> list[Citation]:
        """The refusal's related passages that are actually related to the question: those sharing with it
        (its English words' Chinese readings included) a keyword-index term of two or more characters that
        at most settings.ui.related_max_df_share of all passages use. A term most passages hold (a document's recurring
        topic word) says nothing about a passage; a question sharing no such term gets none shown.
        On the article's 20 unanswerable evaluation questions every one keeps at least one passage; off-topic
        questions (the weather, another city's population) keep none (see tests/test_ui.py)."""
        from index.keyword import tokenize

        if not answer.related:
            return []
        engine = self.assistant().engine
        stats = engine.synthesizer.stats
        asked = engine.with_hints(answer.resolved_question or answer.question)
        most = self.settings.ui.related_max_df_share * stats.n
        terms = {t for t in tokenize(asked) if len(t) >= 2 and 0 < stats.df.get(t, 0) <= most}
        return [r for r in answer.related if terms & set(tokenize(r.text))]

    def forget_assistant(self) -> None:
        """After the store changed: reopen the new generation now, so the next question does not pay for it.
        (An assistant also notices a new generation by itself, e.g. after a command-line `index`.)"""
        current = self._assistant
        if current is not None:
            current.refresh()

    def corpus_files(self) -> list[str]:
        corpus = self.settings.corpus.dir
        if not corpus.is_dir():
            return []
        return [p.relative_to(corpus).as_posix() for p in corpus_paths(corpus)]  # what an index build reads

    def add_document(self, path: Path, name: str | None = None, progress: ProgressFn | None = None,
                     upload_root: Path | None = None) -> AddReport:
        """Validate a document file (any kind index.readers reads), copy it unchanged into the corpus folder
        under a sanitised name, index the corpus, and make the next question see it. Raises DocumentError (nothing
        changed) for a file that cannot be a document, or whose content the corpus holds under another name;
        NotUploadedError when upload_root is given and the file does not lie inside it (after
        following links), so a caller that passes any path it was sent cannot make the server read other files.
        """
        say = progress or (lambda _f, _m: None)
        name = safe_document_name(name or path.name)  # never a path: no writing outside the corpus folder
        if upload_root is not None:
            path = _inside(path, upload_root, name)
        say(0.0, "checking the file")
        data = read_limited(path, name)
        check_document(data, name)  # a kind we read; binary, empty, too large, encrypted, scanned -> DocumentError
        with self._building:
            copied = place(self.settings.corpus.dir, name, data)  # same content under another name -> refused
            try:
                report = self._index(say)
            except Exception:
                if copied:
                    (self.settings.corpus.dir / name).unlink(missing_ok=True)  # keep corpus and index in step
                raise
            self.forget_assistant()
        say(1.0, "done")
        return AddReport(name, copied, report.added, report.documents, report.seconds, list(report.errors))

    # -- the documents panel ----------------------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """The corpus's documents by title, with their passages in the serving index."""
        try:
            counts = {doc: len(ids) for doc, ids in self.assistant().store.ids_by_doc().items()}
        except Exception as exc:  # no index yet, or the store is down: the list still shows the files
            log.warning("no passage counts: %s", exc)
            counts = {}
        return list_documents(self.settings.corpus.dir, counts)

    def remove_document(self, doc_id: str, progress: ProgressFn | None = None) -> BuildReport:
        """Take a document out of the corpus and the index (put back if indexing fails)."""
        from index.corpus import remove_and_index

        say = progress or (lambda _f, _m: None)
        with self._building:
            report = remove_and_index(self.settings.corpus.dir, doc_id, lambda: self._index(say))
            self.forget_assistant()
        return report

    def reindex(self, progress: ProgressFn | None = None) -> BuildReport:
        """Bring the index in line with the corpus folder (files added or changed by hand)."""
        with self._building:
            report = self._index(progress or (lambda _f, _m: None))
            self.forget_assistant()
        return report

    def _index(self, say: ProgressFn) -> BuildReport:
        from index.build import build_index
        from index.embed import make_embedding

        current = self._assistant
        embedding = current.embedding if current is not None else make_embedding(self.settings.embedding.spec)

        def shown(message: str) -> None:
            step = _EMBEDDING_STEP.search(message)
            fraction = int(step[1]) / max(int(step[2]), 1) if step else None
            say(fraction, message)

        say(None, "indexing the corpus")
        return build_index(self.settings.store_location(), embedding, corpus_dir=self.settings.corpus.dir,
                           chunk_chars=self.settings.chunk.chars, progress=shown)


def _inside(path: Path, root: Path, name: str) -> Path:
    """path with every link followed, if that lies inside root; else NotUploadedError."""
    try:
        resolved = path.resolve(strict=True)
        inside = resolved.is_relative_to(root.resolve()) and resolved.is_file()
    except (OSError, RuntimeError):  # missing, or a link loop
        inside = False  # the same refusal as for an outside path: no probing which server files exist
    if not inside:
        log.warning("refused an upload path outside the upload folder %s", root)
        raise NotUploadedError(f"{name}: not a file uploaded through this page")
    return resolved


