"""jieba's word frequencies (word -> count, 500,000 words and prefixes), read a first character at a time.

Why: reading the whole table from its kept copy (index.segmenter) made 500,000 small objects before a fresh
process could cut its first question: ~0.2 s of CPU, the largest single step of the jieba side, while a
first answer cuts text made of ~100 distinct characters (~6% of the table). Kept instead as one text per
first character ("word\\tcount\\n..."), the table loads as ~12,000 strings; the entries of a character are
parsed into the tokenizer's own FREQ dict the first time a text holding that character is cut.

Every lookup jieba makes while cutting a text is of a piece of that text (get_DAG, calc, cut_for_search's
grams, posseg's cut), so all pieces' first characters are read before jieba's get_DAG runs: the cut is exactly
jieba's. FREQ stays a plain dict (lookups at C speed). What reads FREQ without cutting goes through
`frequency()`; jieba's add_word (del_word, load_userdict) and suggest_freq read the word's characters first,
so a word added before its character was read is never shadowed (and its prefixes are marked as jieba marks
them). Not covered: jieba's module-level `get_FREQ` / `get_DAG` (bound at jieba's import, unused here).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

_lock = threading.Lock()  # the UI's threads may cut at once: one parse per character, done before it is used


def buckets_of(table: Mapping[str, object]) -> dict[str, str]:
    """word -> value grouped by first character: {"双": "双辽\\t12\\n双方\\t3400\\n...", ...} (what is kept)."""
    grouped: dict[str, list[str]] = {}
    for word, value in table.items():
        if word and "\t" not in word and "\n" not in word:  # jieba's words never hold them; guard the format
            grouped.setdefault(word[0], []).append(f"{word}\t{value}")
    return {first: "\n".join(lines) for first, lines in grouped.items()}


def count_in(buckets: Mapping[str, str], word: str) -> int:
    """The count `buckets` keep for `word` (0 when absent): for checking a kept copy."""
    text = f"\n{buckets.get(word[:1], '')}\n"
    found = text.find(f"\n{word}\t") if word else -1
    if found < 0:
        return 0
    return int(text[found + len(word) + 2:text.index("\n", found + 1)])


class FrequencyBuckets:
    """Fills `tokenizer.FREQ` one first character at a time from `buckets` (see the module docstring)."""

    def __init__(self, tokenizer: Any, buckets: Mapping[str, str]) -> None:
        self._tokenizer = tokenizer
        self._buckets = dict(buckets)
        self._unread = set(self._buckets)  # a character leaves only once its entries are all in FREQ

    def read_for(self, text: str) -> None:
        """Every entry whose first character is in `text` put in FREQ (a word set meanwhile stays)."""
        if self._unread.isdisjoint(text):
            return
        with _lock:  # another thread may be parsing one of these characters: wait for it
            freq = self._tokenizer.FREQ
            for first in self._unread.intersection(text):
                for line in self._buckets.pop(first).split("\n"):
                    word, _, count = line.partition("\t")
                    if word not in freq:
                        freq[word] = int(count)
                self._unread.discard(first)

    def unread(self) -> int:
        """How many first characters are still unread (for tests and the bench)."""
        return len(self._unread)

    def install(self) -> None:
        """Put the reading in front of the tokenizer's get_DAG, add_word and suggest_freq (instance
        attributes: jieba calls them through `self`, and posseg through its tokenizer)."""
        import jieba

        tokenizer, cls = self._tokenizer, type(self._tokenizer)

        def get_DAG(sentence: str) -> dict[int, list[int]]:  # jieba's name
            self.read_for(sentence)
            return cls.get_DAG(tokenizer, sentence)  # type: ignore[no-any-return]

        def add_word(word: Any, freq: int | None = None, tag: str | None = None) -> None:
            self.read_for(jieba.strdecode(word)[:1])
            cls.add_word(tokenizer, word, freq, tag)

        def suggest_freq(segment: Any, tune: bool = False) -> int:
            pieces = [segment] if isinstance(segment, str | bytes) else list(segment)
            self.read_for("".join(jieba.strdecode(p) for p in pieces))
            return cls.suggest_freq(tokenizer, segment, tune)  # type: ignore[no-any-return]

        tokenizer.get_DAG, tokenizer.add_word, tokenizer.suggest_freq = get_DAG, add_word, suggest_freq
