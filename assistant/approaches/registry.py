"""Which approach answers each kind of question (assistant.route reads the kind).

A kind with no approach here, or whose approach returns None, is answered by the figure engine
(assistant.answer), whose refusal is the last word. An LLM backend takes over a kind by replacing its entry:
summaries, lists, entities and descriptions are quoted by the extractive approaches until one does.
"""

from __future__ import annotations

from assistant.approaches import Approach, Kind
from assistant.approaches.decline import Decline
from assistant.approaches.describe import DescribeApproach
from assistant.approaches.entity import EntityApproach
from assistant.approaches.listing import ListApproach
from assistant.approaches.smalltalk import SmallTalk
from assistant.approaches.summary import SummaryApproach
from assistant.approaches.yesno import YesNo

APPROACHES: dict[Kind, Approach] = {approach.kind: approach for approach in (
    SmallTalk(),
    Decline(),
    YesNo(),
    SummaryApproach(),
    ListApproach(),
    EntityApproach(),
    DescribeApproach(),
)}


def approach_for(kind: Kind) -> Approach | None:
    return APPROACHES.get(kind)
