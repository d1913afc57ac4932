"""Layout repair for printed text, by general rules on line shapes, punctuation and page position.

Photo captions, headline blocks and page breaks interrupt sentences in printed layouts. We re-join a
sentence whose halves are separated by such interrupters, keep captions and headline lines as blocks of
their own, and mark a paragraph that stops mid-sentence as truncated instead of inventing an ending.
Paged text (pages separated by form feeds, as a PDF's reader writes it) loses its page furniture: a line at
the top or bottom of a page that recurs on most pages (digits aside: "第3页") or that is only a page number.
Wrapped text (a PDF's lines) has each paragraph's lines joined, and a sentence running on over a page break
re-joined ("…总投资7.5" + "2亿元…"), never across a line the layout ends as a paragraph.
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
PAGE_BREAK = "\f"
EDGE_LINES = 2  # page furniture is looked for among a page's first and last lines
FURNITURE_SHARE = 0.5  # a line recurring at the edge of at least this share of the pages is furniture
# a line that is only a page number: "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 10 页", "3 / 10", "Page 3 of 10"
PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*\d+\s*页(?:\s*[，,/／]?\s*共\s*\d+\s*页)?|\d+(?:\s*[/／]\s*\d+)?"
                         r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)[-—–\s]*", re.IGNORECASE)
PARAGRAPH_END = "。！？!?…"
# outline numbering of a heading line, outermost first: "一、", "（一）"/"(一)", "1." / "1、" / "1．", "（1）"
NUMBERED = (re.compile(r"[一二三四五六七八九十]+[、．.]"), re.compile(r"[（(][一二三四五六七八九十]+[）)]"),
            re.compile(r"\d{1,2}[、．.](?!\d)"), re.compile(r"[（(]\d{1,2}[）)]"))
LATIN_SHARE = 0.5
FULL_LINE_SHARE = 0.75  # a wrapped line at least this share of the usual full line's width runs on


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
    _starts: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def segment_starts(self) -> list[int]:
        """The cleaned start of each run, in order (kept: rebuilding it for every lookup made chunking a
        large document quadratic in its size)."""
        if len(self._starts) != len(self.segments):
            self._starts = [s[0] for s in self.segments]
        return self._starts

    def to_original(self, offset: int) -> int:
        """Original offset of a cleaned offset (separators map to the end of the run before them)."""
        i = max(bisect.bisect_right(self.segment_starts(), offset) - 1, 0)
        clean_start, orig_start, length = self.segments[i]
        return orig_start + min(offset - clean_start, length)

    def runs_between(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The runs overlapping the cleaned span [start, end), each cut to it: (cleaned start, original
        start, length). Found by bisection, so a passage costs the runs it spans, not the document's."""
        starts = self.segment_starts()
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        runs = []
        while i < len(self.segments) and self.segments[i][0] < end:
            cs, os_, n = self.segments[i]
            if cs + n > start:
                runs.append((max(cs, start), os_ + max(cs, start) - cs, min(cs + n, end) - max(cs, start)))
            i += 1
        return runs


@dataclass
class _Line:
    text: str
    start: int  # offset in the original
    blank_before: bool
    kind: BlockKind = "body"
    blank_after: bool = False
    page: int = 0
    # (separator, original start, text) of each printed line this line is made of (wrapped text: several)
    pieces: list[tuple[str, int, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.pieces:
            self.pieces = [("", self.start, self.text)]


def _lines(original: str, offset: int = 0, page: int = 0) -> list[_Line]:
    lines: list[_Line] = []
    pos = offset
    blank = True
    for raw in original.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(_Line(stripped, pos + lead, blank, page=page))
            blank = False
        else:
            blank = True
            if lines:
                lines[-1].blank_after = True
        pos += len(raw)
    if lines:
        lines[-1].blank_after = True
    return lines


def _paged_lines(original: str) -> list[_Line]:
    """The lines of every page, without the page furniture (text without form feeds is one page)."""
    pages: list[list[_Line]] = []
    pos = 0
    for number, page in enumerate(original.split(PAGE_BREAK)):
        pages.append(_lines(page, pos, number))
        pos += len(page) + len(PAGE_BREAK)
    if len(pages) > 1:
        _drop_furniture(pages)
    return [line for page in pages for line in page]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Line]]) -> None:
    """Remove running headers and footers (the same line, digits aside, at the edge of most pages) and lone
    page numbers at a page's edge. The line after a removed one starts a block."""
    def edges(page: list[_Line]) -> list[_Line]:
        return page[:EDGE_LINES] + page[EDGE_LINES:][-EDGE_LINES:]

    seen: dict[str, int] = {}
    for page in pages:
        for key in {_furniture_key(line.text) for line in edges(page)}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, FURNITURE_SHARE * len(pages))
    for page in pages:
        doomed = {id(line) for line in edges(page)
                  if seen[_furniture_key(line.text)] >= needed or PAGE_NUMBER.fullmatch(line.text)}
        kept: list[_Line] = []
        after_doomed = True
        for line in page:
            if id(line) in doomed:
                if kept:
                    kept[-1].blank_after = True
                after_doomed = True
                continue
            line.blank_before = line.blank_before or after_doomed
            after_doomed = False
            kept.append(line)
        page[:] = kept


def _latin(line: str) -> bool:
    """Mostly Latin letters (an English line: its words wrap at a space the line break replaced)."""
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= LATIN_SHARE * len(letters)


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Wrapped text: a paragraph's printed lines (no blank line between them) become one line; over a page
    break, a line that runs to the full width without ending its sentence goes on in the next page's first."""
    if not lines:
        return lines
    widths = sorted(_width(line.text) for line in lines)
    full = FULL_LINE_SHARE * widths[int(0.9 * (len(widths) - 1))]
    joined = [lines[0]]
    for line in lines[1:]:
        prev = joined[-1]
        last = prev.pieces[-1][2]
        # over a page break only a full line that does not end a paragraph's sentence runs on (a full line
        # ending in "；" does: list items and clauses run on far more often than a paragraph ends on one)
        runs_on = line.page != prev.page and last.rstrip(CLOSERS)[-1:] not in PARAGRAPH_END and _width(last) >= full
        if (line.page == prev.page and not line.blank_before) or runs_on:
            sep = " " if _latin(last) and last[-1:].isalnum() and line.text[:1].isascii() \
                and line.text[:1].isalnum() else ""  # English words wrap at spaces; Chinese lines anywhere
            prev.pieces.extend([(sep, line.start, line.text), *line.pieces[1:]])
            prev.text += sep + line.text
            prev.blank_after = line.blank_after
        else:
            joined.append(line)
    return joined


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
        elif len(text) <= MAX_HEADLINE_CHARS and not ends_sentence(text) and not re.search(r"[\d.]$", text) and (
                not INNER_PUNCT.search(text) or any(p.match(text) for p in NUMBERED)):
            # a line ending in a number is a sentence cut from its unit; a numbered one ("二、工业和建筑业")
            # is a heading whatever its 、 (left as body, it was joined to the paragraph under it)
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


def clean_text(original: str, wrapped: bool = False) -> CleanDocument:
    """The cleaned document; wrapped=True for text whose lines are wrapped at a page's width (a PDF's)."""
    lines = _paged_lines(original) if PAGE_BREAK in original else _lines(original)
    if wrapped:
        lines = _join_wrapped(lines)
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
        for line in pieces:
            for sep, origin, text in line.pieces:
                parts.append(sep)
                pos += len(sep)
                segments.append((pos, origin, len(text)))
                parts.append(text)
                pos += len(text)
        blocks.append(Block(kind, start, pos, sec, truncated))
    return CleanDocument("".join(parts), blocks, segments)
