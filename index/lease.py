"""The build lease of a store on a Chroma server: one index build at a time across machines.

The local build lock (index.store.build_lock, a file lock) serialises builds on one machine only; two
machines building into the same server collection would both write generation N+1 and switch the pointer
in turn. In server mode a build therefore first takes a lease kept on the server itself: one record (id
"lease") in the small collection `<collection>-build-lease`, whose metadata names the holder (host, process,
a random token) and when the lease runs out. Chroma gives no compare-and-set, but two calls it makes atomic
are enough: `add` of an id that exists leaves the existing record (the first writer wins, read back to know
who), and `delete` with a `where` on the metadata removes a record only while it is still the one that was
read. So:

- acquire: add our record; read it back; ours -> held. Someone else's, unexpired -> LeaseTaken naming them.
  Expired (its holder died) -> delete exactly that record, add ours, read back: of two machines taking over
  the same stale lease, one wins and the other is told who holds it.
- while held: a thread renews the expiry every third of the lease's length, so a live build never looks
  stale however long it runs; before the pointer switch the build confirms the lease is still its own
  (a holder stalled past expiry may have been taken over: its generation is then never switched in).
- release: delete the record while it is ours.

Expiry is measured on the server's clock (its heartbeat), so clock differences between machines do not
matter. Chroma calls stay in index/ and their failures arrive as StoreError (index.store.chroma_errors).
"""

from __future__ import annotations

import logging
import os
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

_ID = "lease"
_ATTEMPTS = 5  # rounds of acquire while a takeover by another machine is half done


@dataclass(frozen=True)
class LeaseRecord:
    owner: str  # "<host> pid <pid> #<token>": who to ask, and unique per acquisition
    acquired: float  # server time, seconds since the epoch
    expires: float

    def describe(self) -> str:
        return (f"{self.owner}, since {_clock(self.acquired)}, lease until {_clock(self.expires)} "
                "(renewed while that build runs)")

    @property
    def since(self) -> str:
        return _clock(self.acquired)

    @property
    def until(self) -> str:
        return _clock(self.expires)


def _clock(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))


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

    def read(self) -> LeaseRecord | None:
        """The lease record on the server now; None when no build holds it."""
        got = self._call(lambda _c: self._collection().get(ids=[_ID], include=["metadatas"]))
        metadatas = got.get("metadatas") or []
        if not got.get("ids") or not metadatas or not metadatas[0]:
            return None
        meta = metadatas[0]
        try:
            return LeaseRecord(str(meta["owner"]), float(meta["acquired"]), float(meta["expires"]))
        except (KeyError, TypeError, ValueError):  # not a record this module writes: treat as expired
            return LeaseRecord(str(meta.get("owner", "?")), 0.0, 0.0)

    def _add(self, now: float) -> None:
        record = {"owner": self.owner, "acquired": now, "expires": now + self.seconds}
        # a one-number vector: Chroma stores records with vectors; this one is never searched
        self._call(lambda _c: self._collection().add(ids=[_ID], embeddings=[[0.0]], metadatas=[record]))

    def _delete(self, record: LeaseRecord) -> None:
        """Delete the lease record only while it is still `record` (a conditional delete on the server)."""
        where = {"$and": [{"owner": record.owner}, {"expires": record.expires}]}
        self._call(lambda _c: self._collection().delete(ids=[_ID], where=where))

    # -- the lease ----------------------------------------------------------------------------------
    def acquire(self) -> None:
        """Hold the lease, or raise LeaseTaken naming its holder."""
        for _ in range(_ATTEMPTS):
            now = self._now()
            current = self.read()
            if current is not None and current.expires <= now:
                log.warning("taking over the build lease of %s on %s: it expired at %s (its build died?)",
                            current.owner, self.location.chroma_server, _clock(current.expires))
                self._delete(current)
                current = None
            if current is None:
                self._add(now)
                current = self.read()
            # none read back: our add met the expired record another machine deleted just after; that
            # machine's takeover is under way, so look again to learn who holds the lease (or take it)
            if current is not None:
                break
        if current is None or current.owner != self.owner:
            holder = current or LeaseRecord("?", now, now)
            raise LeaseTaken(
                f"another index build is writing the index {self.location.collection!r} on the Chroma server at "
                f"{self.location.chroma_server}: {holder.describe()}. Nothing was changed; build again when it "
                f"has finished (or after {_clock(holder.expires)}, if that build died).", holder=holder,
                collection=self.location.collection, server=self.location.chroma_server)
        self._lost = None
        if self._renew:
            self._stop.clear()
            self._thread = threading.Thread(target=self._renewing, name="build-lease", daemon=True)
            self._thread.start()

    def renew(self) -> bool:
        """Push the expiry on while the lease is ours; False (and remembered) once it is not."""
        current = self.read()
        if current is None or current.owner != self.owner:
            self._lost = f"held by {current.describe()}" if current else "no longer on the server"
            self._lost_to = current
            return False
        now = self._now()
        # safe without a compare-and-set: renewals come every third of the lease, so no one may take over a
        # lease that is renewed in time; one renewed too late was already lost, which the read above tells
        self._call(lambda _c: self._collection().update(
            ids=[_ID], metadatas=[{"owner": self.owner, "acquired": current.acquired,
                                   "expires": now + self.seconds}]))
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
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        current = self.read()
        if current is not None and current.owner == self.owner:
            self._delete(current)


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
