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


def traced(figure: Figure, answer: Answer) -> bool:
    for citation in answer.citations:
        if any(restates(figure, f) for f in parse_figures(citation.text)):
            return True
    for use in answer.figures:
        if use.source == "computation":
            shown = parse_figures(use.text) + parse_figures(use.span)
            if any(restates(figure, f) for f in shown):
                return True
    return False


def verify(answer: Answer) -> Answer:
    """Fill answer.verified / answer.unverified. Markers like [1] are not figures."""
    text = MARKER.sub(" ", answer.text)
    answer.unverified = [f.text for f in parse_figures(text) if not traced(f, answer)]
    answer.verified = not answer.unverified
    return answer
