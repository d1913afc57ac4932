"""jieba's part-of-speech table (word -> tag, 350,000 words), read a first character at a time.

Why: reading the whole table from its kept copy made 350,000 small strings before a fresh process could tag
its first question (~0.3 s idle, ~1.8 s on the loaded 2-core machine), while a question, and even the first
hundred passages, use a few hundred words. Kept instead as one text per first character ("word\\ttag\\n..."),
the table loads as ~7,000 strings; the first lookup of a word starting with a character parses that
character's entries (a few dozen on average). Lookups answer exactly what the full table answers.

jieba.posseg reads the table with `word_tag_tab.get(word, "x")` and adds a user's tagged words with
`word_tag_tab.update(...)`: TagTable is a dict with `get` answering from the buckets, and a bucket parsed
later never overwrites a word set meanwhile (a user's tag wins, as in jieba's own table).
"""

from __future__ import annotations

import threading
from typing import Any

from index.freq_buckets import buckets_of  # the same kept format: one text per first character

__all__ = ["TagTable", "buckets_of", "valid_buckets"]

_lock = threading.Lock()  # the UI's threads may tag at once: one parse per bucket


def valid_buckets(kept: object) -> bool:
    return (isinstance(kept, dict) and len(kept) > 1000
            and all(isinstance(k, str) and isinstance(v, str) for k, v in list(kept.items())[:100]))


class TagTable(dict):  # type: ignore[type-arg]  # word -> tag, as jieba.posseg's word_tag_tab
    """jieba.posseg's word -> tag table, filled one first character at a time from `buckets`."""

    def __init__(self, buckets: dict[str, str]) -> None:
        super().__init__()
        self._buckets = dict(buckets)

    def _parse(self, first: str) -> None:
        with _lock:
            text = self._buckets.pop(first, None)
            if text is None:
                return
            for line in text.split("\n"):
                word, _, tag = line.partition("\t")
                if not dict.__contains__(self, word):  # a tag set meanwhile (a user's word) stays
                    dict.__setitem__(self, word, tag)

    def get(self, word: Any, default: Any = None) -> Any:
        found = dict.get(self, word, self)  # self: a sentinel no tag can be
        if found is not self:
            return found
        if isinstance(word, str) and word:
            # always through the lock: another thread may have taken this bucket and still be parsing it (a
            # check of `self._buckets` outside the lock answered "x" for a word of that bucket meanwhile)
            self._parse(word[:1])
            return dict.get(self, word, default)
        return default

    def __getitem__(self, word: Any) -> Any:
        found = self.get(word, self)
        if found is self:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return self.get(word, self) is not self

    def unread_buckets(self) -> int:
        """How many first characters are still unread (for tests and the bench)."""
        return len(self._buckets)
