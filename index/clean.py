"""Layout repair for newspaper text, by general rules on line shapes and punctuation.

Photo captions, headline blocks and page breaks interrupt sentences in printed layouts. We re-join a
sentence whose halves are separated by such interrupters, keep captions and headline lines as blocks of
their own, and mark a paragraph that stops mid-sentence as truncated instead of inventing an ending.
The cleaned text is built only from spans of the original, so every cleaned offset maps back.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

import jieba

BlockKind = Literal["body", "caption", "headline", "heading"]

SENTENCE_END = "。！？!?；;…"
CLOSERS = "”’\"」』）)】"
CAPTION_MARKERS = "▲▶▼◀►◄△▽◆◇●■□☆★"
HEADING_TAIL = re.compile(r"(——|—{1,2}|--+)\s*$")
PHOTO_CREDIT = re.compile(r"\s(摄|航拍|供图|摄影)$")
INNER_PUNCT = re.compile(r"[，,、；;：:]")
MAX_CAPTION_CHARS = 60
MAX_HEADLINE_CHARS = 30


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int  # offsets in the cleaned text
    end: int
    section: str = ""
    truncated: bool = False  # stops mid-sentence and no continuation was found


@dataclass
class CleanDocument:
    text: str
    blocks: list[Block]
    # (cleaned_start, original_start, length): runs of text copied verbatim from the original
    segments: list[tuple[int, int, int]] = field(default_factory=list)

    def to_original(self, offset: int) -> int:
        """Original offset of a cleaned offset (separators map to the end of the run before them)."""
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        clean_start, orig_start, length = self.segments[i]
        return orig_start + min(offset - clean_start, length)


@dataclass
class _Line:
    text: str
    start: int  # offset in the original
    blank_before: bool
    kind: BlockKind = "body"
    blank_after: bool = False


def _lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = True
    for raw in original.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(stripped, pos + lead, blank))
            blank = False
        else:
            blank = True
            if lines:
                lines[-1].blank_after = True
        pos += len(raw)
    if lines:
        lines[-1].blank_after = True
    return lines


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_END


def _classify(lines: list[_Line]) -> None:
    for i, line in enumerate(lines):
        text = line.text
        if HEADING_TAIL.search(text) and len(text) <= MAX_HEADLINE_CHARS:
            line.kind = "heading"
        elif i > 0 and lines[i - 1].kind == "heading" and HEADING_TAIL.search(lines[i - 1].text) \
                and len(text) <= MAX_HEADLINE_CHARS and not ends_sentence(text):
            line.kind = "heading"  # the subtitle under a "——" heading
        elif text[0] in CAPTION_MARKERS or PHOTO_CREDIT.search(text):
            line.kind = "caption"
        elif (len(text) <= MAX_CAPTION_CHARS and ends_sentence(text) and not INNER_PUNCT.search(text[:-1])
              and line.blank_before and line.blank_after and i > 0 and lines[i - 1].kind != "heading"):
            line.kind = "caption"  # one short comma-less sentence standing alone: a photo caption
        elif len(text) <= MAX_HEADLINE_CHARS and not ends_sentence(text) and not INNER_PUNCT.search(text) \
                and not re.search(r"[\d.]$", text):  # a line ending in a number is a sentence cut from its unit
            line.kind = "headline"


def _crosses_word(left: str, right: str) -> bool:
    """True when the boundary between left and right falls inside a word or a number with its unit."""
    if not left or not right:
        return False
    if (left[-1].isdigit() or left[-1] == ".") and not ends_sentence(left):
        return True  # "37.6" | "亿元": a figure broken from its unit
    tail, head = left[-4:], right[:4]
    pos = 0
    for token in jieba.lcut(tail + head, HMM=False):
        if pos < len(tail) < pos + len(token):
            return True
        pos += len(token)
    return False


def clean_text(original: str) -> CleanDocument:
    lines = _lines(original)
    _classify(lines)
    # Group body lines into paragraphs, re-joining a sentence broken by interrupters or a page break.
    groups: list[tuple[BlockKind, list[_Line], str, bool]] = []  # kind, pieces, section, truncated
    section = ""
    pending_heading: list[_Line] = []
    open_body: int | None = None  # index in groups of a body paragraph that ends mid-sentence
    interrupted = False
    for line in lines:
        if line.kind == "heading":
            pending_heading.append(line)
            section = "".join(h.text for h in pending_heading)
            if open_body is not None:
                groups[open_body] = (*groups[open_body][:3], True)
                open_body = None
            continue
        if pending_heading:
            groups.append(("heading", pending_heading, section, False))
            pending_heading = []
        if line.kind != "body":
            groups.append((line.kind, [line], section, False))
            interrupted = interrupted or open_body is not None
            continue
        if open_body is not None:
            prev = groups[open_body][1][-1].text
            if interrupted or _crosses_word(prev, line.text):
                kind, pieces, sec, _ = groups[open_body]
                pieces.append(line)
                groups[open_body] = (kind, pieces, sec, False)
                if ends_sentence(line.text):
                    open_body, interrupted = None, False
                continue
            groups[open_body] = (*groups[open_body][:3], True)
        groups.append(("body", [line], section, False))
        open_body = None if ends_sentence(line.text) else len(groups) - 1
        interrupted = False
    if pending_heading:
        groups.append(("heading", pending_heading, section, False))
    if open_body is not None:
        groups[open_body] = (*groups[open_body][:3], True)

    parts: list[str] = []
    blocks: list[Block] = []
    segments: list[tuple[int, int, int]] = []
    pos = 0
    for kind, pieces, sec, truncated in groups:
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        for piece in pieces:
            segments.append((pos, piece.start, len(piece.text)))
            parts.append(piece.text)
            pos += len(piece.text)
        blocks.append(Block(kind, start, pos, sec, truncated))
    return CleanDocument("".join(parts), blocks, segments)
