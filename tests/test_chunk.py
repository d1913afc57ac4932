"""Sentence splitting and passage packing: exact offsets, size bounds, metadata, stable ids."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest

from index.chunk import INDEX_FORMAT, chunk_document, passage_id, split_sentences
from index.clean import clean_text


def sentences(text: str, offset: int = 0) -> list[str]:
    return [text[a - offset:b - offset] for a, b in split_sentences(text, offset)]


def test_splits_on_chinese_sentence_ends() -> None:
    text = "第一句。第二句！第三句？第四句；第五句"
    assert sentences(text) == ["第一句。", "第二句！", "第三句？", "第四句；", "第五句"]
    assert list(split_sentences(text)) == [(0, 4), (4, 8), (8, 12), (12, 16), (16, 19)]


def test_closing_quote_stays_with_its_sentence() -> None:
    text = "他说：“好。”然后走了。"
    assert list(split_sentences(text)) == [(0, 7), (7, 12)]
    assert sentences(text) == ["他说：“好。”", "然后走了。"]


def test_decimal_point_does_not_split() -> None:
    assert sentences("计划总投资750.4亿元。增长34.2%。") == ["计划总投资750.4亿元。", "增长34.2%。"]


def test_offset_is_added_and_whitespace_trimmed() -> None:
    text = "  第一句。  第二句。 "
    spans = list(split_sentences(text, 100))
    assert spans == [(102, 106), (108, 112)]
    assert [text[a - 100:b - 100] for a, b in spans] == ["第一句。", "第二句。"]


def test_blank_text_has_no_sentences() -> None:
    assert list(split_sentences("  \n ")) == []


# -- passages ---------------------------------------------------------------------------------------

LONG_SENTENCE = "这是一句特别长的句子，" + "它不断地延伸，" * 20 + "最后才结束。"

DOCUMENT = (
    "开篇导语，介绍了全市重点项目建设的总体情况。\n"
    "\n"
    "科学统筹为先导——\n"
    "重点项目量多质高\n"
    "\n"
    "截至目前，全市累计开工复工5000万元以上项目196个。计划总投资750.4亿元。从投资规模看，"
    "亿元以上项目115个。从所属行业看，工业项目67个，占比34.2%。农业项目17个，占比8.7%。\n"
    "\n"
    + LONG_SENTENCE + "\n"
    "\n"
    "▲新建的大桥全景。\n"
    "\n"
    "最后一段有三句话。第二句在这里，内容比较多一些。第三句写到一半，计划建设2条智能制造\n"
)


@pytest.fixture(scope="module")
def clean_doc():
    return clean_text(DOCUMENT)


@pytest.mark.parametrize("max_chars", [10, 30, 60, 220])
def test_node_text_is_the_cleaned_span(clean_doc, max_chars: int) -> None:
    nodes = chunk_document("doc.txt", clean_doc, max_chars)
    assert nodes
    for node in nodes:
        start, end = node.metadata["start"], node.metadata["end"]
        assert node.get_content() == clean_doc.text[start:end]
        assert node.metadata["doc_id"] == "doc.txt"
        assert node.source_node is not None and node.source_node.node_id == "doc.txt"
    # passages come in document order and do not overlap
    spans = [(n.metadata["start"], n.metadata["end"]) for n in nodes]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


@pytest.mark.parametrize("max_chars", [10, 30, 60, 220])
def test_passages_respect_max_chars_unless_one_sentence_is_longer(clean_doc, max_chars: int) -> None:
    nodes = chunk_document("doc.txt", clean_doc, max_chars)
    for node in nodes:
        text = node.get_content()
        if len(text) > max_chars:
            if node.metadata["kind"] == "body":
                # only a single over-long sentence may exceed the limit
                assert len(list(split_sentences(text))) == 1, text
            else:
                assert node.metadata["kind"] in {"heading", "headline", "caption"}


def test_every_body_sentence_is_in_exactly_one_passage(clean_doc) -> None:
    nodes = chunk_document("doc.txt", clean_doc, 60)
    for block in clean_doc.blocks:
        if block.kind != "body":
            continue
        for start, end in split_sentences(clean_doc.text[block.start:block.end], block.start):
            holders = [n for n in nodes if n.metadata["start"] <= start and end <= n.metadata["end"]]
            assert len(holders) == 1, clean_doc.text[start:end]


def test_sentences_are_packed_not_split_one_per_passage(clean_doc) -> None:
    big = chunk_document("doc.txt", clean_doc, 220)
    small = chunk_document("doc.txt", clean_doc, 10)
    assert len(big) < len(small)
    figures = [n.get_content() for n in big if "196个" in n.get_content()]
    assert len(figures) == 1 and "750.4亿元" in figures[0] and "占比8.7%" in figures[0]
    assert any(n.get_content() == LONG_SENTENCE for n in big)  # a longer sentence stands alone


def test_section_metadata_and_kinds_are_carried(clean_doc) -> None:
    nodes = chunk_document("doc.txt", clean_doc, 60, {"title": "测试文章", "date": "2025"})
    by_text = {n.get_content(): n for n in nodes}
    intro = next(n for t, n in by_text.items() if t.startswith("开篇导语"))
    assert intro.metadata["section"] == ""
    figure = next(n for t, n in by_text.items() if "196个" in t)
    assert figure.metadata["section"] == "科学统筹为先导——重点项目量多质高"
    assert figure.metadata["kind"] == "body"
    assert figure.metadata["title"] == "测试文章" and figure.metadata["date"] == "2025"
    assert by_text["▲新建的大桥全景。"].metadata["kind"] == "caption"
    assert by_text["科学统筹为先导——重点项目量多质高"].metadata["kind"] == "heading"
    # the section is part of what gets embedded; offsets and bookkeeping are not
    assert "section" not in figure.excluded_embed_metadata_keys
    assert {"start", "end", "doc_id", "title"} <= set(figure.excluded_embed_metadata_keys)


def test_truncated_flag_only_on_the_last_passage_of_a_truncated_block(clean_doc) -> None:
    last_block = clean_doc.blocks[-1]
    assert last_block.truncated
    nodes = chunk_document("doc.txt", clean_doc, 30)
    in_last = [n for n in nodes if n.metadata["start"] >= last_block.start]
    assert len(in_last) >= 2
    assert [n.metadata["truncated"] for n in in_last] == [False] * (len(in_last) - 1) + [True]
    assert in_last[-1].get_content().endswith("计划建设2条智能制造")
    assert not any(n.metadata["truncated"] for n in nodes if n.metadata["start"] < last_block.start)


def test_node_ids_are_stable_content_hashes(clean_doc) -> None:
    first = chunk_document("doc.txt", clean_doc, 60)
    again = chunk_document("doc.txt", clean_text(DOCUMENT), 60)
    assert [n.node_id for n in first] == [n.node_id for n in again]
    assert len({n.node_id for n in first}) == len(first)
    # independent of the process (no Python hash randomisation): sha256 of doc id, start and text
    node = first[0]
    start, text = node.metadata["start"], node.get_content()
    expected = hashlib.sha256(f"doc.txt\x00{start}\x00{text}\x00v{INDEX_FORMAT}".encode()).hexdigest()
    assert node.node_id == expected[:32] == passage_id("doc.txt", start, text)


def test_node_ids_change_when_text_or_document_changes(clean_doc) -> None:
    base = chunk_document("doc.txt", clean_doc, 60)
    edited = chunk_document("doc.txt", clean_text(DOCUMENT.replace("196个", "197个")), 60)
    other_doc = chunk_document("other.txt", clean_doc, 60)
    changed = {n.node_id for n in base} ^ {n.node_id for n in edited}
    old_ids = {n.node_id for n in base if "196个" in n.get_content()}
    new_ids = {n.node_id for n in edited if "197个" in n.get_content()}
    assert changed == old_ids | new_ids  # only the edited passage changed id (same length edit)
    assert not {n.node_id for n in base} & {n.node_id for n in other_doc}


def test_source_maps_found_by_bisection_match_a_scan_of_every_run() -> None:
    """The article's passages carry the same source maps as a scan of all the document's runs gave (the scan
    made chunking quadratic in a document's size; the bisection must not change a passage)."""
    from pathlib import Path

    from index.loaders import iter_corpus

    doc = next(iter(iter_corpus(Path(__file__).resolve().parents[1] / "corpus")))
    cleaned = clean_text(doc.text, doc.wrapped)
    nodes = chunk_document(doc.doc_id, cleaned, 220)
    assert len(nodes) > 20
    for node in nodes:
        start, end = int(node.metadata["start"]), int(node.metadata["end"])
        scanned = [[max(cs, start), os_ + max(cs, start) - cs, min(cs + n, end) - max(cs, start)]
                   for cs, os_, n in cleaned.segments if cs < end and cs + n > start]
        assert json.loads(str(node.metadata["source_map"])) == scanned
        assert cleaned.to_original(start) == scanned[0][1]
