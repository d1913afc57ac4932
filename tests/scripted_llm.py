"""A generator that says one scripted text (isolates the engine's hand-off to a generative backend from any model);
the `scripted_assistant` fixture (tests/conftest.py) puts it behind the article assistant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assistant.llm import BackendUnavailable


class Scripted:
    """A generator that says one scripted text and records what it was asked (isolates the engine's routing)."""

    name = "scripted"

    def __init__(self, reply: str = "", fail: BackendUnavailable | None = None) -> None:
        self.reply, self.fail, self.asked = reply, fail, []  # type: ignore[var-annotated]

    def stream(self, messages: list[Any], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        self.asked.append(messages)
        if self.fail is not None:
            raise self.fail
        yield from (self.reply[:2], self.reply[2:])

    def warm(self, messages: list[Any]) -> None:
        return None
