"""jieba, ready to cut: its dictionary with the project's words (lexicon/segment_words.txt) and its
part-of-speech table, each read from a copy kept in the user cache (index.user_cache.cached_blob).

Why: jieba's own start was the largest part of a fresh process's first answer. It reads its cached dictionary
(500,000 entries) item by item from the file (~1.6 s on the shared 2-core machine, ~0.45 s read in one piece;
now a first character at a time, index.freq_buckets),
and importing jieba.posseg parses the 350,000-line dictionary text once more for the tags (~0.6 s), which a
figure question never needs. Here the dictionary, with the project's words already added, is read in one
piece, and the tag table only on the first tagging, from its kept copy, a first character at a time
(index.tag_table). Both copies are keyed by jieba's
version, its dictionary file, the word list and this module's source: any change rebuilds them.

Callers cut through jieba as before (jieba.lcut, jieba.lcut_for_search) once `ready()` ran (index.keyword runs it
on import); part-of-speech tags come from `pos_cut` / `pos_lcut`, never from importing jieba.posseg directly.
"""

from __future__ import annotations

import io
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import jieba

from index.freq_buckets import FrequencyBuckets, count_in
from index.tag_table import TagTable, buckets_of, valid_buckets
from index.user_cache import cached_blob, digest_of

jieba.setLogLevel(logging.WARNING)
# report vocabulary jieba's dictionary lacks: a data file, so that any document's words go there, not in code
WORDS_FILE = Path(__file__).with_name("lexicon") / "segment_words.txt"
_lock = threading.RLock()  # one loader per process: the UI's threads may cut at once
_digest: str | None = None
_posseg: ModuleType | None = None  # jieba.posseg once its tag table is in place
_frequencies: FrequencyBuckets | None = None  # the kept dictionary, read a first character at a time


def words() -> list[str]:
    return [line.strip() for line in WORDS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _dictionary_file() -> Path:
    return Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)


def _inputs_digest() -> str:
    """What both kept tables are derived from: a stat of jieba's dictionary (reading 5 MB to hash it would
    cost more than it saves), jieba's version, the word list and the builders (this module, index.tag_table,
    index.freq_buckets)."""
    global _digest
    if _digest is None:
        stat = _dictionary_file().stat()
        _digest = digest_of([str(jieba.__version__).encode(), f"{stat.st_size}:{stat.st_mtime_ns}".encode(),
                             WORDS_FILE.read_bytes(), Path(__file__).read_bytes(),
                             Path(__file__).with_name("tag_table.py").read_bytes(),
                             Path(__file__).with_name("freq_buckets.py").read_bytes()])
    return _digest


def _valid_dictionary(kept: object) -> bool:
    return (isinstance(kept, tuple) and len(kept) == 2 and valid_buckets(kept[0]) and isinstance(kept[1], int)
            and all(count_in(kept[0], w) > 0 for w in words()))


def frequency(word: str) -> int:
    """jieba's count for `word` (0 when it is not a word), for callers that read the dictionary without
    cutting (jieba.dt.FREQ holds only the first characters cut so far: index.freq_buckets)."""
    ready()
    if _frequencies is not None:
        _frequencies.read_for(word[:1])
    count: int = jieba.dt.FREQ.get(word, 0) or 0
    return count


def ready() -> None:
    """jieba's default tokenizer initialised, with the project's words in it. Idempotent and thread-safe."""
    tokenizer = jieba.dt
    if tokenizer.initialized:
        _add_missing_words(tokenizer)
        return
    with _lock:
        if tokenizer.initialized:
            _add_missing_words(tokenizer)
            return
        if tokenizer.dictionary != jieba.DEFAULT_DICT:  # someone chose another dictionary: jieba's own way
            tokenizer.initialize()
            _add_missing_words(tokenizer)
            return

        def build() -> tuple[dict[str, str], int]:
            tokenizer.initialize()  # jieba's way: its /tmp cache or the dictionary text
            _add_missing_words(tokenizer)
            return buckets_of(tokenizer.FREQ), tokenizer.total

        # kept a first character at a time (index.freq_buckets): a first answer reads ~6% of it. Named apart
        # from the older whole-table copies ("jieba-dictionary-*"): a copy's name prefix is what the cache's
        # clean-up of stale copies matches, so a checkout still on the old format never deletes this one
        kept = cached_blob("jieba-frequencies", _inputs_digest(), build, _valid_dictionary)
        assert isinstance(kept, tuple)  # _valid_dictionary checked it
        if tokenizer.initialized:  # built just now: the whole table is in place already
            return
        global _frequencies
        tokenizer.FREQ, tokenizer.total = {}, kept[1]
        _frequencies = FrequencyBuckets(tokenizer, kept[0])
        _frequencies.install()
        tokenizer.initialized = True


def _add_missing_words(tokenizer: Any) -> None:
    for word in words():
        if _frequencies is not None:
            _frequencies.read_for(word[:1])
        if not tokenizer.FREQ.get(word):
            tokenizer.add_word(word)


def posseg() -> ModuleType:
    """jieba.posseg, its tag table read from the kept copy. Imported the usual way, its module builds the
    table by parsing the dictionary text; here that parse is given an empty file and the table is set after.
    Returned only once the table is in place (a question tagged with an empty table would read every word as
    unknown)."""
    global _posseg
    if _posseg is not None:
        return _posseg
    with _lock:
        if _posseg is not None:
            return _posseg
        ready()
        tokenizer = jieba.dt
        if "jieba.posseg" not in sys.modules and tokenizer.dictionary == jieba.DEFAULT_DICT:
            tokenizer.get_dict_file = io.BytesIO  # instance attribute: the module's POSTokenizer reads nothing
            try:
                import jieba.posseg as pseg
            finally:
                del tokenizer.get_dict_file

            def build() -> dict[str, str]:
                pseg.dt.load_word_tag(tokenizer.get_dict_file())
                return buckets_of(pseg.dt.word_tag_tab)

            # read a first character at a time (index.tag_table): a question uses a few hundred of 350,000
            kept = cached_blob("jieba-tags", _inputs_digest(), build, valid_buckets)  # named apart, as above
            assert isinstance(kept, dict)  # valid_buckets checked it
            pseg.dt.word_tag_tab = TagTable(kept)
        else:  # imported before (the usual way, with its table), or another dictionary: as jieba does it
            import jieba.posseg as pseg
        _posseg = pseg
        return pseg


def pos_cut(text: str) -> Iterator[Any]:
    """jieba.posseg.cut: (word, flag) pairs, also read as .word and .flag."""
    return posseg().cut(text)  # type: ignore[no-any-return]


def pos_lcut(text: str) -> list[Any]:
    return list(pos_cut(text))
