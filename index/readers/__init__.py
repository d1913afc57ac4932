"""One registry of document readers, keyed by file suffix: the only place that says which files are documents.

Each reader turns a file's bytes into text the index cleans and cuts into passages. What a reader returns is
the document's "original" for citations: `source_start`/`source_end` are offsets in it (for a .txt or .md file,
the file's own text; for a PDF, its text layer page by page, pages separated by a form feed, so a citation's
page is known; for DOCX and HTML, the paragraphs and table rows they hold, one a line). Readers are imported
only when a file of their kind is read (pdfplumber, python-docx and trafilatura are not cheap to import).

A PDF's layout analysis costs far more than hashing its bytes, so what its reader returned is kept by content
hash (see _ReadCache): re-indexing an unchanged PDF, or listing its title, does not parse it again.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from index.errors import DocumentError
from index.user_cache import user_cache_dir

MAX_FILE_BYTES = 20_000_000  # any kind of file: bounded reading time and memory
PAGE_BREAK = "\f"  # between two pages of a paged document (as pdftotext writes them)


@dataclass(frozen=True)
class ReadText:
    text: str
    # lines are wrapped at the page's width (a PDF): a paragraph's lines are joined when cleaning, and a
    # blank line marks where the layout ends a paragraph (see index.clean)
    wrapped: bool = False


Reader = Callable[[bytes, str], ReadText]

# suffix -> "module:function"; every suffix here is read from the corpus folder and accepted by the upload
_READERS: dict[str, str] = {
    ".txt": "index.readers.text:read_text",
    ".md": "index.readers.text:read_text",
    ".text": "index.readers.text:read_text",
    ".pdf": "index.readers.pdf:read_pdf",
    ".docx": "index.readers.docx:read_docx",
    ".html": "index.readers.html:read_html",
    ".htm": "index.readers.html:read_html",
}
SUFFIXES: tuple[str, ...] = tuple(_READERS)


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") and dot >= 0 else ""


def readable(name: str) -> bool:
    return suffix_of(name) in _READERS


def reader_for(name: str, suffix: str | None = None) -> Reader:
    """The reader for a file name's suffix (or the suffix given); DocumentError for a kind we cannot read."""
    target = _READERS.get(suffix or suffix_of(name))
    if target is None:
        raise DocumentError.because(name, "unsupported", suffixes=" ".join(SUFFIXES))
    module, _, function = target.partition(":")
    reader: Reader = getattr(importlib.import_module(module), function)
    return reader


# kinds whose reading is slow enough to keep its result (a text file is decoded faster than its cache is read)
_CACHED_SUFFIXES = frozenset({".pdf"})


def read_cache_dir() -> Path:
    """Where read results are kept: <XDG_CACHE_HOME or ~/.cache>/siping-assistant/read (a cache: deleting it
    costs one re-parse per file)."""
    return user_cache_dir() / "read"


@cache
def _reader_version(target: str) -> str:
    """A digest of the reader's own source: a changed reader never serves what the old one read."""
    module = importlib.import_module(target.partition(":")[0])
    return hashlib.sha256(Path(str(module.__file__)).read_bytes()).hexdigest()[:16]


class _ReadCache:
    """What a reader returned, one JSON file per (content hash, reader version). Only successful reads are
    kept (a refusal is quick to reach again); a damaged entry is read afresh and replaced."""

    def __init__(self, target: str, data: bytes) -> None:
        key = f"{hashlib.sha256(data).hexdigest()}-{_reader_version(target)}"
        self.path = read_cache_dir() / f"{key}.json"

    def get(self) -> ReadText | None:
        try:
            return ReadText(**json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def put(self, read: ReadText) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
            tmp.write_text(json.dumps(asdict(read), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, self.path)  # readers of the cache never see half an entry
        except OSError:
            pass  # a read-only or full cache folder only costs the next re-parse


def read_bytes(data: bytes, name: str, suffix: str | None = None) -> ReadText:
    """The document in a file's bytes, read as its suffix says (or as `suffix`); DocumentError (with its
    reason) for anything that is not a readable, non-empty document of its kind."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError.because(name, "too_large", size=len(data), limit=MAX_FILE_BYTES)
    kind = suffix or suffix_of(name)
    cached = _ReadCache(_READERS[kind], data) if kind in _CACHED_SUFFIXES else None
    read = cached.get() if cached is not None else None
    if read is None:
        read = reader_for(name, suffix)(data, name)
        if cached is not None and read.text.strip():
            cached.put(read)
    if not read.text.strip():
        raise DocumentError.because(name, "empty")
    return read
