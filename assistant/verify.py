"""The verifier: every figure an answer states must be traced to a cited passage or a shown computation."""

from __future__ import annotations

import re

from assistant.figures import Figure, parse_figures, same_quantity
from assistant.types import Answer

_MARKER = re.compile(r"\[\d+\]")


def _number_text(figure: Figure) -> str:
    return re.sub(r"[^\d.]", "", figure.text)


def traced(figure: Figure, answer: Answer) -> bool:
    for citation in answer.citations:
        cited = parse_figures(citation.text)
        if any(same_quantity(figure, f) for f in cited):
            return True
        # a bare number (no unit) is traced when the same digits appear as a cited figure
        if figure.unit_class == "plain" and any(_number_text(figure) == _number_text(f) for f in cited):
            return True
    for use in answer.figures:
        if use.source == "computation":
            shown = parse_figures(use.text) + parse_figures(use.span)
            if any(same_quantity(figure, f) for f in shown):
                return True
    return False


def verify(answer: Answer) -> Answer:
    """Fill answer.verified / answer.unverified. Markers like [1] are not figures."""
    text = _MARKER.sub(" ", answer.text)
    answer.unverified = [f.text for f in parse_figures(text) if not traced(f, answer)]
    answer.verified = not answer.unverified
    return answer
