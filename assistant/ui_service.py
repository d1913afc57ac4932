"""What the chat UI needs besides rendering: one assistant per process, and adding a document to the corpus.

No answering logic here (that is assistant.api), and no gradio import (so it is cheap to test).
"""

from __future__ import annotations

import logging
import os
import queue
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.api import Assistant, History, default_assistant
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Citation
from index.loaders import MANIFEST, MAX_FILE_BYTES, DocumentError, corpus_paths, document_text

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode

    from index.build import BuildReport

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".txt", ".md")
# progress(fraction or None, message)
ProgressFn = Callable[[float | None, str], None]
_EMBEDDING_STEP = re.compile(r"(\d+)\s*/\s*(\d+)")
# path separators, and marks that mean something to shells or are not allowed in Windows file names
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*`$!{}]')
# invisible or layout-changing characters: control, format (zero-width, bidi overrides), line/paragraph marks
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
# a refusal's related passage is shown only if it shares with the question a term (of 2+ characters, in
# at most this share of all passages) — see AssistantService.related_passages
RELATED_MAX_DF_SHARE = 0.5
# while a model writes, the page gets the draft at most this often: smooth to read, few redraws for Gradio
DRAFT_REFRESH_S = 0.15
MAX_NAME_BYTES = 150  # well under the 255-byte limit of common file systems, with room for a temp prefix
FALLBACK_STEM = "document"


class NotUploadedError(DocumentError):
    """The path given as an upload is not a file the client uploaded (it lies outside the upload folder)."""


def safe_document_name(name: str) -> str:
    """The corpus file name for an uploaded name: its last path component only, no invisible characters, no
    leading dots (no hidden files, no "..") and at most MAX_NAME_BYTES in UTF-8; CJK and other letters kept."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    base = " ".join(_UNSAFE_NAME_CHARS.sub("_", base).split())
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem.strip(" .") or FALLBACK_STEM
    suffix = suffix.strip(" ")
    ending = f".{suffix}" if suffix else ""
    while len((stem + ending).encode("utf-8")) > MAX_NAME_BYTES and len(stem) > 1:
        stem = stem[:-1].rstrip(" .") or stem[:1]
    return (stem + ending)[:MAX_NAME_BYTES]


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
        self._lock = threading.RLock()  # assistant construction and index builds, one at a time
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
                    nodes: list[BaseNode] = list(current.store.all_nodes())
                    self._examples[key] = example_questions(nodes, n, lang)
                return list(self._examples[key])
        except Exception as exc:  # the page still opens: the examples appear once the index answers
            log.warning("no example questions: %s", exc)
            return []

    def related_passages(self, answer: Answer) -> list[Citation]:
        """The refusal's related passages that are actually related to the question: those sharing with it
        (its English words' Chinese readings included) a keyword-index term of two or more characters that
        at most RELATED_MAX_DF_SHARE of all passages use. A term most passages hold (a document's recurring
        topic word) says nothing about a passage; a question sharing no such term gets none shown.
        On the article's 20 unanswerable evaluation questions every one keeps at least one passage; off-topic
        questions (the weather, another city's population) keep none (see tests/test_ui.py)."""
        from index.keyword import tokenize

        if not answer.related:
            return []
        engine = self.assistant().engine
        stats = engine.synthesizer.stats
        asked = engine.with_hints(answer.resolved_question or answer.question)
        most = RELATED_MAX_DF_SHARE * stats.n
        terms = {t for t in tokenize(asked) if len(t) >= 2 and 0 < stats.df.get(t, 0) <= most}
        return [r for r in answer.related if terms & set(tokenize(r.text))]

    def forget_assistant(self) -> None:
        """After the store changed: reopen the new generation now, so the next question does not pay for it.
        (An assistant also notices a new generation by itself, e.g. after a command-line `index`.)"""
        current = self._assistant
        if current is not None:
            current.refresh()

    def corpus_files(self) -> list[str]:
        corpus = self.settings.corpus_dir
        if not corpus.is_dir():
            return []
        return [p.relative_to(corpus).as_posix() for p in corpus_paths(corpus)]  # what an index build reads

    def add_document(self, path: Path, name: str | None = None, progress: ProgressFn | None = None,
                     upload_root: Path | None = None) -> AddReport:
        """Validate a .txt/.md file, copy it unchanged into the corpus folder under a sanitised name, index the
        corpus, and make the next question see it. Raises DocumentError (nothing changed) for a file that cannot
        be a document; NotUploadedError when upload_root is given and the file does not lie inside it (after
        following links), so a caller that passes any path it was sent cannot make the server read other files.
        """
        say = progress or (lambda _f, _m: None)
        name = safe_document_name(name or path.name)  # never a path: no writing outside the corpus folder
        if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise DocumentError(f"{name}: only {' / '.join(UPLOAD_SUFFIXES)} text files can be added")
        if name == MANIFEST:
            raise DocumentError(f"{name}: not an allowed document name")
        if upload_root is not None:
            path = _inside(path, upload_root, name)
        say(0.0, "checking the file")
        data = _read_upload(path, name)
        document_text(data, name)  # binary, undecodable, empty or too large -> DocumentError
        with self._lock:
            corpus = self.settings.corpus_dir
            if not corpus.is_dir():
                raise DocumentError(f"{corpus}: corpus folder not found")
            target = corpus / name
            copied = True
            if target.is_symlink():  # not followed, not replaced: a link in the corpus is the owner's business
                raise DocumentError(f"{name}: a link of this name is in the corpus; rename the file")
            if target.exists():
                if not target.is_file() or target.read_bytes() != data:
                    raise DocumentError(
                        f"{name}: a different document of this name is already in the corpus; rename the file"
                    )
                copied = False
            else:
                _write_new(corpus, target, data)
            try:
                report = self._index(say)
            except Exception:
                if copied:
                    target.unlink(missing_ok=True)  # keep corpus and index in step
                raise
            self.forget_assistant()
        say(1.0, "done")
        return AddReport(name, copied, report.added, report.documents, report.seconds, list(report.errors))

    def _index(self, say: ProgressFn) -> BuildReport:
        from index.build import build_index
        from index.embed import make_embedding

        current = self._assistant
        embedding = current.embedding if current is not None else make_embedding(self.settings.embedding)

        def shown(message: str) -> None:
            step = _EMBEDDING_STEP.search(message)
            fraction = int(step[1]) / max(int(step[2]), 1) if step else None
            say(fraction, message)

        say(None, "indexing the corpus")
        return build_index(self.settings.store_location(), embedding, corpus_dir=self.settings.corpus_dir,
                           chunk_chars=self.settings.chunk_chars, progress=shown)


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


def _read_upload(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise DocumentError(f"{name}: {size} bytes is over the {MAX_FILE_BYTES}-byte limit")
            data = f.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows while it is read
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    return data


def _write_new(corpus: Path, target: Path, data: bytes) -> None:
    """Write beside the target under a fresh hidden name (created exclusively: no link is followed), then rename:
    an index build never sees half a file, and nothing is written outside the corpus folder."""
    fd, partial = tempfile.mkstemp(dir=corpus, prefix=".", suffix=".uploading")  # not a text suffix: never indexed
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
