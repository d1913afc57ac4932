"""The stretches of a document that answer a list question no shape of enumeration reads.

A list a text writes its own way ("主要由于A，以及B", one item a paragraph, items in running prose) has no
mark the shapes of assistant.approaches.listing read; the sentence whose words cover the question best
still holds it. Quoting that stretch (and the sentences covering the question nearly as well elsewhere in
the document: a list spread over paragraphs) answers where a refusal would say the documents are silent.
A stretch is a run of a sentence's clauses, the run covering most of the question within STRETCH_CHARS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from assistant.approaches.text import CLAUSE_END, SENTENCE_END, Sentence, Terms, cue_words, sentence_before
from assistant.candidates import Passage
from index.keyword import tokenize

ANSWERING = 0.6  # the share of the question (idf-weighted) a stretch must cover to be quoted as the answer
ALSO = 0.85  # another sentence covering this share of the best one's cover is quoted too (a list spread out)
MAX_STRETCHES = 3
STRETCH_CHARS = 120  # one stretch's quote
TOTAL_CHARS = 330  # all stretches' quotes (an answer of a list is read at a glance)
SHORTLIST = 12  # sentences, by their whole cover, whose clause runs are weighed
RESTATED = 0.7  # a stretch this like one already quoted (difflib ratio) restates it (a report repeats its lead)


# a sentence enumerating (A、B、C; A；B) after one naming the kind ("…坏消息不断。关店收缩、毛肚缩水、业绩大亏，…")
_ENUMERATES = re.compile(r"[^，,。；;：:]{2,}、[^，,。；;：:]{2,}")


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


@dataclass(frozen=True)
class Asked:
    """The question's terms, and those besides the noun listed: the noun names the items' kind, and a sentence
    listing them often does not use it ("哪些行业零售额下降了": 批发和零售业、住宿和餐饮业 are 行业), so it
    counts half."""

    terms: Terms
    others: Terms

    @classmethod
    def of(cls, terms: Terms, head: str) -> Asked:
        kept = {t: w for t, w in terms.weights.items() if not head or (t not in head and head not in t)}
        others = Terms(terms.question, kept, terms.groups, terms.known)
        return cls(terms, others if others.total else terms)

    def coverage(self, text: str, context: str = "", before: str = "") -> float:
        return (self.terms.coverage(text, context, before) + self.others.coverage(text, context, before)) / 2


def best_run(s: Sentence, terms: Terms | Asked) -> Stretch | None:
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


def answering_stretches(sentences: list[Sentence], terms: Terms, head: str = "") -> list[Stretch]:
    """The stretches answering the question, in document order: the best-covering one (at least ANSWERING
    of the question, counting the words no passage uses: known_share) and up to MAX_STRETCHES - 1 others of
    other sentences covering ALSO of its cover, then the enumeration a best stretch naming the kind is
    followed by (enumeration_after)."""
    if not terms.total:
        return []
    passages = list({id(s.passage): s.passage for s in sentences}.values())
    known = known_share(terms, passages)
    asked = Asked.of(terms, head)
    whole = sorted(sentences, key=lambda s: asked.coverage(s.text, s.passage.context, sentence_before(s)),
                   reverse=True)[:SHORTLIST]
    runs = sorted((r for r in (best_run(s, asked) for s in whole) if r is not None), key=lambda r: r.cover,
                  reverse=True)
    if not runs or runs[0].cover * known < ANSWERING:
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
    following = enumeration_after(runs[0], sentences)
    if following is not None and used + len(following.text) <= TOTAL_CHARS \
            and not any(following.sentence == c.sentence for c in chosen):
        chosen.append(following)
    return sorted(chosen, key=lambda r: r.sentence.offset + r.start - r.sentence.start)


def known_share(terms: Terms, passages: list[Passage]) -> float:
    """The share of the question's weight on words the documents use. Terms weigh only the words the index
    knows (assistant.approaches.text.terms_of), so a stretch's cover says nothing of the words no passage
    uses: each such word of full weight ("港口吞吐量" asked of a text without it) counts as much as the
    question's average known term. A verb the asker words otherwise ("遭遇") lowers the share a little; a
    thing the documents never name, asked with few other words, lowers it below ANSWERING. Chinese only
    (an English question's terms are its dictionary hints)."""
    q = terms.question
    if q.lang != "zh" or not terms.total or not terms.weights:
        return 1.0
    frame = cue_words("document") + cue_words("asking")
    texts = [p.text for p in passages]

    def unknown(t: str) -> bool:  # (a word the index holds in pieces, 汽车集团 = 汽车 + 集团, is known)
        pieces = [p for p in tokenize(t) if p != t]
        return not terms.known(t) and not (pieces and all(terms.known(p) for p in pieces)) \
            and not any(t in text for text in texts)

    missing = [t for t in q.terms if len(t) >= 2 and q.weights.get(t, 0.0) >= 1.0 and t not in frame
               and not any(t in f for f in frame) and unknown(t)]
    average = terms.total / len(terms.weights)
    return terms.total / (terms.total + average * len(missing))


def enumeration_after(best: Stretch, sentences: list[Sentence]) -> Stretch | None:
    """The next sentence of best's paragraph, quoted up to STRETCH_CHARS, when best enumerates nothing and
    that sentence does: the kind is named, then its items listed."""
    if _ENUMERATES.search(best.text):
        return None
    at = next((k for k, s in enumerate(sentences) if s == best.sentence), -1)
    if at < 0 or at + 1 >= len(sentences):
        return None
    following = sentences[at + 1]
    between = following.passage.text[best.sentence.end:following.start] if following.passage is best.sentence.passage \
        else "\n"
    if "\n" in between or not _ENUMERATES.search(following.text[:STRETCH_CHARS]):
        return None
    spans = [b for _, b in clause_spans(following.text) if b <= STRETCH_CHARS]
    end = following.start + (spans[-1] if spans else len(following.text))
    return Stretch(best.cover, following, following.start, following.start + len(
        following.passage.text[following.start:end].rstrip()))
