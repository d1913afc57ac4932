"""Cross-lingual similarity: how close an English question is to the Chinese clause stating a figure.

The embedding model is multilingual (multilingual-e5-small by default), so the question and each candidate
figure's clause land in one vector space whatever their language. This is one more signal for which figure
answers an English question, used beside the dictionary words (assistant.bilingual) and only among the few
candidates already ranked highest: it reorders close calls, it never makes a figure acceptable that the
other evidence rejects. Clause vectors are cached by text; the question's vector is computed once per call.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

import numpy as np

# clause vectors kept (about 1.5 KB each at 384 dimensions)
_CACHE_SIZE = 4096


class ClauseSimilarity:
    """Cosine similarity between a question and clauses, by an embedding model (llama-index BaseEmbedding)."""

    def __init__(self, embedding: Any) -> None:
        self.embedding = embedding
        self._clauses: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = Lock()  # the cache is shared by the threads answering at once
        self._last: tuple[str, np.ndarray] | None = None

    def scores(self, question: str, clauses: list[str]) -> list[float]:
        if not clauses:
            return []
        query = self._query(question)
        with self._lock:
            missing = list(dict.fromkeys(c for c in clauses if c not in self._clauses))
        if missing:
            vectors = self.embedding.get_text_embedding_batch(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._clauses[text] = self._unit(vector)
                    self._clauses.move_to_end(text)
                while len(self._clauses) > _CACHE_SIZE:
                    self._clauses.popitem(last=False)
        with self._lock:
            found = [self._clauses.get(c) for c in clauses]
        return [float(query @ v) if v is not None else 0.0 for v in found]

    def _query(self, question: str) -> np.ndarray:
        """The question's vector, kept for the question's next lookup (one question looks up several figures)."""
        with self._lock:
            if self._last is not None and self._last[0] == question:
                return self._last[1]
        vector = self._unit(self.embedding.get_query_embedding(question))
        with self._lock:
            self._last = (question, vector)
        return vector

    @staticmethod
    def _unit(vector: Any) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(v))
        return v / norm if norm else v
