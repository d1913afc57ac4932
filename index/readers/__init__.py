"""One registry of document readers, keyed by file suffix: the only place that says which files are documents.

Each reader turns a file's bytes into text the index cleans and cuts into passages. What a reader returns is
the document's "original" for citations: `source_start`/`source_end` are offsets in it (for a .txt or .md file,
the file's own text; for a PDF, its text layer page by page, pages separated by a form feed, so a citation's
page is known; for DOCX and HTML, the paragraphs and table rows they hold, one a line). Readers are imported
only when a file of their kind is read (pdfplumber, python-docx and trafilatura are not cheap to import).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from index.errors import DocumentError

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


def read_bytes(data: bytes, name: str, suffix: str | None = None) -> ReadText:
    """The document in a file's bytes, read as its suffix says (or as `suffix`); DocumentError (with its
    reason) for anything that is not a readable, non-empty document of its kind."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError.because(name, "too_large", size=len(data), limit=MAX_FILE_BYTES)
    read = reader_for(name, suffix)(data, name)
    if not read.text.strip():
        raise DocumentError.because(name, "empty")
    return read
