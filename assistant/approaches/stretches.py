"""The stretches of a document that answer a list question no shape of enumeration reads.

A list a text writes its own way ("主要由于A，以及B", one item a paragraph, items in running prose) has no
mark the shapes of assistant.approaches.listing read; the sentence whose words cover the question best
still holds it. Quoting that stretch (and the sentences covering the question nearly as well elsewhere in
the document: a list spread over paragraphs) answers where a refusal would say the documents are silent.
A stretch is a run of a sentence's clauses, the run covering most of the question within STRETCH_CHARS.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.approaches.text import CLAUSE_END, SENTENCE_END, Sentence, Terms, sentence_before, unknown_subject

ANSWERING = 0.6  # the share of the question (idf-weighted) a stretch must cover to be quoted as the answer
ALSO = 0.85  # another sentence covering this share of the best one's cover is quoted too (a list spread out)
MAX_STRETCHES = 3
STRETCH_CHARS = 120  # one stretch's quote
TOTAL_CHARS = 330  # all stretches' quotes (an answer of a list is read at a glance)
SHORTLIST = 12  # sentences, by their whole cover, whose clause runs are weighed
RESTATED = 0.7  # a stretch this like one already quoted (difflib ratio) restates it (a report repeats its lead)


@dataclass(frozen=True)
class Stretch:
    cover: float
    sentence: Sentence
    start: int  # offsets in the passage
    end: int

    @property
    def text(self) -> str:
        return self.sentence.passage.text[self.start:self.end]


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of text, its closing mark included."""
    spans, at = [], 0
    for i, ch in enumerate(text):
        if ch in CLAUSE_END + SENTENCE_END:
            spans.append((at, i + 1))
            at = i + 1
    if text[at:].strip():
        spans.append((at, len(text)))
    return spans


def best_run(s: Sentence, terms: Terms) -> Stretch | None:
    """The run of s's clauses within STRETCH_CHARS covering most of the question (the longer run of equal
    cover: the items follow the words naming them)."""
    before = sentence_before(s)
    spans = clause_spans(s.text)
    best: tuple[float, int, int] | None = None
    for i, (a, _) in enumerate(spans):
        for _, b in spans[i:]:
            if b - a > STRETCH_CHARS and best is not None:
                break
            cover = terms.coverage(s.text[a:b], s.passage.context, before)
            if best is None or (cover, b - a) > (best[0], best[2] - best[1]):
                best = (cover, a, b)
            if b - a > STRETCH_CHARS:
                break  # (a single clause longer than the limit stands alone)
    if best is None:
        return None
    cover, a, b = best
    text = s.text[a:b]
    b = a + len(text.rstrip())
    return Stretch(cover, s, s.start + a, s.start + b)


def answering_stretches(sentences: list[Sentence], terms: Terms) -> list[Stretch]:
    """The stretches answering the question, in document order: the best-covering one (at least ANSWERING
    of the question) and up to MAX_STRETCHES - 1 others of other sentences covering ALSO of its cover; none
    when the question names a thing the document never uses (terms weigh only the words the index knows)."""
    passages = list({id(s.passage): s.passage for s in sentences}.values())
    if not terms.total or unknown_subject(terms, passages):
        return []  # (a thing the question names that no passage uses: the closest stretch is about another)
    whole = sorted(sentences, key=lambda s: terms.coverage(s.text, s.passage.context, sentence_before(s)),
                   reverse=True)[:SHORTLIST]
    runs = sorted((r for r in (best_run(s, terms) for s in whole) if r is not None), key=lambda r: r.cover,
                  reverse=True)
    if not runs or runs[0].cover < ANSWERING:
        return []
    chosen = [runs[0]]
    used = len(runs[0].text)
    for r in runs[1:]:
        if len(chosen) >= MAX_STRETCHES or r.cover < ALSO * runs[0].cover:
            break
        if any(SequenceMatcher(None, r.text, c.text).ratio() >= RESTATED or r.text in c.text or c.text in r.text
               for c in chosen) or used + len(r.text) > TOTAL_CHARS:
            continue
        chosen.append(r)
        used += len(r.text)
    return sorted(chosen, key=lambda r: r.sentence.offset + r.start - r.sentence.start)
