"""Where a passage store lives (kept light: the settings object imports it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreLocation:
    """Where the store lives; built from the settings object by its owner (data flows corpus -> index -> assistant)."""

    store_dir: Path
    collection: str = "documents"
    chroma_server: str = ""  # "host:port" of a `chroma run` server; "" for the folder under store_dir
    candidates: int = 20  # hits the keyword retriever returns

    @property
    def chroma_dir(self) -> Path:
        return self.store_dir / "chroma"

    @property
    def keyword_dir(self) -> Path:
        return self.store_dir / "bm25"

    @property
    def embedding_cache(self) -> Path:
        return self.store_dir / "embedding_cache.sqlite"
