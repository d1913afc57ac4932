"""Context a passage leans on but does not state: the section headings above it and, when it opens with a
back-reference ("其中…", "该公司…", "当年…"), the sentence before it.

Statistical bulletins and reports name a section's subject once ("一、工业生产", "（二）财政收入") and then write
"增长5.2%"; a paragraph may open "北京紧随其后，以6.6%…" after a sentence that named the indicator. The
passage's own text is never edited (citations quote it exactly): the context travels as node metadata that the
embedding text, the keyword index and the figure engine's labels read (index/chunk.py, index/keyword.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from index.clean import NUMBERED, CleanDocument, ends_sentence

BACK_REFERENCES_FILE = Path(__file__).with_name("lexicon") / "back_references.txt"
MAX_HEADING_CHARS = 30  # a heading line is short; a longer line is a sentence, whatever its ending
MAX_LEAD_CHARS = 80  # the sentence carried before a back-reference, cut to its start (the subject comes first)
_FIELD = re.compile(r"^[^：:]{1,8}[：:]\S")  # "来源：…", "记者：…": a field of the byline, not a heading
_INNER = re.compile(r"[，,、；;：:]")
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:]")


@lru_cache(maxsize=1)
def back_references() -> tuple[str, ...]:
    lines = BACK_REFERENCES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(w for w in (line.strip() for line in lines) if w and not w.startswith("#"))


def heading_level(line: str) -> int | None:
    """The outline level of a heading line (0 for an unnumbered title line, 1.. by its numbering), or None
    when the line is body text: a heading is short and does not end its sentence."""
    text = line.strip()
    if not text or len(text) > MAX_HEADING_CHARS or _FIELD.match(text):
        return None
    if ends_sentence(text) or re.search(r"[\d.%]$", text):  # a sentence (or a list item), or one cut from its unit
        return None
    for level, pattern in enumerate(NUMBERED, start=1):
        if pattern.match(text):
            return level
    # a byline ("记者 王某|北京报道") spaces or bars its parts; a Chinese title line runs on. An unnumbered line
    # with a comma inside is more often a sentence cut by the layout ("围绕…，将项目建设") than a title, unless
    # it ends in a colon that opens what follows ("普通地级市财力10强：")
    if re.search(r"\s|[|｜]", text) or (_INNER.search(text[:-1]) and text[-1] not in "：:"):
        return None
    return 0


def leans_back(text: str) -> bool:
    """Whether a passage's first clause refers back to something named before it."""
    first = _CLAUSE_END.split(text, maxsplit=1)[0]
    return any(w in first for w in back_references())


def lead(previous_sentence: str) -> str:
    return previous_sentence.strip()[:MAX_LEAD_CHARS]


class Outline:
    """The headings in force while a document's blocks are walked in order."""

    def __init__(self) -> None:
        self.levels: dict[int, str] = {}
        self.last_heading = False  # the block before was a heading: a title line under it is its subtitle


    def section(self, title: str) -> None:
        """A section heading the cleaner found ("科学统筹为先导——重点项目量多质高"): a new outline."""
        self.levels = {0: title}
        self.last_heading = True

    def see(self, line: str) -> bool:
        """Take a block's text; True when it is a heading (it then heads the blocks after it)."""
        level = heading_level(line) if "\n" not in line.strip() else None
        if level is None:
            self.last_heading = False
            return False
        if level == 0 and self.last_heading and 0 in self.levels and len(self.levels) == 1:
            self.levels[0] += " " + line.strip()  # "普通地级市财力10强：" + "苏州逆天，…": one title
        else:
            # a title line replaces the whole outline; a numbered heading replaces its level and those below
            self.levels = {k: v for k, v in self.levels.items() if 0 < k < level} if level else {}
            self.levels[level] = line.strip()
        self.last_heading = True
        return True

    def text(self) -> str:
        return " ".join(self.levels[k] for k in sorted(self.levels))


def previous_sentence(doc: CleanDocument, start: int, spans: list[tuple[int, int]]) -> str:
    """The body sentence that ends last before `start`, from the sentence spans of the body so far."""
    for s, e in reversed(spans):
        if e <= start:
            return doc.text[s:e]
    return ""
