"""index.freq_buckets: jieba's word counts read a first character at a time cut exactly as the whole table.

A small invented dictionary in a tokenizer of its own (never jieba's default one)."""

from __future__ import annotations

import threading
from pathlib import Path

import jieba

from index.freq_buckets import FrequencyBuckets, buckets_of, count_in

# invented words and counts, in jieba's dictionary format ("word count tag")
WORDS = {"青溪": 500, "青溪县": 900, "风电": 800, "风电场": 300, "项目": 2000, "总投资": 700, "投资": 1500,
         "装机": 400, "容量": 600, "装机容量": 350, "开工": 900, "今年": 1200}
TEXTS = ["青溪县风电场项目总投资五亿元。", "今年开工的风电项目装机容量四十万千瓦", "青溪风电", "资本开支"]


def _dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "dict.txt"
    path.write_text("".join(f"{w} {n} n\n" for w, n in WORDS.items()), encoding="utf-8")
    return path


def _whole(tmp_path: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer(str(_dictionary(tmp_path)))
    tokenizer.tmp_dir = str(tmp_path)  # its own cache file, not jieba's shared one
    tokenizer.initialize()
    return tokenizer


def _lazy(tmp_path: Path) -> tuple[jieba.Tokenizer, FrequencyBuckets]:
    whole = _whole(tmp_path)
    tokenizer = jieba.Tokenizer(whole.dictionary)
    tokenizer.FREQ, tokenizer.total = {}, whole.total
    buckets = FrequencyBuckets(tokenizer, buckets_of(whole.FREQ))
    buckets.install()
    tokenizer.initialized = True
    return tokenizer, buckets


def _cuts(tokenizer: jieba.Tokenizer, text: str) -> list[list[str]]:
    return [tokenizer.lcut(text), tokenizer.lcut(text, HMM=False), tokenizer.lcut_for_search(text),
            tokenizer.lcut(text, cut_all=True)]


def test_cuts_as_the_whole_table_and_reads_only_the_characters_cut(tmp_path: Path) -> None:
    whole = _whole(tmp_path)
    lazy, buckets = _lazy(tmp_path)
    assert buckets.unread() == len({w[0] for w in WORDS}) and lazy.FREQ == {}
    assert _cuts(lazy, "青溪风电") == _cuts(whole, "青溪风电")
    assert set(lazy.FREQ) == {w for w in whole.FREQ if w[0] in "青溪风电"}  # 项, 今, 装… still unread
    for text in TEXTS:
        assert _cuts(lazy, text) == _cuts(whole, text)
    assert lazy.FREQ == whole.FREQ  # every character read by now: the same table


def test_added_and_suggested_words_behave_as_on_the_whole_table(tmp_path: Path) -> None:
    whole = _whole(tmp_path)
    lazy, _ = _lazy(tmp_path)
    for tokenizer in (whole, lazy):  # before any cut: the word's own character is read first
        tokenizer.add_word("风电项目", 50)
        tokenizer.del_word("总投资")
    assert lazy.FREQ["风电"] == whole.FREQ["风电"] == 800  # a prefix the dictionary has keeps its count
    assert lazy.suggest_freq(("开工", "今年")) == whole.suggest_freq(("开工", "今年"))
    assert lazy.suggest_freq("装机容量") == whole.suggest_freq("装机容量")
    for text in TEXTS:
        assert _cuts(lazy, text) == _cuts(whole, text)


def test_threads_cutting_at_once_never_see_a_half_read_character(tmp_path: Path) -> None:
    whole = _whole(tmp_path)
    expected = [_cuts(whole, t) for t in TEXTS]
    lazy, _ = _lazy(tmp_path)
    seen: list[list[list[list[str]]]] = []
    threads = [threading.Thread(target=lambda: seen.append([_cuts(lazy, t) for t in TEXTS])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [expected] * 8


def test_count_in_reads_one_word_of_a_kept_copy() -> None:
    kept = buckets_of({"风电": 800, "风电场": 300, "风": 0})
    assert count_in(kept, "风电场") == 300 and count_in(kept, "风电") == 800
    assert count_in(kept, "风") == 0 and count_in(kept, "电风") == 0 and count_in(kept, "") == 0
