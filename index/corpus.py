"""The corpus folder as a set of documents: list them (title, passages), add files, remove one.

Shared by the command line (`python -m assistant add|remove|list`) and the UI's documents panel. A file is
checked (its reader must read it) before anything changes; it is copied unchanged under a safe name; the
index is then brought in line with the corpus (index.build, incremental). When the build fails, the files
just added are taken out again and a removed file is put back: nothing indexed is lost.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import DocumentError
from index.loaders import MANIFEST, corpus_paths, read_document, read_manifest
from index.readers import MAX_FILE_BYTES, readable

if TYPE_CHECKING:
    from collections.abc import Callable

    from llama_index.core.base.embeddings.base import BaseEmbedding

    from index.build import BuildReport, Progress
    from index.location import StoreLocation

TITLE_CHARS = 60  # a title taken from a document's first line is cut here
# path separators, and marks that mean something to shells or are not allowed in Windows file names
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*`$!{}]')
# invisible or layout-changing characters: control, format (zero-width, bidi overrides), line/paragraph marks
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
MAX_NAME_BYTES = 150  # well under the 255-byte limit of common file systems, with room for a temp prefix
FALLBACK_STEM = "document"


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str  # the file name relative to the corpus folder
    title: str  # corpus/manifest.json's title, else the document's first line
    passages: int  # in the serving index (0: not indexed yet)
    size: int  # bytes


@dataclass
class Placed:
    """Files put into the corpus (or found there already, unchanged) and files refused, each with its reason."""

    added: list[str] = field(default_factory=list)  # doc ids copied in
    present: list[str] = field(default_factory=list)  # the same file was already there under this name
    refused: list[DocumentError] = field(default_factory=list)


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


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=4096)
def _file_facts(path: str, _mtime_ns: int, _size: int) -> tuple[str, str]:
    """(content hash, first line) of a corpus file; cached while the file is unchanged (mtime and size)."""
    from index.clean import clean_text

    data = Path(path).read_bytes()
    try:
        text, wrapped = read_document(data, path)
        cleaned = clean_text(text, wrapped).text  # page headers and numbers dropped: not a title
        first = next((line.strip() for line in cleaned.splitlines() if line.strip()), "")
    except DocumentError:
        first = ""
    title = first if len(first) <= TITLE_CHARS else first[:TITLE_CHARS - 1] + "…"
    return content_hash(data), title


def _facts(path: Path) -> tuple[str, str]:
    stat = path.stat()
    return _file_facts(str(path), stat.st_mtime_ns, stat.st_size)


def passage_counts(location: StoreLocation) -> dict[str, int]:
    """Passages per document in the serving generation; {} when there is no index yet."""
    from index.store import StoreError, open_current

    try:
        return {doc_id: len(ids) for doc_id, ids in open_current(location).ids_by_doc().items()}
    except StoreError:
        return {}


def list_documents(corpus_dir: Path, counts: dict[str, int]) -> list[DocumentInfo]:
    """Every document an index build reads, by title (manifest title, else its first line, else its name)."""
    if not corpus_dir.is_dir():
        return []
    manifest = read_manifest(corpus_dir)
    found = []
    for path in corpus_paths(corpus_dir):
        doc_id = path.relative_to(corpus_dir).as_posix()
        title = manifest.get(doc_id, {}).get("title", "") or _facts(path)[1] or doc_id
        found.append(DocumentInfo(doc_id, title, counts.get(doc_id, 0), path.stat().st_size))
    return found


def check_document(data: bytes, name: str) -> None:
    """DocumentError (with its reason) unless these bytes are a document we can index under this name."""
    if not readable(name):
        from index.readers import SUFFIXES

        raise DocumentError.because(name, "unsupported", suffixes=" ".join(SUFFIXES))
    if name == MANIFEST:
        raise DocumentError.because(name, "reserved")
    read_document(data, name)  # binary, undecodable, empty, too large, encrypted, scanned… -> DocumentError


def read_limited(path: Path, name: str) -> bytes:
    """A file's bytes, refused when over MAX_FILE_BYTES before it is read whole."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise DocumentError.because(name, "too_large", size=size, limit=MAX_FILE_BYTES)
            data = f.read(MAX_FILE_BYTES + 1)  # bounded even if the file grows while it is read
    except OSError as exc:
        raise DocumentError.because(name, "unreadable", detail=exc.strerror or exc) from exc
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError.because(name, "too_large", size=len(data), limit=MAX_FILE_BYTES)
    return data


def place(corpus_dir: Path, name: str, data: bytes) -> bool:
    """Put a checked document into the corpus under `name` (already safe_document_name'd). True when copied,
    False when the very same file is there already. DocumentError when another file holds the same content
    (named) or this name (a different document, or a link: never replaced)."""
    if not corpus_dir.is_dir():
        raise DocumentError(f"{corpus_dir}: corpus folder not found")
    target = corpus_dir / name
    if target.is_symlink():  # not followed, not replaced: a link in the corpus is the owner's business
        raise DocumentError.because(name, "link_taken")
    if target.exists():
        if not target.is_file() or target.read_bytes() != data:
            raise DocumentError.because(name, "name_taken")
        return False
    digest = content_hash(data)
    for path in corpus_paths(corpus_dir):
        if _facts(path)[0] == digest:
            raise DocumentError.because(name, "duplicate", other=path.relative_to(corpus_dir).as_posix())
    _write_new(corpus_dir, target, data)
    return True


def _write_new(corpus: Path, target: Path, data: bytes) -> None:
    """Write beside the target under a fresh hidden name (created exclusively: no link is followed), then rename:
    an index build never sees half a file, and nothing is written outside the corpus folder."""
    fd, partial = tempfile.mkstemp(dir=corpus, prefix=".", suffix=".uploading")  # not a document suffix
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def place_files(corpus_dir: Path, paths: list[Path]) -> Placed:
    """Check each file and copy the good ones in; a bad one is refused with its reason, the others go on."""
    placed = Placed()
    for path in paths:
        name = safe_document_name(path.name)
        try:
            data = read_limited(path, name)
            check_document(data, name)
            (placed.added if place(corpus_dir, name, data) else placed.present).append(name)
        except DocumentError as exc:
            placed.refused.append(exc)
    return placed


def reindex(location: StoreLocation, embedding: BaseEmbedding, corpus_dir: Path, chunk_chars: int,
            progress: Progress | None = None) -> BuildReport:
    from index.build import build_index

    return build_index(location, embedding, corpus_dir=corpus_dir, chunk_chars=chunk_chars, progress=progress)


def add_and_index(corpus_dir: Path, paths: list[Path], index: Callable[[], BuildReport]) -> tuple[Placed, BuildReport]:
    """place_files, then index(); when indexing fails, the files just copied in are taken out again."""
    placed = place_files(corpus_dir, paths)
    try:
        report = index()
    except BaseException:
        for name in placed.added:
            (corpus_dir / name).unlink(missing_ok=True)  # keep corpus and index in step
        raise
    return placed, report


def remove_and_index(corpus_dir: Path, doc_id: str, index: Callable[[], BuildReport]) -> BuildReport:
    """Take a document out of the corpus and the index. The file is set aside under a hidden name (never read
    by a build) while indexing, deleted after, and put back when indexing fails."""
    known = {path.relative_to(corpus_dir).as_posix(): path for path in corpus_paths(corpus_dir)}
    path = known.get(doc_id)
    if path is None:  # only a document an index build reads: no path outside the corpus, no manifest
        raise DocumentError.because(doc_id, "not_found")
    aside = path.with_name(f".{path.name}.removing")
    os.replace(path, aside)
    try:
        report = index()
    except BaseException:
        os.replace(aside, path)
        raise
    aside.unlink(missing_ok=True)
    return report
