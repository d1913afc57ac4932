"""Read files into documents: any kind index.readers reads (text in any encoding we can detect, PDF, DOCX,
HTML), a clear error naming the file and the reason for what we cannot read."""

from __future__ import annotations

import json
import logging
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from charset_normalizer import from_bytes

from index.errors import DocumentError
from index.readers import MAX_FILE_BYTES, SUFFIXES, read_bytes, readable

__all__ = ["MANIFEST", "MAX_FILE_BYTES", "SUFFIXES", "DocumentError", "SourceDocument", "corpus_paths",
           "decode_bytes", "document_text", "iter_corpus", "load_file", "read_document", "read_manifest"]

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"

# Text, not data: at most this share of control characters (other than tab, newline, carriage return, form
# feed, vertical tab). Random bytes decoded by any 8-bit codec give about one in eight.
MAX_CONTROL_SHARE = 0.01
# UTF-16 without a byte-order mark decodes into *some* characters from almost any even-length input, so it
# is only taken when the result is plainly text: this share of the sample is ASCII printable, common CJK or
# punctuation (legacy CJK encodings read as UTF-16 land in Hangul, private-use or surrogate code points).
MIN_UTF16_PLAUSIBLE = 0.9
SAMPLE_CHARS = 4096  # plausibility is judged on the start of the text: bounded time for any file size
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_LEGACY_CJK = ("gb18030", "big5")  # tried when charset_normalizer has no answer
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")


@dataclass(frozen=True)
class SourceDocument:
    doc_id: str  # file name relative to the corpus folder: stable across machines
    text: str
    path: Path
    metadata: dict[str, str] = field(default_factory=dict)
    wrapped: bool = False  # lines wrapped at a page's width (a PDF's): see index.clean


def _control_share(text: str) -> float:
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc")
    return controls / len(sample)


@lru_cache(maxsize=65536)
def _plausible_char(ch: str) -> bool:
    """ASCII printable, whitespace, CJK/fullwidth/general punctuation, kana, or a hanzi common enough to be in
    GB2312 or Big5 (mis-decoded bytes land on rare ideographs as often as on common ones)."""
    code = ord(ch)
    if 0x20 <= code < 0x7F or ch in _TEXT_CONTROLS or ch == "\u3000":
        return True
    if 0x2000 <= code <= 0x206F or 0x3000 <= code <= 0x30FF or 0xFF00 <= code <= 0xFFEF:
        return True
    if 0x4E00 <= code <= 0x9FFF:
        for codec in ("gb2312", "big5"):
            try:
                ch.encode(codec)
                return True
            except UnicodeEncodeError:
                pass
    return False


def _plausible_share(text: str) -> float:
    sample = text[:SAMPLE_CHARS]
    return sum(map(_plausible_char, sample)) / len(sample) if sample else 1.0


def _decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """The byte order whose decoding reads as text, if either does."""
    if len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _decode(data, codec)
        if text is None or _control_share(text) > MAX_CONTROL_SHARE:
            continue
        share = _plausible_share(text)
        if share >= MIN_UTF16_PLAUSIBLE and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """A byte-order mark if there is one; else UTF-8; else UTF-16 (either byte order) when it reads as text;
    else the best guess of charset_normalizer (GBK, GB18030, Big5…), then GB18030 and Big5 tried directly.
    Whatever is chosen must read as text (few control characters); otherwise DocumentError."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode(data, codec)
            if text is not None and _control_share(text) <= MAX_CONTROL_SHARE:
                return text
            break  # a BOM that does not decode: fall back to detection
    text = _decode(data, "utf-8")
    if text is not None and _control_share(text) <= MAX_CONTROL_SHARE:
        return text  # (UTF-16 of ASCII is valid UTF-8 too, but half NULs: it goes on to the next step)
    text = _utf16_without_bom(data)
    if text is not None:
        return text
    best = from_bytes(data).best()
    guesses = [str(best)] if best is not None else []
    for codec in _LEGACY_CJK:
        guess = _decode(data, codec)
        if guess is not None:
            guesses.append(guess)
    for guess in guesses:
        if _control_share(guess) <= MAX_CONTROL_SHARE:
            return guess
    if guesses or b"\x00" in data[:SAMPLE_CHARS]:
        raise DocumentError.because(name, "binary")
    raise DocumentError.because(name, "encoding")


def _read(path: Path, follow_symlinks: bool) -> bytes:
    flags = os.O_RDONLY | (0 if follow_symlinks else getattr(os, "O_NOFOLLOW", 0))
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and path.is_symlink():
            raise DocumentError.because(str(path), "link") from exc
        raise DocumentError.because(str(path), "unreadable", detail=exc.strerror or exc) from exc
    try:
        with os.fdopen(fd, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise DocumentError.because(str(path), "too_large", size=size, limit=MAX_FILE_BYTES)
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:  # e.g. a directory: opened, but not readable as a file
        raise DocumentError.because(str(path), "unreadable", detail=exc.strerror or exc) from exc


def read_document(data: bytes, name: str) -> tuple[str, bool]:
    """(text, wrapped) of a document's bytes, read by the reader for its suffix (a name without a known
    suffix is read as text); DocumentError if it is not a readable, non-empty document."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError.because(name, "too_large", size=len(data), limit=MAX_FILE_BYTES)
    read = read_bytes(data, name, None if readable(name) else ".txt")
    return read.text, read.wrapped


def document_text(data: bytes, name: str) -> str:
    """The text of a document's bytes (see read_document)."""
    return read_document(data, name)[0]


def load_file(path: Path, doc_id: str | None = None, metadata: dict[str, str] | None = None,
              follow_symlinks: bool = True) -> SourceDocument:
    """One document. follow_symlinks=False refuses a link as the last path component (opened with O_NOFOLLOW,
    so a link swapped in after a check is refused too)."""
    text, wrapped = read_document(_read(path, follow_symlinks), str(path))
    return SourceDocument(doc_id or path.name, text, path, dict(metadata or {}), wrapped)


def read_manifest(corpus_dir: Path) -> dict[str, dict[str, str]]:
    """manifest.json: {"documents": [{"file": ..., "title": ..., "source": ..., "date": ...}]}."""
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DocumentError(f"{path}: unreadable manifest ({exc})") from exc
    return {
        entry["file"]: {k: str(v) for k, v in entry.items() if k != "file"}
        for entry in raw.get("documents", [])
    }


def corpus_paths(corpus_dir: Path, errors: list[str] | None = None) -> list[Path]:
    """The document files (index.readers.SUFFIXES) really inside corpus_dir, sorted. Links (to files or folders)
    are not followed: a link could make any file on the host part of the corpus; each one is named in `errors`."""
    root = corpus_dir.resolve()
    found: list[Path] = []
    for folder, dirs, files in os.walk(corpus_dir, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                _refuse(f"{here / name}: a symbolic link to a folder; not followed", errors)
        for name in files:
            path = here / name
            if path.suffix.lower() not in SUFFIXES:
                continue
            if path.is_symlink():
                _refuse(f"{path}: a symbolic link; only files inside the corpus folder are read", errors)
            elif not path.resolve().is_relative_to(root):
                _refuse(f"{path}: resolves outside the corpus folder", errors)
            else:
                found.append(path)
    return sorted(found)


def _refuse(message: str, errors: list[str] | None) -> None:
    log.warning("skipping %s", message)
    if errors is not None:
        errors.append(message)


def iter_corpus(corpus_dir: Path, errors: list[str] | None = None) -> Iterator[SourceDocument]:
    """Every text file under corpus_dir; unreadable files and links are reported in `errors` and skipped."""
    if not corpus_dir.is_dir():
        raise DocumentError(f"{corpus_dir}: corpus folder not found")
    manifest = read_manifest(corpus_dir)
    for path in corpus_paths(corpus_dir, errors):
        doc_id = path.relative_to(corpus_dir).as_posix()
        try:
            yield load_file(path, doc_id, manifest.get(doc_id), follow_symlinks=False)
        except DocumentError as exc:
            _refuse(str(exc), errors)
