"""Chit-chat and help (你好, 谢谢, 你能做什么): a short reply saying what the assistant answers, with two
example questions drawn from the indexed documents. No figures, no citations."""

from __future__ import annotations

from assistant.approaches import Kind, Reading
from assistant.approaches.examples import example_questions
from assistant.compose import wording
from assistant.route import clauses, cue
from assistant.types import Answer
from assistant.verify import verify

EXAMPLES = 2


def example_lines(reading: Reading, n: int = EXAMPLES) -> str:
    """The example questions, one a line with its marker; the English summary question first in English."""
    nodes = reading.all_nodes()
    return "\n".join(f"- {q}" for q in example_questions(nodes, n, reading.lang))


def lead_of(text: str) -> str:
    """The first line of a reply: its direct answer, set apart by the UI."""
    return text.strip().split("\n", 1)[0]


class SmallTalk:
    kind: Kind = "chitchat"

    def answer(self, reading: Reading) -> Answer:
        # thanks and goodbyes get a "you're welcome"; greetings and "what can you do" say what it does
        said = clauses(reading.question)
        thanks = any(cue("thanks", c) for c in said) and not any(cue("greeting", c) or cue("help", c) for c in said)
        message = "thanks" if thanks else "chitchat"
        text = wording(message, reading.lang).format(examples=example_lines(reading))
        return verify(Answer(reading.question, text, answerable=True, lang=reading.lang, kind=self.kind,
                             lead=lead_of(text)))

