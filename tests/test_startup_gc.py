"""index.startup_gc: the cyclic collector paused during start-up, and always given back."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from index import startup_gc


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    assert startup_gc.depth() == 0
    gc.unfreeze()  # what a test froze goes back to the collector's generations
    if not was_on:
        gc.disable()


def test_off_inside_and_back_on_after() -> None:
    with startup_gc.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_blocks_keep_it_off_until_the_outermost_ends() -> None:
    with startup_gc.paused():
        with startup_gc.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_caller_that_turned_it_off_keeps_it_off() -> None:
    gc.disable()
    with startup_gc.paused():
        pass
    assert not gc.isenabled()


def test_back_on_when_the_block_raises() -> None:
    with pytest.raises(ValueError), startup_gc.paused():
        raise ValueError("bad input")
    assert gc.isenabled()


def test_freeze_moves_what_is_alive_to_the_permanent_generation_once_the_last_block_ends() -> None:
    gc.unfreeze()
    with startup_gc.paused():
        with startup_gc.paused(freeze=True):
            kept = [{"made": n} for n in range(1000)]
        assert gc.get_freeze_count() == 0  # the outer block is still open
    assert gc.get_freeze_count() >= len(kept)
    gc.unfreeze()
    with startup_gc.paused():  # a later pause without freeze freezes nothing
        pass
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_in_an_unfrozen_pause_is_collected_after() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self

    with startup_gc.paused():
        made = Node()
        gone = threading.Event()
        weakref.finalize(made, gone.set)
        del made
        assert not gone.is_set()  # a cycle: only the collector frees it, and it is off
    gc.collect()
    assert gone.is_set()


def test_overlapping_pauses_in_two_threads() -> None:
    """Off until the last of two overlapping blocks ends, whichever thread ends first."""
    first_in, second_in, first_may_leave = threading.Event(), threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with startup_gc.paused():
            first_in.set()
            first_may_leave.wait(10)

    def second() -> None:
        first_in.wait(10)
        with startup_gc.paused():
            second_in.set()
            first_may_leave.set()
            worker.join(10)  # the first thread's block has ended: still off, this one is open
            seen.append(gc.isenabled())

    worker = threading.Thread(target=first)
    other = threading.Thread(target=second)
    worker.start()
    other.start()
    other.join(10)
    assert second_in.is_set() and seen == [False]
    assert gc.isenabled()


def test_assistant_construction_gives_the_collector_back_when_it_fails(tmp_path: object) -> None:
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from index.store import StoreError

    with pytest.raises(StoreError):
        Assistant(load_settings(store={"dir": str(tmp_path)}))  # no index there: a clear error
    assert gc.isenabled() and startup_gc.depth() == 0
