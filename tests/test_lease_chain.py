"""The build lease's generation chain (index.lease) step by step, on an in-memory stand-in for the lease's
Chroma collection with the semantics measured on chromadb 1.5.9, embedded and `chroma run` alike: `add` of an
existing id leaves the existing record, `update` of a missing id does nothing, `delete` by id. The stand-in
lets a test stop one machine between its read of the chain and its add, the interleaving a real race hits
only sometimes (the real-server races are in tests/test_build_lease.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from index.lease import BuildLease, LeaseLost, LeaseTaken, generation_of, record_id
from index.location import StoreLocation


class Collection:
    """The calls index.lease makes on its Chroma collection, with Chroma's answers to them."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.before_add: Callable[[str], None] | None = None  # run once, before the next add (another machine)

    def add(self, ids: list[str], embeddings: list[list[float]], metadatas: list[dict[str, Any]]) -> None:
        hook, self.before_add = self.before_add, None
        if hook is not None:
            hook(ids[0])
        for i, meta in zip(ids, metadatas, strict=True):
            self.records.setdefault(i, dict(meta))  # insert-if-absent: the first writer wins

    def update(self, ids: list[str], metadatas: list[dict[str, Any]]) -> None:
        for i, meta in zip(ids, metadatas, strict=True):
            if i in self.records:  # a missing id is not created
                self.records[i] = dict(meta)

    def delete(self, ids: list[str]) -> None:
        for i in ids:
            self.records.pop(i, None)

    def get(self, include: list[str]) -> dict[str, Any]:
        return {"ids": list(self.records), "metadatas": [dict(m) for m in self.records.values()]}


class Server:
    def __init__(self) -> None:
        self.collection = Collection()
        self.clock = 1_000_000.0


class Machine(BuildLease):
    """One machine's lease on the stand-in server (only the Chroma calls are replaced)."""

    def __init__(self, server: Server, seconds: float = 60.0) -> None:
        super().__init__(StoreLocation(Path("unused"), "docs", "fake:1"), seconds, renew=False)
        self.server = server

    def _call(self, fn: Any, fix: str = "") -> Any:
        return fn(None)

    def _now(self) -> float:
        return self.server.clock

    def _collection(self) -> Any:
        return self.server.collection


def test_ids_and_generations_round_trip() -> None:
    assert [record_id(n) for n in (1, 2, 10)] == ["lease-1", "lease-2", "lease-10"]
    assert all(generation_of(record_id(n)) == n for n in (0, 1, 9, 10, 123))
    assert generation_of("lease") == 0  # the earlier scheme's single record
    assert generation_of("lease-0") is None and generation_of("lease-x") is None and generation_of("other") is None


def test_acquire_release_acquire_numbers_go_up_and_history_is_cleared() -> None:
    server = Server()
    a = Machine(server)
    a.acquire()
    assert list(server.collection.records) == ["lease-1"]
    assert a.read() is not None and a.read().owner == a.owner  # type: ignore[union-attr]
    a.release()
    assert a.read() is None  # given back ...
    assert list(server.collection.records) == ["lease-1"]  # ... but the record stays: numbers never go back
    b = Machine(server)
    b.acquire()
    assert list(server.collection.records) == ["lease-2"]  # the holder cleared the older record
    with pytest.raises(LeaseTaken) as taken:
        Machine(server).acquire()
    assert taken.value.holder.owner == b.owner and taken.value.holder.generation == 2


def test_a_slow_taker_over_never_removes_the_faster_ones_record() -> None:
    """The defect seen in CI: two machines take over the same expired lease; the slow one has read the expired
    record when the fast one takes over. The slow one must be refused, and the fast one keep the lease."""
    server = Server()
    dead = Machine(server, seconds=1.0)
    dead.acquire()
    server.clock += 5  # its build died: the lease expired
    slow, fast = Machine(server), Machine(server)
    server.collection.before_add = lambda _id: fast.acquire()  # the fast machine runs between slow's read and add
    with pytest.raises(LeaseTaken) as taken:
        slow.acquire()
    assert taken.value.holder.owner == fast.owner
    assert [m["owner"] for m in server.collection.records.values()] == [fast.owner]
    fast.confirm()  # still its own


def test_a_machine_that_read_the_chain_long_ago_is_refused_even_when_its_id_was_cleared() -> None:
    """A contender stalls after reading "lease-1 expired"; meanwhile lease-2 is taken, given back, lease-3
    taken (which clears 1 and 2). Its add of lease-2 now succeeds (the id is free again), but lease-2 is not
    the newest: it is refused, and the holder of lease-3 keeps the lease."""
    server = Server()
    dead = Machine(server, seconds=1.0)
    dead.acquire()
    server.clock += 5
    stalled, second, third = Machine(server), Machine(server), Machine(server)

    def meanwhile(_id: str) -> None:
        second.acquire()
        second.release()
        third.acquire()

    server.collection.before_add = meanwhile
    with pytest.raises(LeaseTaken) as taken:
        stalled.acquire()
    assert taken.value.holder.owner == third.owner
    assert server.collection.records["lease-2"]["owner"] == stalled.owner  # its leftover, below the newest
    third.confirm()
    third.release()
    fourth = Machine(server)
    fourth.acquire()  # takes lease-4 and clears the leftover
    assert list(server.collection.records) == ["lease-4"]


def test_a_stalled_holder_loses_the_lease_and_its_release_leaves_the_successor_alone() -> None:
    server = Server()
    stalled = Machine(server, seconds=1.0)
    stalled.acquire()
    server.clock += 2  # no renewal came in time
    successor = Machine(server)
    successor.acquire()
    with pytest.raises(LeaseLost) as lost:
        stalled.confirm()
    assert lost.value.holder is not None and lost.value.holder.owner == successor.owner
    assert not stalled.renew()  # a late renewal does not bring it back
    stalled.release()
    current = successor.read()
    assert current is not None and current.owner == successor.owner and not current.released
    successor.confirm()


def test_a_renewal_moves_the_expiry_of_its_own_record_only() -> None:
    server = Server()
    holder = Machine(server, seconds=10.0)
    holder.acquire()
    first = holder.read()
    server.clock += 5
    assert holder.renew()
    renewed = holder.read()
    assert first is not None and renewed is not None
    assert renewed.expires == first.expires + 5 and renewed.generation == first.generation
    server.clock += 9  # past the first expiry, within the renewed one
    with pytest.raises(LeaseTaken):
        Machine(server).acquire()


def test_a_live_record_of_the_earlier_scheme_is_respected_then_cleared() -> None:
    server = Server()
    now = server.clock
    server.collection.records["lease"] = {"owner": "old host pid 1 #aa", "acquired": now, "expires": now + 60}
    with pytest.raises(LeaseTaken) as taken:
        Machine(server).acquire()
    assert taken.value.holder.owner == "old host pid 1 #aa"
    server.clock += 61
    taker = Machine(server)
    taker.acquire()
    assert list(server.collection.records) == ["lease-1"]
