"""The verifier: every figure an answer states must be traced to a cited passage or a shown computation."""

from __future__ import annotations

import re

from assistant.figures import Figure, parse_figures, restates
from assistant.types import Answer

# citation markers: [1]  [1][2]  [1,2]  [1-3]  ［1］ (any backend's answers, not only ours)
MARKER = re.compile(r"[\[［]\s*\d+(?:\s*[,，、\-–]\s*\d+)*\s*[\]］]")


def strip_markers(text: str) -> str:
    """The answer text without citation markers (they are not figures)."""
    return MARKER.sub("", text).strip()


def sources(answer: Answer) -> list[Figure]:
    """Every figure an answer may state: those of its cited passages, of its shown computations, and the
    figures the question itself claims (source "question"), restated only to be compared with a cited one."""
    found = [f for citation in answer.citations for f in parse_figures(citation.text)]
    for use in answer.figures:
        if use.source in ("computation", "question"):
            found += parse_figures(use.text) + parse_figures(use.span)
    return found


def traced(figure: Figure, answer: Answer, known: list[Figure] | None = None) -> bool:
    """True when figure restates one of the answer's sources (pass `known` to reuse sources(answer))."""
    return any(restates(figure, f) for f in (sources(answer) if known is None else known))


# a copula before "一" and a counter: "是一家…企业", "作为一个…" describe what a thing is (the indefinite article);
# they count nothing, and a model's description must not turn unverified for them
_COPULA_END = re.compile(r"(?:是|为|成为|作为)$")


def indefinite_article(figure: Figure, text: str) -> bool:
    """True for "一" + a counter right after a copula in `text` (the string the figure was parsed from)."""
    return figure.text[:1] == "一" and len(figure.text) == 2 and bool(_COPULA_END.search(text[:figure.start]))


def verify(answer: Answer) -> Answer:
    """Fill answer.verified / answer.unverified. Markers like [1] are not figures. Sources that disagree
    (answer.conflicts) leave an answer unverified even when every figure is traced: which one holds is
    for the reader to decide."""
    text = MARKER.sub(" ", answer.text)
    known = sources(answer)
    answer.unverified = [f.text for f in parse_figures(text)
                         if not indefinite_article(f, text) and not traced(f, answer, known)]
    answer.verified = not answer.unverified and not answer.conflicts
    return answer
