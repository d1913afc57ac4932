"""The user's cache folder for derived data (<XDG_CACHE_HOME or ~/.cache>/siping-assistant), and one JSON
table kept there by the digest of what it was derived from.

Everything here is a cache: deleting the folder costs one rebuild per entry. Entries are JSON (never pickle),
so a file planted in the folder can at worst be a wrong table, which its digest name makes unlikely, not code.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

APP_DIR_NAME = "siping-assistant"


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / APP_DIR_NAME


def digest_of(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:24]


def cached_table(name: str, digest: str,
                 build: Callable[[], dict[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """build(), or its kept copy when `digest` (digest_of the inputs' bytes, the builder's source among them)
    is unchanged. A missing, damaged or unwritable cache only costs the build."""
    path = user_cache_dir() / "tables" / f"{name}-{digest}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict):
            return {str(k): tuple(v) for k, v in raw.items()}
    except (OSError, ValueError, TypeError):
        pass
    table = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".part",
                                         delete=False) as out:
            json.dump(table, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(out.name, path)
        for stale in path.parent.glob(f"{name}-*.json"):  # copies built from older inputs are never read again
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return table


def cached_blob(name: str, digest: str, build: Callable[[], object], valid: Callable[[object], bool]) -> object:
    """build(), or its kept copy when `digest` is unchanged, for tables too large for JSON to read quickly
    (jieba's dictionary: 500,000 words). Kept in marshal, the format jieba keeps the same table in: it holds
    data only (loading one runs nothing), read in one piece (marshal.load from a file reads item by item, 3x
    slower), and a copy `valid` rejects (damaged, or not what the builder makes) is rebuilt."""
    import marshal

    path = user_cache_dir() / "tables" / f"{name}-{digest}.marshal"
    try:
        kept = marshal.loads(path.read_bytes())
        if valid(kept):
            return kept
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".part", delete=False) as out:
            marshal.dump(data, out)  # type: ignore[arg-type]  # what build() makes: plain data
        os.replace(out.name, path)
        for stale in path.parent.glob(f"{name}-*.marshal"):  # copies built from older inputs are never read again
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass
    return data
