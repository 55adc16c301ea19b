"""Short-lived caching of upstream reads, per WebWork identity and workspace.

Why: WebWork allows about 60 requests a minute per user, so a page view should cost at most one
upstream call in steady state.

- Reference data (workspaces, members, projects, leave policies: the ``all()`` methods) is kept
  for ``REFERENCE_TTL`` (5 minutes); lists and reports for ``LIST_TTL`` (30 seconds).
- Keys include the identity's ``budget_key`` (hashed) and the workspace: no entry is ever shared
  between users.
- Each (identity, workspace, resource) has a namespace token; a write through the client replaces
  the token of every resource it touches, which orphans their entries at once (they then expire).
- Each (workspace, resource) also has a generation that every identity's keys include:
  ``invalidate_workspace`` replaces it when WebWork announces a change (a verified webhook), which
  orphans that resource's entries for every user of the workspace, none of them shared.
- Values are ``Page`` or ``Report`` records carrying ``fetched_at``, so pages can say "as of HH:MM".
- ``refresh=True`` on a cached read, or every read of a ``WebworkClient.fresh()`` client, skips
  reading the cache (a "refresh" control); what it fetches is stored for the next reader.
- Concurrent misses of one key share one upstream call (``transport.flight``: in the process,
  and through Redis across processes), each reader waiting at most ``wait`` seconds.
- A read's one round trip fetches small values only: the token, the generation and the name of
  the stored value's edition. Each process keeps the last ``HELD`` values it read or stored
  (``_Held``), so a warm read unpickles nothing; another edition is read and kept.
- A miss then takes the flight's lock with a second look at the edition (one round trip), and
  stores the value, its edition and the last good copy in one transaction, pickled once.
- ``naming_keys()``: while it holds, a read only names what it would look up and raises
  ``NotCached``; a gather runs its calls that way first, and ``look_up_together`` makes all of
  their looks in one round trip, kept (``looked_up()``) for the reads that follow.
- ``answered_here()``: while it holds, a read the cache cannot answer raises ``NotCached`` at once,
  as does any upstream request (``Session`` asks ``must_not_fetch``). A gather runs its calls
  that way first in the calling thread: a warm page's reads are cheaper than handing each of
  them to a worker thread, and only the calls that missed go to the workers.
- The last good answer of each read is also kept for ``STALE_TTL`` (24 hours), per identity and
  workspace like every entry (never shared between users), but outside the namespace token and
  generation: it is the last thing WebWork said, even if a write or a webhook has made it out of
  date since (a bulk job invalidates its lists with every item). A page's read (``stale`` given)
  falls back to it only when WebWork does not answer usefully or the budget would keep the page
  waiting longer than ``STALE_AFTER`` seconds, and says so in ``stale`` (the page shows its
  age); without a copy the error is raised as usual.

Entries live in Django's default cache (Redis in production, so every process shares them).
A cache failure is logged and treated as a miss: the page still works, just without the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from dashboard.webwork.errors import WebworkRateLimited, WebworkUnavailable
from dashboard.webwork.records.pages import now
from dashboard.webwork.transport.backend import backend, raw_redis
from dashboard.webwork.transport.deadline import impatient
from dashboard.webwork.transport.flight import NOT_READ, flights_for, let_go_with, note_miss

log = logging.getLogger(__name__)

REFERENCE_TTL = 300
LIST_TTL = 30
STALE_TTL = 24 * 3600
STALE_AFTER = 2.0
FLIGHT_WAIT = 15.0
HELD = 256  # values each process keeps unpickled (see ``_Held``)
_MISSING = object()
# Failures after which a page shows its last good data: WebWork not answering usefully
# (timeouts, 5xx, malformed answers), or the budget (ours or WebWork's 429) used up for now.
PASSING = (WebworkUnavailable, WebworkRateLimited)


_answered_here: ContextVar[bool] = ContextVar("webwork_cache_answered_here", default=False)
_looked: ContextVar[dict[str, dict[str, Any]] | None] = ContextVar("webwork_looked", default=None)
# What each read would look up first: (cache alias, value key, the keys of its look, and of
# those its namespace's marks: token and generation, started when there are none).
Wanted = list[tuple[str, str, list[str], list[str]]]
_wanted: ContextVar[Wanted | None] = ContextVar("webwork_wanted", default=None)


class NotCached(Exception):
    """A read under ``answered_here()`` that the cache could not answer."""


@contextmanager
def answered_here() -> Iterator[None]:
    """Within it, reads are answered from the cache or raise ``NotCached`` (never fetched)."""
    token = _answered_here.set(True)
    try:
        yield
    finally:
        _answered_here.reset(token)


@contextmanager
def looked_up() -> Iterator[None]:
    """Within it, what a read looked up under ``answered_here()`` is not looked up again when
    the same read then fetches (in this context or a copy of it, as a gathered call runs)."""
    token = _looked.set({})
    try:
        yield
    finally:
        _looked.reset(token)


@contextmanager
def naming_keys() -> Iterator[Wanted]:
    """Within it, a read only names the keys it would look up, and raises ``NotCached``; so
    does any other upstream request. ``look_up_together`` then looks them all up at once."""
    wanted: Wanted = []
    token, here = _wanted.set(wanted), _answered_here.set(True)
    try:
        yield wanted
    finally:
        _answered_here.reset(here)
        _wanted.reset(token)


def naming_now() -> bool:
    """Whether reads only name their keys here (``naming_keys``)."""
    return _wanted.get() is not None


def look_up_together(wanted: Wanted) -> None:
    """One round trip per cache for the looks of every read in ``wanted``, kept (within
    ``looked_up()``) for those reads to use instead of looking up themselves."""
    looked = _looked.get()
    if looked is None or not wanted:
        return
    by_alias: dict[str, set[str]] = {}
    for alias, _, keys, _ in wanted:
        by_alias.setdefault(alias, set()).update(keys)
    found: dict[str, dict[str, Any]] = {}
    for alias, names in by_alias.items():
        try:
            found[alias] = backend(alias).get_many(sorted(names))
        except Exception:
            log.warning("webwork cache: get_many failed; continuing without the cache")
            return
    for alias in by_alias:  # the namespaces never used yet, started all at once too
        marks = {m for a, _, _, ms in wanted if a == alias for m in ms if m not in found[alias]}
        found[alias] |= _started(alias, sorted(marks))
    for alias, value_key, keys, _ in wanted:
        looked.setdefault(value_key, {k: found[alias][k] for k in keys if k in found[alias]})


def must_not_fetch() -> None:
    """Raise ``NotCached`` if an upstream request is about to be made under ``answered_here()``."""
    if _answered_here.get():
        raise NotCached


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _started(alias: str, keys: list[str]) -> dict[str, Any]:
    """Namespace tokens or workspace generations there were none of, started (or as another
    reader started them just before): in one round trip on Redis."""
    if not keys:
        return {}
    redis = raw_redis(alias)
    if redis is None:
        for key in keys:
            _call(alias, "add", key, uuid.uuid4().hex, None)
        return _call(alias, "get_many", keys, default={})
    try:
        pipe = redis.client.pipeline(transaction=False)
        for key in keys:
            pipe.set(redis.key(key), redis.dumps(uuid.uuid4().hex), nx=True)
        for key in keys:
            pipe.get(redis.key(key))
        answers = pipe.execute()[len(keys) :]
        return {k: redis.loads(v) for k, v in zip(keys, answers, strict=True) if v is not None}
    except Exception:
        log.warning("webwork cache: starting a namespace failed; continuing without the cache")
        return {}


def _call(alias: str, operation: str, *args: Any, default: Any = None) -> Any:
    """``operation`` of the cache ``alias``; ``default`` (logged) when the cache fails."""
    try:
        return getattr(backend(alias), operation)(*args)
    except Exception:
        log.warning("webwork cache: %s failed; continuing without the cache", operation)
        return default


@dataclass(frozen=True)
class Kept:
    """The last good answer of a read, when it was fetched, and by which flight."""

    value: Any
    fetched_at: datetime
    flight: str = ""


@dataclass(frozen=True)
class StaleRead:
    """A read answered from its last good copy: why, and when fresh data may come."""

    namespace: str
    fetched_at: datetime
    reason: Literal["budget", "unavailable"]
    message: str
    retry_after: float | None = None


class StaleReads:
    """What one page was answered from last good copies (its gathered calls included)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reads: list[StaleRead] = []

    def add(self, read: StaleRead) -> None:
        with self._lock:
            self._reads.append(read)

    def all(self) -> tuple[StaleRead, ...]:
        with self._lock:
            return tuple(self._reads)


class ResponseCache:
    """Cached reads and namespace invalidation for one identity in one workspace."""

    def __init__(self, budget_key: str, workspace_id: int | None, alias: str = "default") -> None:
        self._scope = f"webwork:{_digest(budget_key)}:{workspace_id if workspace_id else '-'}"
        self._alias = alias
        self._workspace_id = workspace_id

    def get_or_fetch[T](
        self,
        namespace: str,
        params: Mapping[str, Any],
        fetch: Callable[[], T],
        *,
        ttl: int = LIST_TTL,
        refresh: bool = False,
        stale: StaleReads | None = None,
        wait: float = FLIGHT_WAIT,
        each: Callable[[T], Iterable[tuple[Mapping[str, Any], Any]]] | None = None,
    ) -> T:
        """The cached value for ``params`` in ``namespace``, or ``fetch()`` stored for ``ttl`` s.

        Concurrent misses share one ``fetch()`` (waiting at most ``wait`` s for another's).
        With ``stale``, a passing failure answers the last good copy, noted in ``stale``.
        ``each(value)`` names other reads of ``namespace`` that a fetched value answers (the
        items of a page, each the read of its own): they are stored with it, for as long.
        """
        digest = _digest(params)
        value_key = self._value_key(namespace, digest)
        edition_key = f"{value_key}:edition"
        kept_key = f"{self._scope}:{namespace}:kept:{digest}"
        kept_at_key = f"{kept_key}:at"
        marks = [self._token_key(namespace), _generation_key(self._workspace_id, namespace)]
        # One round trip of small values: the namespace's token and generation, which edition
        # of the value is stored (this process may hold that one already), and when the last
        # good copy was kept. A gather's first try here has made it already (``_looked``).
        looks = [*marks, *([] if refresh else [edition_key]), *([kept_at_key] if stale else [])]
        naming = _wanted.get()
        if naming is not None:
            if not refresh:
                naming.append((self._alias, value_key, looks, marks))
            raise NotCached
        looked = _looked.get()
        found = None if looked is None or refresh else looked.pop(value_key, None)
        if found is None:
            found = self._call("get_many", looks, default={})
        found.update(_started(self._alias, [key for key in marks if found.get(key) is None]))
        if looked is not None and _answered_here.get():
            looked[value_key] = found
        stamp = ".".join(str(found.get(key) or "0") for key in marks)
        key = f"{self._scope}:{namespace}:{stamp}:{digest}"  # what one flight fetches
        if not refresh:
            cached = self._edition(value_key, found.get(edition_key), stamp)
            if cached is not _MISSING:
                return cached
        if _answered_here.get():
            note_miss(self._alias, key, None if refresh else edition_key)  # see transport.ahead
        must_not_fetch()
        has_copy = stale is not None and isinstance(found.get(kept_at_key), tuple)

        def lead(flight: str, edition: Any) -> T:
            if not refresh:  # another reader may have stored it since this one missed
                if edition is NOT_READ:
                    edition = self._call("get", edition_key)
                cached = self._edition(value_key, edition, stamp)
                if cached is not _MISSING:
                    return cached
            with impatient(STALE_AFTER) if has_copy else nullcontext():
                value = fetch()
            edition = f"{stamp}|{uuid.uuid4().hex}"
            also = (
                [] if each is None else [self._also(namespace, stamp, p, v) for p, v in each(value)]
            )
            self._store(value_key, edition_key, kept_key, (edition, value), ttl, flight, also)
            _held.put(value_key, edition, value)
            return value

        def peek(flight: str) -> tuple[bool, Any]:
            at = self._call("get", kept_at_key)
            if not isinstance(at, tuple) or at[1] != flight:
                return False, None
            found = self._kept(kept_key)
            return (True, found.value) if found and found.flight == flight else (False, None)

        also = None if refresh else edition_key
        try:
            return flights_for(self._alias).run(key, lead, wait=wait, peek=peek, also=also)
        except PASSING as exc:
            kept = self._kept(kept_key) if has_copy and stale is not None else None
            if kept is None or stale is None:
                raise
            stale.add(_stale_read(namespace, kept, exc))
            log.info("webwork cache: %s answered from its copy of %s", namespace, kept.fetched_at)
            return kept.value

    def invalidate(self, *namespaces: str) -> None:
        """Orphan every entry of these resources (called after each write, even a failed one)."""
        for namespace in namespaces:
            self._call("set", self._token_key(namespace), uuid.uuid4().hex, None)

    def _store(
        self,
        key: str,
        edition_key: str,
        kept_key: str,
        stamped: tuple[str, Any],
        ttl: int,
        flight: str,
        also: Sequence[tuple[str, tuple[str, Any]]] = (),
    ) -> None:
        """The value, the name of its edition, and the last good copy with when and by which
        flight it was kept, in one operation: no reader finds one without the others (a reader
        in another process waits for the copy, ``peek``). The copy is the value's own bytes.
        ``also``: other reads' values (key and stamped value) stored with it. The flight's lock
        is let go of in the same transaction (``let_go_with``)."""
        at = (now(), flight)
        others: dict[str, Any] = {}
        for other_key, other in also:
            others |= {other_key: other, f"{other_key}:edition": other[0]}
        redis = raw_redis(self._alias)
        if redis is None:
            self._call("set_many", {kept_key: stamped, f"{kept_key}:at": at}, STALE_TTL)
            self._call("set_many", {key: stamped, edition_key: stamped[0], **others}, ttl)
            return
        try:
            pickled, dumps = redis.dumps(stamped), redis.dumps
            pipe = redis.client.pipeline(transaction=True)
            pipe.set(redis.key(kept_key), pickled, ex=STALE_TTL)
            pipe.set(redis.key(f"{kept_key}:at"), dumps(at), ex=STALE_TTL)
            pipe.set(redis.key(key), pickled, ex=ttl)
            pipe.set(redis.key(edition_key), dumps(stamped[0]), ex=ttl)
            for name, value in others.items():
                pipe.set(redis.key(name), dumps(value), ex=ttl)
            let_go = let_go_with(pipe, flight)  # the flight's lock, in the same round trip
            pipe.execute()
            if let_go is not None:
                let_go()
        except Exception:
            log.warning("webwork cache: storing failed; continuing without the cache")

    def _also(
        self, namespace: str, stamp: str, params: Mapping[str, Any], value: Any
    ) -> tuple[str, tuple[str, Any]]:
        """Another read of ``namespace`` answered by a fetched value: its key and stamped value
        (an edition of its own under the same stamp, so a write to the namespace orphans it)."""
        return self._value_key(namespace, _digest(params)), (f"{stamp}|{uuid.uuid4().hex}", value)

    def _kept(self, kept_key: str) -> Kept | None:
        """The last good copy, read with when (and by which flight) it was kept."""
        found = self._call("get_many", [kept_key, f"{kept_key}:at"], default={})
        stamped, at = found.get(kept_key), found.get(f"{kept_key}:at")
        if not isinstance(stamped, tuple) or len(stamped) != 2 or not isinstance(at, tuple):
            return None
        return Kept(stamped[1], at[0], at[1])

    def _edition(self, value_key: str, edition: Any, stamp: str) -> Any:
        """The value of ``edition`` if it was stored under ``stamp`` (a write or a webhook since
        has replaced the token or the generation, which leaves the entry behind): this
        process's copy of it, else read (and kept)."""
        if not isinstance(edition, str) or not edition.startswith(f"{stamp}|"):
            return _MISSING
        held = _held.get(value_key, edition)
        if held is not _MISSING:
            return held
        stored = self._call("get", value_key)
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != edition:
            return _MISSING
        if stored[1] is None:
            return _MISSING
        _held.put(value_key, edition, stored[1])
        return stored[1]

    def _value_key(self, namespace: str, digest: str) -> str:
        return f"{self._scope}:{namespace}:value:{digest}"

    def _token_key(self, namespace: str) -> str:
        return f"{self._scope}:{namespace}:ns"

    def _call(self, operation: str, *args: Any, default: Any = None) -> Any:
        return _call(self._alias, operation, *args, default=default)


class _Held:
    """The values this process read or stored last, by key and edition (values are records:
    frozen, never changed in place, so every reader may share one). An edition is one store of
    a value; a reader uses its copy only when the cache names that edition as current."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._values: OrderedDict[str, tuple[str, Any]] = OrderedDict()

    def get(self, key: str, edition: str) -> Any:
        with self._lock:
            found = self._values.get(key)
            if found is None or found[0] != edition:
                return _MISSING
            self._values.move_to_end(key)
            return found[1]

    def put(self, key: str, edition: str, value: Any) -> None:
        with self._lock:
            self._values[key] = (edition, value)
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)


_held = _Held(HELD)


def _stale_read(namespace: str, kept: Kept, exc: Exception) -> StaleRead:
    """What the page says of the copy: its records' own ``fetched_at`` where they have one."""
    fetched_at = getattr(kept.value, "fetched_at", None)
    if not isinstance(fetched_at, datetime):
        fetched_at = kept.fetched_at
    if isinstance(exc, WebworkRateLimited):
        return StaleRead(namespace, fetched_at, "budget", str(exc), exc.retry_after)
    return StaleRead(namespace, fetched_at, "unavailable", str(exc))


def _generation_key(workspace_id: int | None, namespace: str) -> str:
    return f"webwork:workspace:{workspace_id if workspace_id else '-'}:{namespace}:generation"


def invalidate_workspace(workspace_id: int, *namespaces: str, alias: str = "default") -> None:
    """Orphan these resources' entries in ``workspace_id`` for every identity at once.

    For changes the dashboard learns of from WebWork itself (a verified webhook delivery), not
    through one user's write. A cache failure is raised, not swallowed: the caller must know that
    nothing was invalidated.
    """
    cache = backend(alias)
    for namespace in namespaces:
        cache.set(_generation_key(workspace_id, namespace), uuid.uuid4().hex, None)
