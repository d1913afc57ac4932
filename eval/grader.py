"""Grade one Answer against one Question: about numbers, not strings.

Figures are read only by `assistant.figures` (the parser the product uses), so "14800万元" passes for an
expected "1.48亿元" and "148 million yuan" passes in English, while "7.52" or "7.52万元" fail for "7.52亿元".

An answerable question passes when all of these hold:
  * every expected figure is stated in the answer text (same quantity; exact for lookups, within the
    question's tolerance for computed answers, which may round for display);
  * some citation contains the evidence substring (whitespace ignored; adjacent passages of one document
    may be joined, for evidence that crosses a passage boundary);
  * the answer is concise: at most MAX_ANSWER_CHARS without [n] markers, and it does not reproduce
    COPY_RATIO or more of any cited passage longer than COPY_MIN_PASSAGE characters;
  * every figure it states is in a cited passage or is a figure the answer declares it computed
    (FigureUse source "computation"; unitless constants of the arithmetic it shows count too).
An unanswerable question passes when the answer says it is not answerable and states no figure at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from assistant.figures import Figure, figure_from_text, parse_figures, restates, same_quantity
from assistant.types import Answer, Citation
from assistant.verify import strip_markers
from eval.metrics import squash
from eval.questionset import Question

MAX_ANSWER_CHARS = 150
COPY_RATIO = 0.9
COPY_MIN_PASSAGE = 80
EXACT_TOL = 1e-6  # float noise only
ADJACENT_GAP = 2  # characters between two passages that still count as adjacent

# "第三", "第3": ordinals the figure parser (rightly) does not read as quantities
ORDINAL = re.compile(r"第\s*[0-9０-９零〇一二三四五六七八九十百千两]+")
DIGIT = re.compile(r"[0-9０-９]")


@dataclass
class GradeResult:
    passed: bool
    reasons: list[str] = field(default_factory=list)  # why it failed; empty when it passed

    def __bool__(self) -> bool:
        return self.passed


def stated_figures(answer: Answer) -> list[Figure]:
    return parse_figures(strip_markers(answer.text))


def cited_texts(citations: list[Citation]) -> list[str]:
    """Each cited passage, plus the joined text of passages that sit next to each other in one document."""
    texts = [c.text for c in citations]
    ordered = sorted((c for c in citations if c.passage_end > c.passage_start),
                     key=lambda c: (c.doc_id, c.passage_start))
    joined, doc, end, parts = "", "", -1, 0
    for c in ordered:
        if parts and c.doc_id == doc and c.passage_start - end <= ADJACENT_GAP:
            if c.passage_end > end:  # overlapping passages: add only what is new
                joined += c.text[max(end - c.passage_start, 0):]
                end = c.passage_end
                parts += 1
            continue
        if parts > 1:
            texts.append(joined)
        joined, doc, end, parts = c.text, c.doc_id, c.passage_end, 1
    if parts > 1:
        texts.append(joined)
    return texts


def cites_evidence(answer: Answer, evidence: str) -> bool:
    want = squash(evidence)
    return bool(want) and any(want in squash(text) for text in cited_texts(answer.citations))


def copied_fraction(passage: str, answer_text: str) -> float:
    """Share of the passage's characters that the answer reproduces (difflib matching blocks)."""
    if not passage:
        return 0.0
    matcher = SequenceMatcher(None, passage, answer_text, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(passage)


def conciseness_problems(answer: Answer) -> list[str]:
    text = strip_markers(answer.text)
    problems = []
    if len(text) > MAX_ANSWER_CHARS:
        problems.append(f"not concise: {len(text)} characters (limit {MAX_ANSWER_CHARS})")
    for c in answer.citations:
        if len(c.text) > COPY_MIN_PASSAGE:
            share = copied_fraction(c.text, text)
            if share >= COPY_RATIO:
                problems.append(f"pastes cited passage [{c.n}] ({share:.0%} of its {len(c.text)} characters)")
    return problems


def computed_figures(answer: Answer) -> list[Figure]:
    """Figures the answer declares as results of its own arithmetic, plus the unitless constants of the
    arithmetic it shows (the 1 in "37.6亿元 ÷ (1 + 103%)"); a quantity with a unit must come from a
    cited passage or be a declared result."""
    found = []
    for use in answer.figures:
        if use.source == "computation":
            found += parse_figures(use.text)[:1]
            found += [f for f in parse_figures(use.span) if f.unit_class == "plain" and not f.unit]
    return found


def unsupported_figures(answer: Answer) -> list[Figure]:
    """Figures stated in the answer that no cited passage holds and no declared computation produced."""
    sources = [f for c in answer.citations for f in parse_figures(c.text)] + computed_figures(answer)
    return [f for f in stated_figures(answer) if not any(restates(f, s, EXACT_TOL) for s in sources)]


def missing_expected(question: Question, stated: list[Figure]) -> list[str]:
    # an English question may ask for a computation (general_en_dev.jsonl): its tolerance counts as a computed one's
    tol = max(question.tolerance, EXACT_TOL) if question.kind in ("computed", "english") else EXACT_TOL
    missing = []
    for text in question.expected:
        want = figure_from_text(text)
        if want is None or not any(same_quantity(f, want, tol) for f in stated):
            missing.append(text)
    return missing


def grade_unanswerable(answer: Answer) -> GradeResult:
    reasons = []
    if answer.answerable:
        reasons.append("answered a question the document cannot answer")
    text = strip_markers(answer.text)
    figures = [f.text for f in parse_figures(text)]
    figures += [m.group() for m in ORDINAL.finditer(text)]
    if figures:
        reasons.append(f"the refusal states figure(s): {', '.join(figures)}")
    elif DIGIT.search(text):
        reasons.append("the refusal states a number")
    return GradeResult(not reasons, reasons)


def grade(question: Question, answer: Answer) -> GradeResult:
    if not question.answerable:
        return grade_unanswerable(answer)
    reasons = []
    if not answer.answerable:
        reasons.append("refused an answerable question")
    stated = stated_figures(answer)
    missing = missing_expected(question, stated)
    if missing:
        reasons.append(f"expected figure(s) not stated: {', '.join(missing)}")
    if not cites_evidence(answer, question.evidence):
        reasons.append("no citation contains the evidence")
    reasons.extend(conciseness_problems(answer))
    invented = unsupported_figures(answer)
    if invented:
        reasons.append(f"figure(s) in no cited passage or computation: {', '.join(f.text for f in invented)}")
    return GradeResult(not reasons, reasons)
