"""The build lease of a store on a Chroma server: one index build at a time across machines.

The local build lock (index.store.build_lock, a file lock) serialises builds on one machine only; two
machines building into the same server collection would both write generation N+1 and switch the pointer
in turn. In server mode a build therefore first takes a lease kept on the server itself, in the small
collection `<collection>-build-lease`, as a chain of records: "lease-1", "lease-2", ... each naming its
holder (host, process, a random token) and when it runs out. The newest record (the highest number) is the
lease; an older one is history. Chroma gives no compare-and-set and its `delete(where=...)` is not atomic
(it finds the ids, then deletes them: a slow taker-over once deleted the record a faster one had just put
in its place, and two machines held the lease). One call is atomic, and it alone decides here: `add` of an
id that exists leaves the existing record (the first writer wins, read back to know who). So:

- acquire: read the chain. Its newest record unexpired and not released -> LeaseTaken naming its holder.
  Otherwise (no record, released, or expired: its build died) add ours under the NEXT number, then read the
  chain again: ours the newest -> held. Of two machines adding the same number one wins and the other is
  told who holds it; a machine that read the chain long ago adds a number that is taken (ignored) or one
  below the newest (so it is not the newest): it is refused, never a second holder. No one ever deletes or
  overwrites a record that may be the lease.
- while held: a thread renews the expiry (an update of our own record, by its exact id: no one else writes
  it) every third of the lease's length, so a live build never looks stale however long it runs; before the
  pointer switch the build confirms its record is still the newest (a holder stalled past expiry may have
  been taken over: its generation is then never switched in).
- release: mark our own record released (by its exact id); it stays as the chain's newest until the next
  acquire, so the numbers never go back and an old id is never the newest again.
- clean-up: only the holder deletes, and only records numbered below its own, by exact id (history, and the
  leftovers of machines refused above); the newest record is never deleted.

A holder that crashes leaves its record, which expires: the next build takes over with the next number.
Expiry is measured on the server's clock (its heartbeat), so clock differences between machines do not
matter. Chroma calls stay in index/ and their failures arrive as StoreError (index.store.chroma_errors).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from index.errors import StoreError
from index.location import StoreLocation

log = logging.getLogger(__name__)

_PREFIX = "lease-"
_LEGACY_ID = "lease"  # the earlier scheme's single record: generation 0, so a live one is still respected
_ATTEMPTS = 5  # rounds of acquire while the chain's newest record is an expired one added after our read


@dataclass(frozen=True)
class LeaseRecord:
    owner: str  # "<host> pid <pid> #<token>": who to ask, and unique per acquisition
    acquired: float  # server time, seconds since the epoch
    expires: float
    generation: int = 0  # its number in the chain (its id is "lease-<generation>")
    released: bool = False  # its build gave the lease back

    def describe(self) -> str:
        return (f"{self.owner}, since {_clock(self.acquired)}, lease until {_clock(self.expires)} "
                "(renewed while that build runs)")

    @property
    def since(self) -> str:
        return _clock(self.acquired)

    @property
    def until(self) -> str:
        return _clock(self.expires)

    def free(self, now: float) -> bool:
        """Whether a build may take the lease over from this record (given back, or its build died)."""
        return self.released or self.expires <= now


def _clock(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))


def record_id(generation: int) -> str:
    """The id of a chain record: "lease-<generation>" (numbers start at 1; 0 is the earlier scheme's)."""
    return _LEGACY_ID if generation == 0 else f"{_PREFIX}{generation}"


def generation_of(record_id: str) -> int | None:
    """The chain number of a record id; None for an id this module does not write."""
    if record_id == _LEGACY_ID:
        return 0
    match = re.fullmatch(rf"{_PREFIX}([1-9]\d*)", record_id)
    return int(match.group(1)) if match else None


def parse_record(record_id: str, meta: Any) -> LeaseRecord | None:
    """A chain record from its id and metadata; None when the id is not one of the chain's."""
    generation = generation_of(record_id)
    if generation is None:
        return None
    meta = meta or {}
    try:
        return LeaseRecord(str(meta["owner"]), float(meta["acquired"]), float(meta["expires"]), generation,
                           bool(meta.get("released", False)))
    except (KeyError, TypeError, ValueError):  # not a record this module writes: treat as expired
        return LeaseRecord(str(meta.get("owner", "?")), 0.0, 0.0, generation)


def newest(records: list[LeaseRecord]) -> LeaseRecord | None:
    """The lease: the chain's highest-numbered record (None on an empty chain)."""
    return max(records, key=lambda record: record.generation, default=None)


class LeaseTaken(StoreError):
    """Another build holds the store's lease on the server; `holder` says who and until when, `collection`
    and `server` which index (the fields a UI words the refusal in its own language with)."""

    def __init__(self, message: str, *, holder: LeaseRecord, collection: str = "", server: str = "") -> None:
        super().__init__(message)
        self.holder = holder
        self.collection = collection
        self.server = server


class LeaseLost(StoreError):
    """This build's lease was taken over while it ran (`holder`: by whom, None when it is simply gone); its
    generation is never switched in."""

    def __init__(self, message: str, *, holder: LeaseRecord | None, collection: str = "", server: str = "") -> None:
        super().__init__(message)
        self.holder = holder
        self.collection = collection
        self.server = server


class BuildLease:
    """The lease of one store on its Chroma server, for one build of this process."""

    def __init__(self, location: StoreLocation, seconds: float, renew: bool = True) -> None:
        if not location.chroma_server:
            raise ValueError("a build lease is kept on a Chroma server (store.mode server)")
        if seconds <= 0:
            raise ValueError("the lease must last a positive number of seconds")
        self.location = location
        self.seconds = seconds
        self.owner = f"{socket.gethostname()} pid {os.getpid()} #{secrets.token_hex(4)}"
        self._renew = renew
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._record: LeaseRecord | None = None  # our record in the chain, once acquired
        self._lost: str | None = None  # why the lease is no longer ours, once a renewal found out
        self._lost_to: LeaseRecord | None = None  # who holds it then (None: nobody)

    @property
    def collection_name(self) -> str:
        return f"{self.location.collection}-build-lease"

    # -- Chroma calls (all inside chroma_errors) ---------------------------------------------------
    def _call(self, fn: Any, fix: str = "no build was started") -> Any:
        from index.store import chroma_client, chroma_errors

        client = chroma_client(self.location)
        with chroma_errors(self.location, fix):
            return fn(client)

    def _now(self) -> float:
        """The server's clock: heartbeat() answers its time in nanoseconds."""
        return float(self._call(lambda client: client.heartbeat())) / 1e9

    def _collection(self) -> Any:
        return self._call(lambda client: client.get_or_create_collection(self.collection_name,
                                                                         embedding_function=None))

    def chain(self) -> list[LeaseRecord]:
        """Every record of the lease's chain on the server now (a handful: the holder clears older ones)."""
        got = self._call(lambda _c: self._collection().get(include=["metadatas"]))
        ids, metadatas = got.get("ids") or [], got.get("metadatas") or []
        records = (parse_record(str(i), meta) for i, meta in zip(ids, metadatas, strict=False))
        return [record for record in records if record is not None]

    def read(self) -> LeaseRecord | None:
        """The lease record on the server now (the chain's newest, maybe expired); None when no build holds
        it (no record, or its build gave it back)."""
        current = newest(self.chain())
        return None if current is None or current.released else current

    def _metadata(self, record: LeaseRecord) -> dict[str, Any]:
        return {"owner": record.owner, "acquired": record.acquired, "expires": record.expires,
                "released": record.released}

    def _add(self, record: LeaseRecord) -> None:
        """Insert-if-absent: Chroma leaves an existing record of that id as it is (the first writer wins)."""
        # a one-number vector: Chroma stores records with vectors; this one is never searched
        self._call(lambda _c: self._collection().add(ids=[record_id(record.generation)], embeddings=[[0.0]],
                                                     metadatas=[self._metadata(record)]))

    def _update_own(self, record: LeaseRecord) -> None:
        """Rewrite our own record, by its exact id: only its writer ever changes a record (an update of an id
        the holder has since cleared is a no-op on Chroma, never a new record)."""
        self._call(lambda _c: self._collection().update(ids=[record_id(record.generation)],
                                                        metadatas=[self._metadata(record)]))

    def _clear_below(self, generation: int, chain: list[LeaseRecord]) -> None:
        """The holder deletes the chain's older records by exact id: history and refused machines' leftovers,
        never the newest (a record below the newest can never become the lease again)."""
        old = [record_id(record.generation) for record in chain if record.generation < generation]
        if old:
            try:
                self._call(lambda _c: self._collection().delete(ids=old))
            except StoreError as exc:  # only tidiness: the chain's order does not depend on it
                log.warning("could not clear old build-lease records: %s", exc)

    # -- the lease ----------------------------------------------------------------------------------
    def acquire(self) -> None:
        """Hold the lease, or raise LeaseTaken naming its holder."""
        now = self._now()
        current: LeaseRecord | None = None
        chain: list[LeaseRecord] = []
        for _ in range(_ATTEMPTS):
            now = self._now()
            current = newest(self.chain())
            if current is not None and not current.free(now):
                break  # held (by another build, or already by us)
            if current is not None and not current.released:
                log.warning("taking over the build lease of %s on %s: it expired at %s (its build died?)",
                            current.owner, self.location.chroma_server, _clock(current.expires))
            generation = (current.generation if current is not None else 0) + 1
            self._add(LeaseRecord(self.owner, now, now + self.seconds, generation))
            chain = self.chain()
            current = newest(chain)
            # ours the newest: held. Another's, live: it won this number (or a later one). Another's, free:
            # added after our first read and already given back or expired: look again
            if current is not None and (current.owner == self.owner or not current.free(now)):
                break
        if current is None or current.owner != self.owner:
            holder = current or LeaseRecord("?", now, now)
            raise LeaseTaken(
                f"another index build is writing the index {self.location.collection!r} on the Chroma server at "
                f"{self.location.chroma_server}: {holder.describe()}. Nothing was changed; build again when it "
                f"has finished (or after {_clock(holder.expires)}, if that build died).", holder=holder,
                collection=self.location.collection, server=self.location.chroma_server)
        self._record = current
        self._clear_below(current.generation, chain)
        self._lost = None
        if self._renew:
            self._stop.clear()
            self._thread = threading.Thread(target=self._renewing, name="build-lease", daemon=True)
            self._thread.start()

    def _still_ours(self) -> LeaseRecord | None:
        """Our record while it is the chain's newest; else None, with why remembered."""
        current = newest(self.chain())
        mine = self._record
        if mine is None or current is None or current.owner != self.owner:
            self._lost = f"held by {current.describe()}" if current and not current.released else \
                "no longer on the server"
            self._lost_to = current if current and not current.released else None
            return None
        return mine

    def renew(self) -> bool:
        """Push the expiry on while the lease is ours; False (and remembered) once it is not."""
        mine = self._still_ours()
        if mine is None:
            return False
        now = self._now()
        # safe without a compare-and-set: renewals come every third of the lease, so no one may take over a
        # lease that is renewed in time; one renewed too late may be taken over by the next number, which
        # the next read of the chain tells (our update touches only our own record)
        self._record = LeaseRecord(self.owner, mine.acquired, now + self.seconds, mine.generation)
        self._update_own(self._record)
        return True

    def _renewing(self) -> None:
        while not self._stop.wait(self.seconds / 3):
            try:
                if not self.renew():
                    log.error("the build lease on %s was lost (%s)", self.location.chroma_server, self._lost)
                    return
            except StoreError as exc:  # the server did not answer this time: try again at the next beat
                log.warning("could not renew the build lease: %s", exc)

    def confirm(self) -> None:
        """Raise StoreError unless the lease is still ours (checked on the server, before the switch)."""
        if self._lost is None:
            self.renew()
        if self._lost is not None:
            raise LeaseLost(f"this build lost its lease on the index {self.location.collection!r} at "
                            f"{self.location.chroma_server} ({self._lost}); the previous generation keeps "
                            "serving. Build again.", holder=self._lost_to, collection=self.location.collection,
                            server=self.location.chroma_server)

    def release(self) -> None:
        """Give the lease back: mark our record released (it stays the chain's newest, keeping the numbers
        going up); a lease already taken over is left to its new holder."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        mine = self._still_ours()
        if mine is not None:
            now = self._now()
            self._update_own(LeaseRecord(self.owner, mine.acquired, now, mine.generation, released=True))
        self._record = None


_held: dict[tuple[str, str], BuildLease] = {}  # (server, collection) -> the lease this process holds


def held(location: StoreLocation) -> BuildLease | None:
    return _held.get((location.chroma_server, location.collection))


@contextmanager
def build_lease(location: StoreLocation, seconds: float) -> Iterator[BuildLease]:
    """Hold the store's lease on its Chroma server for the duration of a build."""
    lease = BuildLease(location, seconds)
    lease.acquire()
    _held[(location.chroma_server, location.collection)] = lease
    try:
        yield lease
    finally:
        _held.pop((location.chroma_server, location.collection), None)
        try:
            lease.release()
        except StoreError as exc:  # the server went away: the lease expires by itself
            log.warning("could not release the build lease (it expires at its time): %s", exc)
