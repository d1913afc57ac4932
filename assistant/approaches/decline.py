"""Out of scope (write a poem, code, investment advice, a topic no document names): a polite decline
saying what the assistant does, with example questions drawn from the indexed documents. Not an answer:
`answerable` is False, and nothing is cited."""

from __future__ import annotations

from assistant import refusals
from assistant.approaches import Kind, Reading
from assistant.approaches.smalltalk import example_lines, lead_of
from assistant.compose import wording
from assistant.types import Answer
from assistant.verify import verify


class Decline:
    kind: Kind = "out_of_scope"

    def answer(self, reading: Reading) -> Answer:
        text = wording("decline", reading.lang).format(examples=example_lines(reading))
        return verify(Answer(reading.question, text, answerable=False, lang=reading.lang, kind=self.kind,
                             lead=lead_of(text), refusal=refusals.OUT_OF_SCOPE))
