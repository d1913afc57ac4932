"""jieba's words of a text with their parts of speech, kept per text.

Tagging (jieba.posseg: an HMM pass over every unknown run) costs milliseconds per sentence and the same texts
come back again and again: a question is read by the router, the analysis and the answer; a passage is read
by every question that retrieves it, and passages stay the same between index builds. Keyed by the text
itself, a kept result can never be stale; the bounds only cap the memory.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

# the texts of one ask (a question, its parts and sides: a handful), with room to spare; not a store of past
# questions
_TEXTS = 64
# passages: place names only (a small set per passage), enough for a large corpus's often-retrieved passages
_PASSAGES = 8192


class Word(NamedTuple):
    """One word and its part of speech (a pair, also read as .word and .flag like jieba's own pairs)."""

    word: str
    flag: str


@lru_cache(maxsize=_TEXTS)
def tagged(text: str) -> tuple[Word, ...]:
    """The words of text with their parts of speech, as jieba.posseg.cut gives them."""
    from index.segmenter import pos_cut

    return tuple(Word(str(w.word), str(w.flag)) for w in pos_cut(text))


@lru_cache(maxsize=_PASSAGES)
def place_names(text: str) -> frozenset[str]:
    """The place names (jieba's ns, two characters or more) text uses."""
    from index.segmenter import pos_cut

    return frozenset(str(w.word) for w in pos_cut(text) if w.flag == "ns" and len(w.word) >= 2)
