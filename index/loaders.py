"""Read files into documents: any text encoding we can detect, a clear error for what we cannot read."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".text"}
MAX_FILE_BYTES = 20_000_000
MANIFEST = "manifest.json"


class DocumentError(ValueError):
    """A file that cannot be read as a text document (binary, undecodable, too large)."""


@dataclass(frozen=True)
class SourceDocument:
    doc_id: str  # file name relative to the corpus folder: stable across machines
    text: str
    path: Path
    metadata: dict[str, str] = field(default_factory=dict)


def decode_bytes(data: bytes, name: str = "<bytes>") -> str:
    """UTF-8 (with or without BOM) first, then the best guess of charset_normalizer (GBK, Big5, UTF-16…)."""
    head = data[:4096]
    if b"\x00" in head and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 without a byte-order mark has a NUL in every other byte; anything else is binary
        for codec, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if zeros.count(0) >= len(zeros) * 0.6:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    pass
        raise DocumentError(f"{name}: looks binary, not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(f"{name}: cannot detect the text encoding")
    return str(best)


def load_file(path: Path, doc_id: str | None = None, metadata: dict[str, str] | None = None) -> SourceDocument:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"{path}: {size} bytes is over the {MAX_FILE_BYTES}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text = decode_bytes(data, str(path))
    if not text.strip():
        raise DocumentError(f"{path}: empty document")
    return SourceDocument(doc_id or path.name, text, path, dict(metadata or {}))


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


def iter_corpus(corpus_dir: Path, errors: list[str] | None = None) -> Iterator[SourceDocument]:
    """Every text file under corpus_dir; unreadable files are reported in `errors` and skipped."""
    if not corpus_dir.is_dir():
        raise DocumentError(f"{corpus_dir}: corpus folder not found")
    manifest = read_manifest(corpus_dir)
    for path in sorted(corpus_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        doc_id = path.relative_to(corpus_dir).as_posix()
        try:
            yield load_file(path, doc_id, manifest.get(doc_id))
        except DocumentError as exc:
            log.warning("skipping %s", exc)
            if errors is not None:
                errors.append(str(exc))
