"""English yes/no questions that state no figure: every way of deciding them, in order, so that an English claim
gets a verdict wherever its Chinese counterpart would, and falls back to its description only when none decides.

1. a change asked ("Did imports fall?"): the change clause covering the question's Chinese terms
   (verdicts.decide_direction_en); else the change's own figure asked of the figure engine ("How much did
   imports fall?"), as a Chinese claim's figure is, and its direction read from the cited clause ("下降12.5%");
2. two named sides compared ("Was A's GDP higher than B's?"): english_comparison.decide_compared_en;
3. a claim stated in words ("Is Bank A the only bank with a custody licence?"): one sentence stating every word
   (verdicts.decide_stated_en); else the one sentence stating most of the claim's words, each by one of its
   Chinese words (at least STATED_COVER of them: a word the dictionary cannot render counts as not stated),
   every point word of the claim (only, largest, first:
   en_claim_words.tsv) among them, its negation as the question's and no hedge (预计, 有望): Yes, quoting it.
   A claim no sentence states is not thereby false: no "No" is ever said without a figure or a change.
None when nothing decides: the caller's description answers instead.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.approaches.english_comparison import decide_compared_en
from assistant.approaches.text import (
    Quotes,
    Sentence,
    corpus_of,
    finish,
    retrieved,
    sentence_before,
    sentences_of,
)
from assistant.approaches.verdicts import (
    EN_CLAIM_PASSAGES,
    asks_direction_en,
    claim_words,
    decide_direction_en,
    decide_stated_en,
    hedges,
    stated_direction,
)
from assistant.compose import wording
from assistant.figures import parse_figures
from assistant.verify import verify
from assistant.vocabulary import english_change_verbs

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.candidates import Passage
    from assistant.types import Answer, FigureUse

# the share of the claim's words one sentence (with the one before it) must state for a Yes: the share a Chinese
# claim's sentence must state of its subject (verdicts.CLAIM_SENTENCE_COVER, calibrated on the dev open files); a
# sentence merely about the subject states about half. It must also state more of them than any other sentence
STATED_COVER = 0.6
MIN_WORDS = 3
_EN_CHANGE = re.compile(r"^\s*(?P<aux>did|has|have|had|was|were|is|are)\b.+?"
                        rf"\b(?P<verb>{english_change_verbs('fall', 'rise')})\b", re.IGNORECASE)
_EN_FALL = re.compile(rf"(?:{english_change_verbs('fall')})", re.IGNORECASE)
_EN_NEGATED = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)
_ZH_NEGATED = re.compile(r"不是|并非|没有|未|不再|不")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_MONTHS = frozenset("january february march april may june july august september october november december".split())


def decide_english(reading: Reading, kind: Kind) -> Answer | None:
    """The verdict of an English yes/no question that states no figure (module docstring), or None."""
    if asks_direction_en(reading.question):
        return decide_direction_en(reading, kind) or direction_by_figure(reading, kind)
    return decide_compared_en(reading, kind) or decide_stated_en(reading, kind) or stated_by_cover(reading, kind)


def direction_by_figure(reading: Reading, kind: Kind) -> Answer | None:
    """"Did X fall?": the figure engine asked how much X changed ("How much did X fall?"); Yes/No by the direction
    the cited clause states of that figure ("下降12.5%": a fall; "增长-3.2%": a fall), then the engine's answer.
    None when the engine finds no figure, the sources disagree, or the clause states no change."""
    m = _EN_CHANGE.match(reading.question)
    if m is None or reading.ask_figure is None:
        return None
    asked_direction = -1 if _EN_FALL.fullmatch(m.group("verb")) else 1
    question = reading.question.strip()
    found = reading.ask_figure(f"How much {question[:1].lower()}{question[1:]}")
    if not found.answerable or found.conflicts:
        return None
    use = next((u for u in found.figures if u.source == "citation" and u.citation is not None), None)
    if use is None:
        return None
    direction = _direction_of(found, use)
    if not direction:
        return None
    verdict = wording("yes" if direction == asked_direction else "no", reading.lang)
    # (the verdict alone leads: the engine's lead quotes the Chinese sentence, and an English answer leads in English)
    return verify(replace(found, text=f"{verdict} {found.text.strip()}", lead=verdict, kind=kind))


def _direction_of(found: Answer, use: FigureUse) -> int:
    """The direction of the change a cited figure states, by the change word before it in its clause, or by its
    sign; 0 when it states none (a level)."""
    cited = next((c for c in found.citations if c.n == use.citation), None)
    if cited is None:
        return 0
    text = cited.text
    for f in parse_figures(text):
        if f.text == use.span or (use.span and f.text in use.span and abs(f.value - use.value) < 1e-9):
            direction = stated_direction(text, f.start, f.end)
            if direction:
                return direction
    return -1 if use.value < 0 else 0


def claim_groups(reading: Reading) -> list[tuple[str, ...]]:
    """For each word of an English claim that says something, the Chinese words a sentence may state it with:
    a point word by its en_claim_words.tsv row, a word by its dictionary senses the documents use or its name by
    pinyin (assistant.hints.with_hints), a code in capitals (QFII) as itself; () for a word with none (it
    counts as not stated). Function words, months and the question's frame say nothing."""
    from assistant.bilingual import function_words, singular
    from assistant.hints import HINT_SEPARATOR, with_hints
    from assistant.question import parse_hints

    frame, points = function_words(), claim_words()
    groups: list[tuple[str, ...]] = []
    for raw in _EN_WORD.findall(reading.question):
        raw = _POSSESSIVE.sub("", raw)
        lowered = raw.lower()
        word = singular(lowered)
        capitals = raw.isupper() and len(raw) >= 2
        if lowered in points:
            groups.append(points[lowered])
            continue
        if ((lowered in frame or word in frame) and not capitals) or word in _MONTHS or len(word) < 2:
            continue
        own, counted, senses, names = parse_hints(with_hints(raw, reading.stats).partition(HINT_SEPARATOR)[2])
        found = tuple(w for w in (*names, *own, counted, *(x for g in senses for x in g)) if w
                      and reading.stats.known(w))
        groups.append(found or ((raw,) if capitals else ()))
    return groups


def stated_by_cover(reading: Reading, kind: Kind) -> Answer | None:
    """Yes, quoting the one sentence of the retrieved passages (with the sentence before it) that states the most
    of the claim's words (claim_groups: each by one of its Chinese words), at least STATED_COVER of them and more
    than any other sentence, every point word among them, its negation as asked and no hedge; None otherwise
    (module docstring, 3)."""
    if any(f.unit_class not in {"year", "date"} for f in parse_figures(reading.question)):
        return None  # a claimed figure is decided by the figure engine
    groups = claim_groups(reading)
    if len(groups) < MIN_WORDS:
        return None  # a claim of a word or two is stated by every sentence about its subject
    points = [claim_words()[w.lower()] for w in _EN_WORD.findall(reading.question) if w.lower() in claim_words()]
    negated = _EN_NEGATED.search(reading.question) is not None
    scored: list[tuple[float, Sentence]] = []
    for s in _sentences(reading, retrieved(reading)[:EN_CLAIM_PASSAGES]):
        if not all(any(w in s.text for w in ws) for ws in points):
            continue  # "only", "largest": the point of the claim is in the sentence itself
        if (_ZH_NEGATED.search(s.text) is not None) != negated or any(h in s.text for h in hedges()):
            continue
        text = (sentence_before(s) + s.text).lower()
        scored.append((sum(any(w.lower() in text for w in g) for g in groups) / len(groups), s))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < STATED_COVER or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
        return None  # no sentence states enough of the claim, or two state as much: which one says it is unknown
    s = scored[0][1]
    quotes = Quotes()
    quote = quotes.quote(s.passage, s.start, s.end, reading.lang)
    verdict = wording("yes", reading.lang)
    return finish(reading, kind, f"{verdict} {quote}.", verdict, quotes)


def _sentences(reading: Reading, hits: list[Passage]) -> list[Sentence]:
    return sentences_of(corpus_of(reading).with_following(hits))
