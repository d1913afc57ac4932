"""Which approach answers each kind of question (assistant.approaches.Kind -> one instance). The figure
kind is the figure engine itself (assistant.answer), so it has no entry; a kind without an entry falls
back to it. An LLM backend takes over an open kind by replacing its entry."""

from __future__ import annotations

from assistant.approaches import Approach, Kind
from assistant.approaches.describe import DescribeApproach
from assistant.approaches.entity import EntityApproach
from assistant.approaches.listing import ListApproach
from assistant.approaches.summary import SummaryApproach

APPROACHES: dict[Kind, Approach] = {
    "summary": SummaryApproach(),
    "list": ListApproach(),
    "entity": EntityApproach(),
    "describe": DescribeApproach(),
}


def approach_for(kind: str) -> Approach | None:
    """The approach answering questions of this kind; None for the figure engine's own."""
    return APPROACHES.get(kind)  # type: ignore[call-overload]
