"""Grade one Answer to an open question (eval/questions/open.jsonl) by rules a reader would apply.

Text is compared after NFKC folding with citation markers removed; an alternative matches whatever
whitespace sits between its characters, Latin words match whole words without regard to case, and an
alternative that is one figure ("67个", "750.4亿元") also matches the same quantity worded otherwise
("75.04 billion yuan"), read by `assistant.figures` as the product reads it.

By what the question expects:
  answer    answerable; at least one citation (of `min_citations` distinct passages, for a summary that
            must span the document's sections); every `must` group present (in order when `ordered`); no
            `must_not` text; the first sentence (Answer.lead, else the text's first sentence) holds a
            `lead` alternative and no `lead_not` text and is short (LEAD_MAX_CHARS: the direct
            answer in one short sentence, issue 9); at most `max_chars`; every figure it states is in a
            cited passage, a declared computation or the question itself (a planted figure may be quoted
            back to deny it); an English question gets an English first sentence.
  refuse    not answerable and no figure stated (eval.grader's rule for unanswerable questions).
  decline   no citation; not the figure engine's "no figure found" refusal; no figure outside the example
  chitchat  questions it offers; the `must` groups (what it can do); chitchat also offers at least
            `examples` example questions (sentences ending in a question mark, not the user's own).
Length (`max_chars`, without [n] markers) and `must_not` apply to every expectation; the language rule to
all but refuse. A figure the answer counts itself ("三个项目") is a figure too: declare it as a computation
(FigureUse source "computation"), as the product's verifier would need.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from assistant.figures import Figure, figure_from_text, parse_figures, restates, same_quantity
from assistant.settings import PROJECT_ROOT
from assistant.types import Answer
from assistant.verify import strip_markers
from eval.grader import EXACT_TOL, GradeResult, grade_unanswerable, unsupported_figures
from eval.metrics import squash
from eval.questionset import OpenQuestion

PROMPTS = PROJECT_ROOT / "prompts"
SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=\.)(?=\s)")
QUESTION_END = ("？", "?")
ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# "the direct answer in one short sentence": generous bounds (a Chinese sentence of about two clauses; English
# words take about twice the characters)
LEAD_MAX_CHARS = {"zh": 80, "en": 200}


def plain(text: str) -> str:
    """The answer text as a reader sees it: citation markers removed, full-width forms folded."""
    return unicodedata.normalize("NFKC", strip_markers(text))


@cache
def _pattern(alternative: str) -> re.Pattern[str]:
    """Any whitespace between the characters; whole words/numbers at an ASCII-alphanumeric edge (so "No"
    does not match "Not", "3%" does not match "0.3%" or "13%")."""
    words = unicodedata.normalize("NFKC", alternative).split()
    body = r"\s+".join(r"\s*".join(map(re.escape, word)) for word in words)
    chars = "".join(words)
    if ASCII_ALNUM.match(chars[:1]):
        body = r"(?<![A-Za-z0-9])(?<![0-9]\.)" + body
    if ASCII_ALNUM.match(chars[-1:]):
        body += r"(?![A-Za-z0-9])(?!\.[0-9])"
    return re.compile(body, re.IGNORECASE)


def whole_figure(alternative: str) -> Figure | None:
    """The figure an alternative is, when it is exactly one figure ("67个"), else None."""
    figure = figure_from_text(alternative)
    return figure if figure is not None and figure.text.strip() == alternative.strip() else None


def find(text: str, alternative: str) -> int | None:
    """Where an alternative first appears in `text` (already plain), or None."""
    found = _pattern(alternative).search(text)
    positions = [found.start()] if found else []
    want = whole_figure(alternative)
    if want is not None:
        positions += [f.start for f in parse_figures(text) if same_quantity(f, want, EXACT_TOL)]
    return min(positions) if positions else None


def find_any(text: str, alternatives: tuple[str, ...]) -> int | None:
    positions = [p for p in (find(text, a) for a in alternatives) if p is not None]
    return min(positions) if positions else None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def lead_of(answer: Answer) -> str:
    """The direct answer: Answer.lead when the engine sets it, else the text's first sentence."""
    if answer.lead.strip():
        return plain(answer.lead).strip()
    parts = sentences(plain(answer.text))
    return parts[0] if parts else ""


def example_questions(text: str, asked: str) -> list[str]:
    """Sentences of a reply that are questions, other than the user's own question quoted back."""
    own = squash(asked)
    return [s for s in sentences(text) if s.endswith(QUESTION_END) and squash(s) != own]


def figures_outside_questions(text: str) -> list[str]:
    """Figures a reply states on its own account (example questions may name a threshold or a year)."""
    return [f.text for s in sentences(text) if not s.endswith(QUESTION_END) for f in parse_figures(s)]


@cache
def refusal_texts() -> tuple[str, ...]:
    """The figure engine's "no figure found" refusals (prompts/refusal.*.txt), squashed."""
    return tuple(squash(p.read_text(encoding="utf-8").strip()) for p in sorted(PROMPTS.glob("refusal.*.txt")))


def is_figure_refusal(text: str) -> bool:
    squashed = squash(plain(text))
    return any(r and r in squashed for r in refusal_texts())


def in_english(text: str) -> bool:
    """Written in English: more Latin letters than Chinese characters (quoted Chinese names are allowed)."""
    return len(LATIN.findall(text)) > len(CJK.findall(text))


def must_problems(question: OpenQuestion, text: str) -> list[str]:
    problems = []
    positions = []
    for group in question.must:
        at = find_any(text, group)
        if at is None:
            problems.append(f"missing: {' / '.join(group)}")
        else:
            positions.append(at)
    if question.ordered and not problems and positions != sorted(positions):
        problems.append("parts not answered in the order asked")
    present = [t for t in question.must_not if find(text, t) is not None]
    if present:
        problems.append(f"forbidden: {', '.join(present)}")
    return problems


# The kind of each failure reason the grader writes, by the reason's opening words (the reasons below are the
# only wording of them): probes count failures by kind without printing a reason, which quotes the answer.
REASON_KINDS = (("refused", "refused"), ("first sentence lacks", "verdict"), ("first sentence says", "verdict"),
                ("the first sentence is not short", "lead-long"),
                ("an English question answered in Chinese", "english"), ("missing", "missing"),
                ("figure(s) in no cited", "invented"), ("too long", "long"),
                ("an answer without citations", "uncited"), ("cites ", "cites"), ("forbidden", "forbidden"))


def reason_kind(reason: str) -> str:
    """The kind of one of the grader's failure reasons (REASON_KINDS); "other" for the rest."""
    return next((kind for opening, kind in REASON_KINDS if reason.startswith(opening)), "other")


def lead_problems(question: OpenQuestion, answer: Answer) -> list[str]:
    lead = lead_of(answer)
    problems = []
    if question.lead and find_any(lead, question.lead) is None:
        problems.append(f"first sentence lacks {' / '.join(question.lead)}: {lead[:60]!r}")
    wrong = [t for t in question.lead_not if find(lead, t) is not None]
    if wrong:
        problems.append(f"first sentence says {', '.join(wrong)}: {lead[:60]!r}")
    if question.lang == "en" and lead and not in_english(lead):
        problems.append(f"an English question answered in Chinese: {lead[:60]!r}")
    return problems


def length_problems(question: OpenQuestion, text: str) -> list[str]:
    return [f"too long: {len(text)} characters (limit {question.max_chars})"] if len(text) > question.max_chars \
        else []


def invented_figures(question: OpenQuestion, answer: Answer) -> list[str]:
    """Figures in no cited passage and no declared computation, other than those the question states."""
    asked = parse_figures(unicodedata.normalize("NFKC", question.question))
    return [f.text for f in unsupported_figures(answer)
            if not any(restates(f, a, EXACT_TOL) for a in asked)]


def grade_answer(question: OpenQuestion, answer: Answer, text: str) -> list[str]:
    reasons = []
    if not answer.answerable:
        reasons.append("refused a question the document answers")
    if not answer.citations:
        reasons.append("an answer without citations")
    passages = {(c.doc_id, c.passage_start, c.passage_end) for c in answer.citations}
    if answer.citations and len(passages) < question.min_citations:
        reasons.append(f"cites {len(passages)} passage(s), not {question.min_citations} across the document")
    lead = lead_of(answer)
    if len(lead) > LEAD_MAX_CHARS[question.lang]:
        reasons.append(f"the first sentence is not short: {len(lead)} characters "
                       f"(limit {LEAD_MAX_CHARS[question.lang]})")
    reasons += must_problems(question, text)
    reasons += lead_problems(question, answer)
    invented = invented_figures(question, answer)
    if invented:
        reasons.append(f"figure(s) in no cited passage or computation: {', '.join(invented)}")
    return reasons


def grade_reply(question: OpenQuestion, answer: Answer, text: str) -> list[str]:
    """A decline or a chit-chat reply: no sources, no figures, not the figure refusal."""
    reasons = []
    if answer.citations:
        reasons.append(f"a {question.expect} reply with citations")
    if not text.strip():
        reasons.append("an empty reply")
    if is_figure_refusal(text):
        reasons.append(f"the figure engine's refusal instead of a {question.expect} reply")
    figures = figures_outside_questions(text)
    if figures:
        reasons.append(f"states figure(s): {', '.join(figures)}")
    if question.expect == "chitchat":
        found = len(example_questions(text, question.question))
        if found < question.examples:
            reasons.append(f"offers {found} example question(s), not {question.examples}")
    reasons += must_problems(question, text)
    reasons += lead_problems(question, answer)
    return reasons


def grade_open(question: OpenQuestion, answer: Answer) -> GradeResult:
    """Pass or fail, with every reason it failed."""
    text = plain(answer.text)
    if question.expect == "answer":
        reasons = grade_answer(question, answer, text)
    elif question.expect == "refuse":
        reasons = grade_unanswerable(answer).reasons + must_problems(question, text)
    else:
        reasons = grade_reply(question, answer, text)
    reasons += length_problems(question, text)
    return GradeResult(not reasons, reasons)
