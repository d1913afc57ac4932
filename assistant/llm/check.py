"""The one check of a generated answer (AnswerEngine.answer calls it for every backend's output): every
figure traced to a cited passage or a shown computation (assistant.verify), every name to a cited passage
(assistant.llm.names). An untraced figure is listed in Answer.unverified, an untraced name in Answer.names
(traced=False); either leaves the answer verified=False, and the UI and CLI show it as unverified."""

from __future__ import annotations

from assistant.llm.names import name_uses
from assistant.types import Answer
from assistant.verify import verify


def checked(answer: Answer) -> Answer:
    if answer.backend == "extractive":  # the approaches verified it already; it states no name of its own
        return answer
    verify(answer)
    answer.names = name_uses(answer.text, answer.citations, answer.lang) if answer.answerable else []
    if any(not n.traced for n in answer.names):
        answer.verified = False
    return answer


def untraced_names(answer: Answer) -> list[str]:
    return [n.text for n in answer.names if not n.traced]
