"""A gather's misses take ahead, in one round trip, what each would take on its own before it
sends: its flight's lock (with the look "was it stored meanwhile?") and a budget slot.

On its own, a read that misses takes its lock, then a slot, then sends: two round trips to
Redis, and a gather's workers make theirs one after another, each also waiting for the others
to let go of the interpreter. Taken ahead, each worker sends at once.

- ``flight.noting_misses()``: a gather's first try (``answered_here``) names the flight of each
  read it could not answer.
- ``taking_ahead(misses, budget, key, priority)``: for the block (the gathered calls), each such
  read leads its flight with the lock taken for it, and the first requests of ``key`` at
  ``priority`` pace with the slots taken for them (``used_ahead``) while they are fresh.
- Slots beyond the locks taken (another process leads that flight) are given back at once; what
  no read or request used when the block ends (a call that failed first, a value stored
  meanwhile) is let go of and given back then. A request after a 429 uses none (``stop_ahead``).
- Only on Redis: without it, locks and slots cost no round trip. If Redis fails, every read and
  request takes its own, as it would have.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import RedisError

from dashboard.webwork.transport.budget import EPSILON, Budget, Priority, RedisBudget
from dashboard.webwork.transport.flight import (
    Miss,
    RedisFlights,
    TakenAhead,
    flights_for,
    holding_ahead,
)

log = logging.getLogger(__name__)

# A slot counts from when it was taken: used much later, WebWork would count the request later
# than the budget did. The budget's slack (half a second) covers this much.
FRESH_SECONDS = 0.2


@dataclass
class _Slots:
    """Budget slots taken ahead for one identity and priority: the calls' ids, not yet used."""

    budget: Budget
    key: str
    priority: Priority
    calls: list[str]
    taken_at: float = field(default_factory=time.monotonic)
    stopped: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def use(self, budget: Budget, key: str, priority: Priority) -> bool:
        if budget is not self.budget or key != self.key or priority != self.priority:
            return False
        with self.lock:
            if self.stopped or not self.calls:
                return False
            if time.monotonic() - self.taken_at > FRESH_SECONDS:
                return False
            self.calls.pop()
            return True

    def stop(self) -> None:
        with self.lock:
            self.stopped = True

    def left(self) -> list[str]:
        with self.lock:
            calls, self.calls = self.calls, []
            return calls


_slots: ContextVar[_Slots | None] = ContextVar("webwork_ahead_slots", default=None)


def used_ahead(budget: Budget, key: str, priority: Priority) -> bool:
    """Whether a request of ``key`` at ``priority`` may go on a slot taken ahead (now used)."""
    slots = _slots.get()
    return slots is not None and slots.use(budget, key, priority)


def stop_ahead() -> None:
    """WebWork asked to slow down: no request of this block goes on a slot taken before."""
    slots = _slots.get()
    if slots is not None:
        slots.stop()


@contextmanager
def taking_ahead(
    misses: Sequence[Miss], budget: Budget, key: str, priority: Priority
) -> Iterator[None]:
    """Locks for ``misses`` and a slot for each of them, taken in one round trip (see above)."""
    flights = _redis_flights(misses)
    if flights is None:
        yield
        return
    taken, slots = _take(flights, misses, budget, key, priority)
    token = _slots.set(slots)
    try:
        with holding_ahead(taken):
            yield
    finally:
        _slots.reset(token)
        _let_go(flights, list(taken.values()), slots)


def _redis_flights(misses: Sequence[Miss]) -> RedisFlights | None:
    """The flights of the misses' cache, if it is Redis and there is one cache among them."""
    aliases = {miss.alias for miss in misses}
    if len(aliases) != 1:
        return None
    flights = flights_for(aliases.pop())
    return flights if isinstance(flights, RedisFlights) else None


def _take(
    flights: RedisFlights, misses: Sequence[Miss], budget: Budget, key: str, priority: Priority
) -> tuple[dict[tuple[str, str], TakenAhead], _Slots | None]:
    pipe = flights.client.pipeline(transaction=False)
    reads = [flights.queue_take(pipe, miss.key, miss.also) for miss in misses]
    calls: list[str | None] = []
    if isinstance(budget, RedisBudget) and budget.shares(flights.client):
        calls = [budget.queue_acquire(pipe, key, priority) for _ in misses]
    try:
        answers = iter(pipe.execute(raise_on_error=False))
    except RedisError:
        log.warning("single flight: Redis unavailable; each read takes its own lock")
        return {}, None
    taken: dict[tuple[str, str], TakenAhead] = {}
    for miss, read in zip(misses, reads, strict=True):
        lock = read(answers)
        if lock is not None:
            taken[miss.alias, miss.key] = lock
    granted = [call for call in calls if call is not None and _granted(next(answers))]
    if not isinstance(budget, RedisBudget) or not granted:
        return taken, None
    slots = _Slots(budget, key, priority, granted[: len(taken)])
    if len(granted) > len(taken):  # flights another process leads: their slots go back now
        _let_go(flights, [], _Slots(budget, key, priority, granted[len(taken) :]))
    return taken, slots


def _granted(answer: Any) -> bool:
    if not isinstance(answer, list | tuple) or len(answer) != 2:
        return False  # an error (the script not loaded yet): the request asks for itself
    return float(answer[0]) <= EPSILON


def _let_go(flights: RedisFlights, taken: list[TakenAhead], slots: _Slots | None) -> None:
    """Let go of the locks no read led with and give back the slots no request used."""
    calls = slots.left() if slots is not None else []
    if not taken and not calls:
        return
    pipe = flights.client.pipeline(transaction=False)
    for lock in taken:
        flights.queue_let_go(pipe, lock)
    if slots is not None and isinstance(slots.budget, RedisBudget):
        slots.budget.queue_give_back(pipe, slots.key, calls)
    try:
        pipe.execute(raise_on_error=False)
    except RedisError:
        log.warning("locks or budget slots taken ahead could not be let go (they expire)")
