"""Cross-lingual similarity: how close an English question is to the Chinese clause stating a figure.

The embedding model is multilingual (multilingual-e5-small by default), so the question and each candidate
figure's clause land in one vector space whatever their language. This is one more signal for which figure
answers an English question, used beside the dictionary words (assistant.bilingual) and only among the few
candidates already ranked highest: it reorders close calls. Where the dictionary's words leave every
figure short of the cut-offs (a name it cannot read, "Eastmoney" 东方财富; a time word the text writes
otherwise), `clearly_closest` may still pick one: the clause far closer to the question than every rival's,
by a margin calibrated on answerable and unanswerable English questions (settings.answer.crosslingual_margin).
A Chinese question gets the second say within one language: the clearly closest clause when its words refuse
the best figure (answer.FigureAnswerSynthesizer._meant_in_chinese).
Clause vectors are cached by text; the question's vector is computed once per call.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import Any

import numpy as np

# clause vectors kept (about 1.5 KB each at 384 dimensions)
_CACHE_SIZE = 4096


class ClauseSimilarity:
    """Cosine similarity between a question and clauses, by an embedding model (llama-index BaseEmbedding)."""

    def __init__(self, embedding: Any, margin: float = 0.035) -> None:
        self.embedding = embedding
        self.margin = margin  # how much closer than every rival a clause must be to be picked alone
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

    def clearly_closest(self, question: str, clauses: list[str], figures: list[Hashable]) -> int | None:
        """The index of the clause closer to the question than the clause of every other figure by at least
        the margin, or None. figures[i]: which figure clause i states (the same figure stated twice is no
        rival of itself; two figures of one clause tie, and neither is picked). None as well when there is
        no other figure to compare: a lone candidate is not shown closer than anything."""
        sims = self.scores(question, clauses)
        if not sims:
            return None
        best = max(range(len(sims)), key=sims.__getitem__)
        others = [s for s, f in zip(sims, figures, strict=True) if f != figures[best]]
        if not others or sims[best] - max(others) < self.margin:
            return None
        return best

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
