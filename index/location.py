"""Where a passage store lives (kept light: the settings object imports it).

A store holds numbered generations. Generation N is one Chroma collection named `<collection>-g<N>` (in
the folder under store_dir or on a `chroma run` server) plus one keyword folder `bm25/g<N>/`. The small
file CURRENT.json names the generation readers open; a build writes a new generation beside the current
one and then replaces that file, so readers only ever see complete generations.

With a Chroma server the server is the one shared truth: the pointer is also the metadata of the collection
`<collection>-current` there, and `bm25/g<N>/` is a local cache each machine rebuilds from the generation's
collection when it lacks it (see index.store).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreLocation:
    """Where the store lives; built from the settings object by its owner (data flows corpus -> index -> assistant)."""

    store_dir: Path
    collection: str = "documents"
    chroma_server: str = ""  # "host:port" of a `chroma run` server; "" for the folder under store_dir
    candidates: int = 20  # hits the keyword retriever returns
    # on a Chroma server: how long a build's lease lasts unless renewed (index.lease), i.e. how long other
    # machines wait after a build died before they may take its lease over
    build_lease_s: float = 60.0

    @property
    def chroma_dir(self) -> Path:
        return self.store_dir / "chroma"

    @property
    def keyword_root(self) -> Path:
        """The folder holding one keyword index per generation (in the old layout: the index itself)."""
        return self.store_dir / "bm25"

    @property
    def pointer(self) -> Path:
        """The one switch: which generation readers open."""
        return self.store_dir / "CURRENT.json"

    @property
    def build_lock(self) -> Path:
        return self.store_dir / "build.lock"

    @property
    def embedding_cache(self) -> Path:
        return self.store_dir / "embedding_cache.sqlite"

    @property
    def pointer_collection(self) -> str:
        """On a Chroma server: the collection whose metadata is the pointer (it holds no passages)."""
        return f"{self.collection}-current"

    def collection_name(self, generation: int) -> str:
        return f"{self.collection}-g{generation}"

    def keyword_dir(self, generation: int) -> Path:
        return self.keyword_root / f"g{generation}"

    def generation_of(self, collection_name: str) -> int | None:
        """N for this store's `<collection>-g<N>`, None for any other collection name."""
        found = re.fullmatch(re.escape(self.collection) + r"-g(\d+)", collection_name)
        return int(found[1]) if found else None
