"""Summary questions (主要讲了什么, 概括, What is this about): a short extractive summary of one document.

The main claim first (the most central sentence of the document's opening), then one line per section
with its key figure, chosen by maximal marginal relevance over TF-IDF vectors of the whole document's
sentences (not the top retrieved passage): central to the document, unlike the lines already chosen.
Every line is one sentence, or its opening clauses, quoted as written and cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.approaches.text import (
    INTRODUCES,
    ITEM_MARK,
    SENTENCE_END,
    Quotes,
    Sentence,
    clause_cut,
    corpus_of,
    cosine,
    cue_words,
    english_terms,
    finish,
    refuse,
    retrieved,
    terms_of,
    tfidf,
)
from assistant.compose import wording
from assistant.figures import format_value, parse_figures, same_quantity

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.candidates import TermStats
    from assistant.types import Answer

MAX_CHARS = 300  # the whole summary, markers included (an English one: its quotes; its frame is added)
EN_FRAME = 160  # an English summary's own words: the gist line and the quotation marks
LINE_CHARS = 50  # one line's quote: a longer sentence is quoted up to its last clause end within this
FIGURE_LINE_CHARS = 80  # …or within this, when only the longer quote states a key figure (an amount, a rate)
REST_CHARS = 80  # the main claim's sentence after its quote: a report's lead packs its headline figures there
OPENING = 0.25  # the main claim comes from the document's first quarter (a report's lead)
DIVERSITY = 0.6  # MMR: weight of centrality against likeness to the lines already chosen
FIGURE_BONUS = 0.15  # a line that states a figure (a section's key figure) is preferred
LEAD_BONUS = 0.15  # the opening's first sentence as the main claim (a news lead, a release's first line)
LEANING = 0.3  # a line that leans on the sentence before it reads badly alone
LINE_FRAME = 8  # a line's marker, citation and quotation marks
CLAIM_MIN = 0.3  # TF-IDF cosine of a line that restates a headline claim not yet stated (its words mostly there)
CLAIM_BONUS = 0.3  # such a line's preference (MMR scores of a section's lines differ by about this much)
PSEUDO_SECTIONS = 5  # a document without section titles is read as this many stretches of equal length


@dataclass
class Unit:
    """A quotable line: a sentence cut to its opening clauses within LINE_CHARS."""

    sentence: Sentence
    end: int  # offset in the passage where the quote ends
    vector: dict[str, float]
    centrality: float = 0.0

    @property
    def text(self) -> str:
        return self.sentence.passage.text[self.sentence.start:self.end]

    @property
    def states_figure(self) -> bool:
        return any(f.unit_class not in {"year", "date", "plain"} for f in parse_figures(self.text))


# a byline's label opening a line ("来源：…", "记者 …"): the credits, no summary line (open_cues.tsv byline)
_BYLINE = re.compile("^(?:" + "|".join(map(re.escape, cue_words("byline"))) + r")\s*[：:|｜/\s]")
# "9、…", "（二）…": a numbered note or definition (a release's appendix), no summary line
_NUMBERED = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)[、.．]|^[（(][一二三四五六七八九十\d]+[）)]")


_OPENING_QUOTE = re.compile(r"^[\u201c\u300c\"](?P<quoted>[^\u201d\u300d\"]*)[\u201d\u300d\"]?")


def opens_on_saying(text: str) -> bool:
    """The sentence opens on a quoted saying ("“栽下梧桐树，引得凤凰来。”"): a quote holding a clause or
    sentence mark, or ending the sentence; a quoted term the sentence goes on about ("“舍得花”成为…的标签") is
    no saying."""
    m = _OPENING_QUOTE.match(text)
    if m is None:
        return False
    rest = text[m.end():].strip()
    return bool(re.search(r"[，,。；;！!？?：:]", m.group("quoted"))) or not rest or rest[0] in "，,。；;！!？?：:"


def states_key_figure(text: str) -> bool:
    return any(f.unit_class in KEY_FIGURES for f in parse_figures(text))


def units_of(sentences: list[Sentence], stats: TermStats) -> list[Unit]:
    units = []
    for s in sentences:
        text = s.text
        before = s.passage.text[:s.start].rstrip()
        if before and before[-1] not in SENTENCE_END + "\n\u201d":
            continue  # one item of an enumeration split at "；": no line without its sentence's opening
        if opens_on_saying(text) or len(text) < 12 or _NUMBERED.match(text):
            continue  # a saying quoted as an opener, or a fragment: no summary line
        if text.rstrip().endswith((*INTRODUCES, "？", "?")) or _BYLINE.match(text):
            continue  # a line introducing what follows ("…10强："), a question the text goes on to answer
            # ("…财力表现如何？") or a byline ("来源：…"): no summary line
        cut = clause_cut(text, LINE_CHARS)
        if not states_key_figure(text[:cut]):
            # a line speaks for its section by its key figure: a sentence whose opening clauses state none is
            # quoted on to the clause stating its first one, when that is near (FIGURE_LINE_CHARS)
            longer = clause_cut(text, FIGURE_LINE_CHARS)
            if states_key_figure(text[:longer]):
                cut = longer
        if cut < 12:
            continue
        units.append(Unit(s, s.start + cut, tfidf(text[:cut], stats)))
    centre = _centre([u.vector for u in units])
    for u in units:
        u.centrality = cosine(u.vector, centre)
    return units


def _rest_of(u: Unit, stats: TermStats) -> Unit | None:
    """The rest of a line's sentence after its quote, up to its last clause end within REST_CHARS, when it
    states a key figure ("…总资产23378.93亿元；营收为520.26亿元，…净利润为156.20亿元"); None otherwise."""
    s = u.sentence
    text = s.passage.text
    # (to the sentence's end: the pieces it is cut into at "；" are one sentence)
    end = min([i + 1 for i in (text.find(ch, u.end) for ch in SENTENCE_END + "\n") if i >= 0] or [len(text)])
    tail = text[u.end:end]
    start = u.end + len(tail) - len(tail.lstrip("，,；;：: "))
    cut = clause_cut(text[start:end], REST_CHARS)
    if cut < 4:
        return None
    rest = Unit(Sentence(s.passage, start, end), start + cut, tfidf(text[start:start + cut], stats), u.centrality)
    return rest if any(f.unit_class in KEY_FIGURES for f in parse_figures(rest.text)) else None


def _centre(vectors: list[dict[str, float]]) -> dict[str, float]:
    """The normalised sum of the vectors: what a stretch of text is mostly about."""
    centre: dict[str, float] = {}
    for vector in vectors:
        for t, v in vector.items():
            centre[t] = centre.get(t, 0.0) + v
    norm = sum(v * v for v in centre.values()) ** 0.5 or 1.0
    return {t: v / norm for t, v in centre.items()}


# the marks a headline's claims are written apart by ("…平稳开局：汽车出口接近翻倍，欧盟再成第一贸易伙伴")
_CLAIM_MARKS = re.compile(r"[：:，,；;、|丨！!？?\s]+|——|--")
CLAIM_CHARS = 4  # a shorter piece of a headline is no claim ("独家", "图")


def title_claims(title: str, stats: TermStats) -> list[dict[str, float]]:
    """The claims a document's headline makes, one TF-IDF vector each: the writer's own summary of what
    matters, each to be stated by a line of the summary."""
    pieces = [p for p in _CLAIM_MARKS.split(title) if len(p) >= CLAIM_CHARS]
    return [v for v in (tfidf(p, stats) for p in pieces) if v]


def claim_cover(u: Unit, claims: list[dict[str, float]], chosen: list[Unit]) -> float:
    """How much of a headline claim not yet stated the line states: its likeness to the claim, less the
    likeness of the closest line already chosen (a claim the summary states once is stated)."""
    gains = [cosine(u.vector, c) - max((cosine(x.vector, c) for x in chosen), default=0.0) for c in claims]
    return max([0.0, *gains])


def claim_bonus(cover: float) -> float:
    """The preference for a line by the headline claim it states: a line that clearly restates one (CLAIM_MIN,
    "欧盟成为我国的第一大贸易伙伴" of "欧盟再成第一贸易伙伴") speaks for its section before a more central one;
    a line merely sharing some of a headline's words gains nothing (a bonus growing with the likeness moved the
    lines of a report whose headline is its topic, "…全面推进重点项目建设记事", off their key figures)."""
    return CLAIM_BONUS if cover >= CLAIM_MIN else 0.0


def leans_back(text: str) -> bool:
    """The sentence opens on a word referring to an earlier one (它, 该, 其, 此, 项目建成后 …)."""
    return bool(re.match(r"(它|该|其|此|这|那|项目建成后|届时|同时|此外|其中)", text))


def headline_lines(title: str, units: list[Unit], chosen: list[Unit]) -> list[Unit]:
    """For each key figure of the headline (an amount or a rate: the writer's own choice of what matters)
    that no chosen line states, the first line of the document stating it."""
    found: list[Unit] = []
    for f in parse_figures(title):
        if f.unit_class not in KEY_FIGURES or any(same_quantity(f, g) for u in [*chosen, *found]
                                                  for g in parse_figures(u.text)):
            continue
        stating = next((u for u in units if u not in chosen
                        and any(same_quantity(f, g) for g in parse_figures(u.text))), None)
        if stating is not None:
            found.append(stating)
    return found


EN_LEAD_CHARS = 190  # the English lead: one sentence a reader takes in at a glance
EN_FIGURES = 3  # key figures named in the English lead
# the key figures of a report or bulletin: amounts and rates (a count's noun is often a verb's object, "谋划10场")
KEY_FIGURES = frozenset({"money", "percent"})
_RANGE = re.compile(r"[-—–~～至到]")  # the marks joining a range's bounds in one figure
_CLAUSE_START = re.compile(r"[，,；;：:（(]")
# a title's subtitle after a dash ("下好「先手棋」——望川市全面推进重点项目建设记事") names the topic plainly
_SUBTITLE = re.compile(r"——|--")


def english_lead(title: str, lines: list[Unit], quotes: Quotes) -> str:
    """"This document is about <title terms>. Key figures: <what> <value> [n], …": the topic in the dictionary
    English of the title's nouns and names, then the first figure of each line (money, counts, rates …)
    with the English of the nouns just before it in its clause, as written in the document, cited."""
    parts = [p for p in _SUBTITLE.split(title) if p.strip()]
    topic = english_terms(parts[-1] if parts else title, max_words=4) or english_terms(title, max_words=4) \
        or "the indexed text"
    lead = wording("summary_lead", "en").format(topic=topic)
    figures: list[str] = []
    for u in lines:
        # (a range, "1.2万-2万元", is read as its first bound: stated alone it would say another figure)
        stated = [f for f in parse_figures(u.text) if f.unit_class in KEY_FIGURES and not _RANGE.search(f.text)]
        if not stated:
            continue
        f = stated[0]
        clause = _CLAUSE_START.split(u.text[:f.start])[-1]
        # (the nouns just before it; else the sentence's first nouns: "从GDP总量来看，云泽…，为51230.4亿元")
        what = english_terms(clause, max_words=3, trailing=True) \
            or english_terms(u.text[:f.start], max_words=3).replace(", ", " ")
        if not what:
            continue
        n = quotes.cite(u.sentence.passage, u.sentence.start, u.end)
        shown = f"{what} {format_value(f.value, f.unit, f.unit_class, 'en')}[{n}]"
        candidate = wording("summary_figures", "en").format(figures=", ".join([*figures, shown]))
        if len(lead) + 1 + len(candidate) > EN_LEAD_CHARS:
            break
        figures.append(shown)
        if len(figures) >= EN_FIGURES:
            break
    return f"{lead} {wording('summary_figures', 'en').format(figures=', '.join(figures))}" if figures else lead


class SummaryApproach:
    kind: Kind = "summary"

    def answer(self, reading: Reading) -> Answer | None:
        corpus = corpus_of(reading)
        doc = self._document(reading, corpus.titles())
        units = units_of(corpus.by_doc.get(doc, []), reading.stats)
        if not units:
            return refuse(reading, self.kind, retrieved(reading))
        length = max(u.sentence.offset for u in units) or 1
        opening = [u for u in units if u.sentence.offset <= OPENING * length] or units[:1]
        # the main claim: the opening sentence most like the title and the whole document, with a subject
        # of its own (not "项目建成后…", which leans on the sentence before it)
        title = tfidf(corpus.titles().get(doc, ""), reading.stats)
        # (a report states its main point first: an earlier sentence of the opening is preferred)
        claim = max(opening, key=lambda u: u.centrality + cosine(u.vector, title) + LEAD_BONUS * (u is opening[0])
                    - (LEANING if leans_back(u.text) else 0))
        chosen = [claim]
        frame = len(wording("summary_lead", reading.lang)) + 6
        budget = MAX_CHARS - len(claim.text) - frame
        rest = _rest_of(claim, reading.stats)
        if rest is not None and len(rest.text) + LINE_FRAME <= budget:
            chosen.append(rest)  # (its own line: the lead stays one short sentence)
            budget -= len(rest.text) + LINE_FRAME
        sections = self._sections(units, length)
        titled = [members for members in sections if members[0].sentence.section]
        if len(titled) >= 3:  # the untitled lead paragraph before the first section title: the claim speaks for it
            sections = titled
        for members in sections:  # a line stands for its section: central to it as well as to the document
            centre = _centre([u.vector for u in members])
            for u in members:
                u.centrality = (u.centrality + cosine(u.vector, centre)) / 2
        claims = title_claims(corpus.titles().get(doc, ""), reading.stats)
        for members in sections:
            pool = [u for u in members if u not in chosen and len(u.text) + LINE_FRAME <= budget]
            if not pool:
                continue
            # (the document's headline only: section titles, "精准发力争资金", are restated by many of their lines
            # and moved the article's lines off their key figures)
            best = max(pool, key=lambda u: self._mmr(u, chosen) + claim_bonus(claim_cover(u, claims, chosen)))
            chosen.append(best)
            budget -= len(best.text) + LINE_FRAME
        for line in headline_lines(corpus.titles().get(doc, ""), units, chosen):
            chosen.insert(1, line)  # (kept before the sections' lines when the summary is cut to fit)
        while True:  # the frame's words and markers counted exactly: drop the last line chosen until it fits
            text, lead, quotes = self._compose(claim, chosen[1:], reading.lang, corpus.titles().get(doc, ""))
            if len(text) <= MAX_CHARS + (EN_FRAME if reading.lang == "en" else 0) or len(chosen) == 1:
                return finish(reading, self.kind, text, lead, quotes)
            chosen.pop()

    def _compose(self, claim: Unit, lines: list[Unit], lang: str, title: str = "") -> tuple[str, str, Quotes]:
        """Chinese: the claim quoted is the lead. English: a sentence of the document's topic (its title's
        terms in dictionary English) and its key figures (each with the English of what it measures, cited),
        and the claim follows, quoted, as the first line."""
        quotes = Quotes()
        ordered = sorted(lines, key=lambda u: u.sentence.offset)
        if lang == "en":
            ordered = [claim, *ordered]
            for u in ordered:  # the lines' citations numbered first, so the lead's markers are theirs
                quotes.cite(u.sentence.passage, u.sentence.start, u.end)
            lead = english_lead(title or claim.text, ordered, quotes)
        else:
            lead = wording("summary_lead", lang).format(claim=self._quote(claim, quotes, lang))
        text = "\n".join([lead, *(f"{ITEM_MARK}{self._quote(u, quotes, lang)}" for u in ordered)])
        return text, lead, quotes

    @staticmethod
    def _quote(u: Unit, quotes: Quotes, lang: str) -> str:
        return quotes.quote(u.sentence.passage, u.sentence.start, u.end, lang)

    @staticmethod
    def _mmr(u: Unit, chosen: list[Unit]) -> float:
        likeness = max(cosine(u.vector, c.vector) for c in chosen)
        return (DIVERSITY * u.centrality - (1 - DIVERSITY) * likeness + (FIGURE_BONUS if u.states_figure else 0.0)
                - (LEANING if leans_back(u.text) else 0.0))

    @staticmethod
    def _sections(units: list[Unit], length: int) -> list[list[Unit]]:
        """The document's sections in order (its "——" section titles; equal stretches when it has none)."""
        named: dict[str, list[Unit]] = {}
        for u in units:
            named.setdefault(u.sentence.section, []).append(u)
        if len(named) >= 3 or (len(named) == 2 and "" not in named):
            return list(named.values())
        stretches: list[list[Unit]] = [[] for _ in range(PSEUDO_SECTIONS)]
        for u in units:
            stretches[min(PSEUDO_SECTIONS - 1, int(PSEUDO_SECTIONS * u.sentence.offset / (length + 1)))].append(u)
        return [s for s in stretches if s]

    @staticmethod
    def _document(reading: Reading, titles: dict[str, str]) -> str:
        """The document the question names by its title's words, else the best retrieved one."""
        if len(titles) == 1:
            return next(iter(titles))
        terms = terms_of(reading)
        named = {doc: terms.coverage(title + " " + doc) for doc, title in titles.items()}
        best = max(named, key=lambda d: named[d])
        if named[best] >= 0.5:
            return best
        hits = retrieved(reading)
        return str(hits[0].hit.node.metadata.get("doc_id", "")) if hits else best
