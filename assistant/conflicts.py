"""Conflicts: another document states a different value for the same quantity of the same subject.

The answer engine never resolves such a disagreement in silence: it shows every value with its source
and the verifier leaves the answer unverified. Only another document is a rival source: two values in
one document for what looks like one quantity were, on real documents (the general set's statistical
releases and reports), always two quantities told apart by words the scorer does not read (another
region, indicator or period), so reporting them as a disagreement would mislabel a correct answer.
"The same quantity of the same subject" is judged with the candidate scorer's own measures
(assistant.candidates), strictly, because a figure for a part (其中…), another period or a narrower group
is a different quantity, not a disagreement.
"""

from __future__ import annotations

import re

from assistant.candidates import _PHRASE_END, Candidate, Passage, _binding_segment, acceptable
from assistant.figures import parse_figures, restates

# how far below the chosen figure a rival may score and still be about the same thing: the scorer's
# attribute and entity weights are 2.0 each, so this is about one level of placement (phrase vs clause)
SCORE_MARGIN = 0.35
# a part of a whole ("其中…", "包括…"): the figure after it is not the whole's value
_PART = re.compile(r"其中|包括|含|分别")
# the figures that pin down what a value is of: a period, a date, a threshold
_PINNING = frozenset({"year", "date", "time"})


def conflicting(best: Candidate, cands: list[Candidate], entity_terms: list[str], adjacent: list[str],
                has_attributes: bool, has_conditions: bool) -> list[Candidate]:
    """The strongest rival for each other value that other documents state for what best states.

    adjacent: the item words the figure must stand next to ("30万吨氧化钙"), as in score_candidates."""
    rivals: dict[tuple[str, float], Candidate] = {}
    for c in cands:
        if _doc(c.passage) == _doc(best.passage) or c.figure.unit_class != best.figure.unit_class:
            continue
        if restates(c.figure, best.figure) or restates(best.figure, c.figure):
            continue
        if c.score < best.score - SCORE_MARGIN or not acceptable(c, has_attributes, has_conditions):
            continue
        if _states(best.passage, c) or _states(c.passage, best):
            continue  # a passage stating both values tells two quantities apart (30万吨氧化钙10万吨氢氧化钙)
        if c.key() not in rivals and same_subject(best, c, entity_terms) \
                and _names(best, adjacent) == _names(c, adjacent):
            rivals[c.key()] = c
    for rival in rivals.values():
        # the rival value stated in further passages (perhaps more directly): those corroborate it
        rival.corroborating = [c for c in cands if c.key() == rival.key() and c.passage is not rival.passage
                               and _doc(c.passage) != _doc(best.passage)
                               and acceptable(c, has_attributes, has_conditions)]
    return list(rivals.values())


def same_subject(best: Candidate, other: Candidate, entity_terms: list[str]) -> bool:
    """other states the same quantity of the same subject as best: labelled by the attribute as well,
    every entity word of best's sentence in other's sentence too, and no part, period or threshold
    that only one of them states."""
    # (the entity may sit closer to one figure than the other: "A项目总投资X" vs "A项目…，总投资Y"; the
    # sentence-level test below and the score margin say whether it is the same subject)
    if other.attribute < best.attribute - 0.05:
        return False
    if other.narrower != best.narrower:
        return False
    periods = _pinning(best), _pinning(other)
    if all(periods) and periods[0] != periods[1]:
        return False  # 2025年…48个 and 2024年…40个: two periods (a date only one states may be another event's)
    if not set(other.missing) <= set(best.missing):
        return False  # a name best's passage has and other's lacks: another subject
    if bool(_PART.search(_head(other))) != bool(_PART.search(_head(best))):
        return False
    best_subject, other_subject = _subject_text(best), _subject_text(other)
    if not all(t in other_subject for t in entity_terms if t in best_subject):
        return False
    return not _bound_elsewhere(other, entity_terms)


def _subject_text(c: Candidate) -> str:
    """Where a figure's subject is named: its sentence up to the end of the figure's clause. A name
    only after it ("教育…完成投资5.6亿元，…占民生项目完成投资的15.3%") is what it is compared with."""
    p = c.passage
    s, _ = p.span(c.figure.start, "。！？!?")
    _, clause_end = c.clause()
    return p.text[s:clause_end].lower()


def _bound_elsewhere(c: Candidate, entity_terms: list[str]) -> bool:
    """The subject's words stand right at another figure of c's kind in c's sentence ("…50.9亿元的吉电…、
    计划总投资7.52亿元的石溪…": 石溪 names the 7.52亿元, not the 50.9亿元)."""
    p = c.passage
    s, e = p.span(c.figure.start, "。！？!?")

    def named(start: int) -> int:
        phrase = p.text[slice(*p.span(start, _PHRASE_END))].lower()
        return sum(1 for t in entity_terms if t in phrase)

    own = named(c.figure.start)
    return any(named(f.start) > own for f in p.figures
               if s <= f.start < e and f.start != c.figure.start and f.unit_class == c.figure.unit_class)


def _doc(passage: Passage) -> str:
    node = passage.hit.node
    return str(node.metadata.get("doc_id") or node.ref_doc_id or "")


def _states(passage: Passage, c: Candidate) -> bool:
    return any(restates(f, c.figure) for f in passage.figures)


def _names(c: Candidate, adjacent: list[str]) -> list[str]:
    """The item words standing right at the figure ("续建116个", "30万吨氧化钙")."""
    label, after = c.label.lower(), c.after_label.lower()
    return [t for t in adjacent if label.endswith(t) or after.startswith(t)]


def _head(c: Candidate) -> str:
    """The figure's clause up to the figure: where 其中/包括 would make it a part."""
    s, _ = c.clause()
    return c.passage.text[s:c.figure.start]


def _pinning(c: Candidate) -> frozenset[tuple[str, float]]:
    """The periods and dates stated with the figure (in its sentence part up to ；/。)."""
    segment = _binding_segment(c.passage, c.figure)
    return frozenset((f.unit_class, round(f.value, 6)) for f in parse_figures(segment)
                     if f.unit_class in _PINNING and f.text != c.figure.text)
