"""Which approach answers each kind of question (assistant.route reads the kind).

A kind with no approach here, or whose approach returns None, is answered by the figure engine
(assistant.answer), whose refusal is the last word. An LLM backend takes over a kind by replacing its entry.
"""

from __future__ import annotations

from assistant.approaches import Approach, Kind
from assistant.approaches.decline import Decline
from assistant.approaches.smalltalk import SmallTalk
from assistant.approaches.yesno import YesNo

APPROACHES: dict[Kind, Approach] = {approach.kind: approach for approach in (
    SmallTalk(),
    Decline(),
    YesNo(),
)}


def approach_for(kind: Kind) -> Approach | None:
    return APPROACHES.get(kind)
