"""What the chat UI needs besides rendering: one assistant per process, and adding a document to the corpus.

No answering logic here (that is assistant.api), and no gradio import (so it is cheap to test).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.api import Assistant, History, default_assistant
from assistant.settings import Settings, load_settings
from assistant.types import Answer
from index.loaders import MANIFEST, TEXT_SUFFIXES, DocumentError, load_file

if TYPE_CHECKING:
    from index.build import BuildReport

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = (".txt", ".md")
# progress(fraction or None, message)
ProgressFn = Callable[[float | None, str], None]
_EMBEDDING_STEP = re.compile(r"(\d+)\s*/\s*(\d+)")


@dataclass
class AddReport:
    doc_id: str
    copied: bool  # False when the very same file was already in the corpus
    passages_added: int
    documents: int
    seconds: float
    skipped: list[str] = field(default_factory=list)  # other corpus files the index build could not read


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
        return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*")
                      if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)

    def add_document(self, path: Path, name: str | None = None,
                     progress: ProgressFn | None = None) -> AddReport:
        """Validate a .txt/.md file, copy it unchanged into the corpus folder, index the corpus, and make the
        next question see it. Raises DocumentError (nothing changed) for a file that cannot be a document."""
        say = progress or (lambda _f, _m: None)
        name = Path(name or path.name).name  # never a path: no writing outside the corpus folder
        if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise DocumentError(f"{name}: only {' / '.join(UPLOAD_SUFFIXES)} text files can be added")
        if name == MANIFEST or name.startswith("."):
            raise DocumentError(f"{name}: not an allowed document name")
        say(0.0, "checking the file")
        load_file(path, name)  # binary, undecodable, empty or too large -> DocumentError
        data = path.read_bytes()
        with self._lock:
            corpus = self.settings.corpus_dir
            if not corpus.is_dir():
                raise DocumentError(f"{corpus}: corpus folder not found")
            target = corpus / name
            copied = True
            if target.exists():
                if target.read_bytes() != data:
                    raise DocumentError(
                        f"{name}: a different document of this name is already in the corpus; rename the file"
                    )
                copied = False
            else:
                partial = corpus / f".{name}.uploading"  # not a text suffix: an index build never reads it
                partial.write_bytes(data)
                os.replace(partial, target)
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
