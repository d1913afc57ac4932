"""Chinese sentence splitting and passage packing into llama-index TextNodes with exact offsets."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Iterator, Sequence

from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

from index.clean import CleanDocument
from index.context import Outline, lead, leans_back, previous_sentence

# A sentence ends at 。！？；(or their ASCII forms, or an ellipsis) plus any closing quotes after it.
_SENTENCE = re.compile(r"[^。！？!?；;…]*(?:[。！？!?；;]+|…+|$)[”’\"」』）)】]*")


def split_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank sentence of text, shifted by offset; trims surrounding whitespace."""
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        piece = text[start:end]
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        yield offset + start + lead, offset + end - trail


def to_source(source_map: str, offset: int) -> int:
    """The original-file offset of a cleaned-document offset, from a passage's source_map."""
    runs = json.loads(source_map or "[]")
    for clean_start, orig_start, length in runs:
        if clean_start <= offset <= clean_start + length:
            return int(orig_start + offset - clean_start)
    return int(runs[-1][1] + runs[-1][2]) if runs else offset


def page_starts(original: str, page_break: str = "\f") -> list[int]:
    """Where each page after the first begins in a paged original ([] for a text of one page)."""
    starts: list[int] = []
    at = original.find(page_break)
    while at >= 0:
        starts.append(at + len(page_break))
        at = original.find(page_break, at + 1)
    return starts


def page_map(pages: Sequence[int], first: int, last: int) -> str:
    """A passage's pages: [[original offset, page number from 1], …] for its first original offset and each
    page that begins inside [first, last]; what `page_at` reads."""
    i = bisect.bisect_right(pages, first)
    runs = [[first, i + 1]]
    while i < len(pages) and pages[i] <= last:
        runs.append([pages[i], i + 2])
        i += 1
    return json.dumps(runs)


def page_at(pages: str, offset: int) -> int:
    """The page (from 1) holding an original offset, from a passage's page map; 0 when it has none."""
    found = 0
    for start, page in json.loads(pages or "[]"):
        if start <= offset or not found:
            found = int(page)
    return found


# Bump when cleaning, chunking or passage metadata change: every passage id changes, so the next
# `index` run replaces all passages (vectors still come from the cache).
INDEX_FORMAT = "4"  # 4: passages carry their headings and back-reference leads (index/context.py)


def passage_id(doc_id: str, start: int, text: str, metadata: dict[str, str] | None = None) -> str:
    """Content hash: the same passage at the same place, with the same document metadata (title, date…),
    gets the same id on every run and machine; any change makes a new id, so the store is updated."""
    key = f"{doc_id}\x00{start}\x00{text}\x00v{INDEX_FORMAT}"
    if metadata:
        key += "\x00" + "\x00".join(f"{k}={v}" for k, v in sorted(metadata.items()))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def chunk_document(doc_id: str, doc: CleanDocument, max_chars: int,
                   metadata: dict[str, str] | None = None, pages: Sequence[int] = ()) -> list[TextNode]:
    """Pack whole sentences of each block into passages of at most max_chars (a longer sentence stands alone).
    `pages`: where each page after the first begins in a paged original (page_starts); each passage of a
    paged document then carries its page map ("pages"), so a citation can name its page.
    Each passage also carries, as metadata its text does not repeat, the headings above it ("heading") and,
    when it opens with a back-reference, the sentence before it ("lead"); both are embedded and indexed as
    keywords with the passage (CONTEXT_KEYS), never quoted."""
    nodes: list[TextNode] = []
    outline = Outline()
    body: list[tuple[int, int]] = []  # sentences of the body since the last heading
    for n, block in enumerate(doc.blocks):
        spans: list[tuple[int, int]] = []
        heading = outline.text()
        # the document's first line, its title, is about every passage alike: it heads none of them in particular
        if block.kind == "heading":
            outline.section(block.section)
        is_heading = block.kind == "heading" or (
            n > 0 and block.kind != "caption" and outline.see(doc.text[block.start:block.end]))
        if is_heading:
            body = []
        if block.kind == "body":
            spans = list(split_sentences(doc.text[block.start:block.end], block.start))
        else:
            spans = [(block.start, block.end)]
        groups: list[tuple[int, int]] = []
        for start, end in spans:
            if groups and end - groups[-1][0] <= max_chars:
                groups[-1] = (groups[-1][0], end)
            else:
                groups.append((start, end))
        for i, (start, end) in enumerate(groups):
            text = doc.text[start:end]
            meta: dict[str, str | int | bool] = {
                **(metadata or {}),
                "doc_id": doc_id,
                "start": start,
                "end": end,
                "kind": block.kind,
                "section": block.section,
                # the passage stops mid-sentence: its last figure may lack its unit or context
                "truncated": block.truncated and i == len(groups) - 1,
                # runs of this passage copied from the original file: [cleaned_start, original_start, length]
                "source_map": json.dumps([list(run) for run in doc.runs_between(start, end)]),
            }
            if pages:
                meta["pages"] = page_map(pages, doc.to_original(start), doc.to_original(end))
            # only a body passage takes context: a title or caption given the titles above it matched questions
            # by those titles' words (an article's mid-page title block outranked the passage asked about)
            body_passage = block.kind == "body" and not is_heading
            if body_passage and heading and heading != block.section:
                meta["heading"] = heading
            before = previous_sentence(doc, start, body + spans) if body_passage and leans_back(text) else ""
            if before:
                meta["lead"] = lead(before)
            # the context is part of what is embedded and indexed: a change to it is a new passage
            node = TextNode(id_=passage_id(doc_id, start, text, {**(metadata or {}), **_context(meta)}),
                            text=text, metadata=meta)
            # the source relationship is what llama-index (and Chroma's metadata) call doc_id
            node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=doc_id)
            node.excluded_embed_metadata_keys = [k for k in meta if k not in CONTEXT_KEYS]
            node.excluded_llm_metadata_keys = list(meta)
            nodes.append(node)
        if block.kind == "body" and not is_heading:
            body.extend(spans)
    return nodes


# metadata that says what a passage is about without being its text: embedded and indexed with it
CONTEXT_KEYS = ("section", "heading", "lead")


def _context(meta: dict[str, str | int | bool]) -> dict[str, str]:
    return {k: str(meta[k]) for k in ("heading", "lead") if meta.get(k)}


# the part of it the keyword index reads: a cleaner's section ("科学统筹为先导——重点项目量多质高") is a
# feature writer's slogan more than a subject, and its words, searched in every passage under it, outranked the
# passage that states what a question asks (an article question lost its passage to the section's 开复工)
KEYWORD_CONTEXT_KEYS = ("heading", "lead")


def context_text(metadata: dict[str, object], keys: tuple[str, ...] = CONTEXT_KEYS) -> str:
    """The context metadata of a passage as one text (headings first, then the lead)."""
    return " ".join(str(metadata[k]) for k in keys if metadata.get(k))
