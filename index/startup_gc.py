"""Python's cyclic garbage collector paused while a process starts: imports, store open, answer engine.

Why: a fresh process's first answer makes ~250,000 long-lived objects (modules, classes, functions, tables)
and almost no cyclic garbage (~3,000 objects). The collector, run every 700 allocations, traversed that
growing heap over and over: ~370 young, ~33 middle and 3 full collections, 0.21-0.27 s of CPU in a first
answer of ~2.2 s (measured with gc.callbacks). Paused, it runs none of them.

When the outermost pause ends, the first time in the process, everything alive is moved to the permanent
generation (gc.freeze): what start-up made lives as long as the process, and the collector's later full
collections (the first question's, the UI's) do not traverse it again. The few cycles start-up left
behind stay in memory (bounded, once per process). Later pauses (another Assistant, a reopened store) only
pause. The collector is turned back on only if it was on when the outermost pause began: a caller that
turned it off keeps it off. Reference counting frees everything else as usual: nothing an answer reads
depends on when the collector runs.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()  # pauses may begin and end in several threads (the UI's)
_depth = 0
_resume = False  # the collector was on when the outermost pause began
_freeze = False  # a block of the current pause made what lives as long as the process


@contextmanager
def paused(freeze: bool = False) -> Iterator[None]:
    """The collector off for the block (nested and concurrent blocks: off until the last one ends).
    `freeze`: what the block makes lives as long as the process (imported modules): once the last block
    ends, everything alive is moved to the permanent generation, which later collections skip."""
    global _depth, _resume, _freeze
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
        _freeze = _freeze or freeze
    try:
        yield
    finally:
        _end()


def _end() -> None:
    global _depth, _freeze
    with _lock:
        _depth -= 1
        if _depth:
            return
        if _freeze:
            gc.freeze()
            _freeze = False
        if _resume:
            gc.enable()


def depth() -> int:
    """How many pauses are open (for tests)."""
    return _depth
