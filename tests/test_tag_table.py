"""index.tag_table: jieba's word -> tag table read a first character at a time answers exactly what the full
table answers (the real table's words, a user's tag set before a bucket is read, missing words)."""

from __future__ import annotations

import threading

import pytest

from index.tag_table import TagTable, buckets_of, valid_buckets

TABLE = {"双辽": "ns", "双方": "n", "风电": "n", "风": "n", "项目": "n", "总投资": "n", "多少": "m", "四平市": "ns"}


def test_every_word_answers_its_tag_and_others_the_default() -> None:
    table = TagTable(buckets_of(TABLE))
    assert table.unread_buckets() == len({w[0] for w in TABLE})
    assert table.get("双辽", "x") == "ns"
    assert table.unread_buckets() == len({w[0] for w in TABLE}) - 1  # only that character's words were read
    assert {w: table.get(w, "x") for w in TABLE} == TABLE
    assert table.get("双辽风电", "x") == "x" and table.get("", "x") == "x" and table.get("无", "x") == "x"
    assert "风电" in table and "风力" not in table
    assert table["项目"] == "n"
    with pytest.raises(KeyError):
        table["风力"]


def test_a_tag_set_before_its_character_is_read_is_kept() -> None:
    """jieba.posseg adds a user's tagged words with update(): a bucket read later does not overwrite them."""
    table = TagTable(buckets_of(TABLE))
    table.update({"双辽": "nz", "新词": "n"})
    assert table.get("双辽", "x") == "nz" and table.get("双方", "x") == "n" and table.get("新词", "x") == "n"


def test_threads_reading_at_once_all_see_the_full_table() -> None:
    words = {f"{chr(0x4E00 + i % 300)}{i}": f"t{i % 7}" for i in range(6000)}
    table = TagTable(buckets_of(words))
    seen: list[dict[str, str]] = []

    def read() -> None:
        seen.append({w: table.get(w, "x") for w in words})

    threads = [threading.Thread(target=read) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [words] * 6 and table.unread_buckets() == 0


def test_the_kept_form_is_checked() -> None:
    many = buckets_of({f"{chr(0x4E00 + i)}词": "n" for i in range(1500)})
    assert valid_buckets(many)
    assert not valid_buckets(buckets_of(TABLE))  # too few characters for jieba's table: not a kept copy of it
    assert not valid_buckets({"a": 1} | many) and not valid_buckets([1, 2])


def test_a_thread_asking_while_another_parses_the_same_bucket_gets_the_tag() -> None:
    """The race CI's six-thread probe met: one thread has taken a character's bucket and is still parsing it when
    another asks a word of it; the second must wait for the parse, not answer jieba's default "x"."""
    words = {f"风{i:06d}": "n" for i in range(60_000)}  # a bucket large enough that its parse takes a while
    words["风电"] = "n"
    for _ in range(5):
        table = TagTable(buckets_of(words))
        start = threading.Barrier(8)
        seen: list[str] = []

        def ask(table: TagTable = table, start: threading.Barrier = start, seen: list[str] = seen) -> None:
            start.wait()
            seen.append(table.get("风电", "x"))

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == ["n"] * 8
