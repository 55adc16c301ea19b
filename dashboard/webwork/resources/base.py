"""What resource modules build on: typed reads, cached lists, writes that invalidate the cache.

``workspace_id`` goes in the query of every call, and also in the JSON body of every write.
Reference: the two doc variants disagree on where it belongs (NOTES.md recommends both).

This is the boundary where answers become records: whatever goes wrong while parsing them
(``PARSE_ERRORS``) is WebWork answering badly, so it is raised as ``WebworkUnavailable``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings

from dashboard.webwork.errors import WebworkInvalid, WebworkNotFound, WebworkUnavailable
from dashboard.webwork.records.pages import Envelope, Page, fetch_all_pages, page_from
from dashboard.webwork.records.parsing import Json, Malformed
from dashboard.webwork.transport.ahead import taking_ahead
from dashboard.webwork.transport.answer import Answer
from dashboard.webwork.transport.budget import Priority
from dashboard.webwork.transport.cache import (
    FLIGHT_WAIT,
    LIST_TTL,
    REFERENCE_TTL,
    NotCached,
    ResponseCache,
    StaleReads,
    answered_here,
    look_up_together,
    looked_up,
    naming_keys,
    naming_now,
)
from dashboard.webwork.transport.flight import noting_misses
from dashboard.webwork.transport.gather import gather
from dashboard.webwork.transport.session import Session

Params = Mapping[str, Any]
MAX_PER_PAGE = 100
PARSE_ERRORS = (Malformed, ValueError, TypeError, RecursionError, OverflowError)


def segment(value: str | int) -> str:
    """An opaque id as one path segment: escaped, so that no id can reach another path."""
    text = str(value)
    if text in ("", ".", ".."):
        raise WebworkNotFound(f"There is no WebWork item with the id {text!r}.")
    return quote(text, safe="")


def _encode(value: Any) -> Any:
    """Query values: lists as comma-separated ids (the docs accept that form), dates in ISO."""
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(str(_encode(v)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    return value


@dataclass(frozen=True)
class Saved[T]:
    """What a create or update answered: the record (if WebWork sent one) and its message."""

    item: T
    message: str


def one_item(item_id: object) -> dict[str, str]:
    """The cache's name, within a resource's namespace, for the read of one of its items."""
    return {"one_item": str(item_id)}


def _items(page: Page[Any]) -> Iterator[tuple[dict[str, str], Any]]:
    """A page's items, each as the read of that one item (those with an id)."""
    for item in page:
        item_id = getattr(item, "id", None)
        if item_id is not None and item_id != "":
            yield one_item(item_id), item


def data_object(envelope: Envelope) -> Json:
    """The envelope's ``data`` as an object (a malformed answer otherwise)."""
    if not isinstance(envelope.data, Mapping):
        raise Malformed("an object was expected in `data`")
    return envelope.data


@dataclass(frozen=True)
class Api:
    """Requests for one identity in one workspace, with the client's priority and cache mode.

    ``stale`` collects the reads a page was answered from their last good copies; derived
    views (``fresh()``, ``background()``) share it, as they share the session.
    """

    session: Session
    workspace_id: int | None
    cache: ResponseCache
    priority: Priority = "interactive"
    read_cache: bool = True
    stale: StaleReads = field(default_factory=StaleReads)

    def derive(self, **changes: Any) -> Api:
        return replace(self, **changes)

    def get[T](
        self, path: str, params: Params, parse: Callable[[Envelope], T], *, workspace: bool = True
    ) -> T:
        """GET ``path`` and parse the envelope (a malformed payload is WebworkUnavailable)."""
        envelope = self._request("GET", path, params, None, workspace)
        return self._parse("GET", path, parse, envelope)

    def one[T](self, path: str, item: Callable[[Json], T], params: Params | None = None) -> T:
        return self.get(path, params or {}, lambda env: item(data_object(env)))

    def page[T](
        self, path: str, params: Params, item: Callable[[Json], T], *, workspace: bool = True
    ) -> Page[T]:
        per_page = int(params.get("per_page") or 20)
        most = int(settings.WEBWORK_MAX_PAGE_ITEMS)

        def parse(envelope: Envelope) -> Page[T]:
            return page_from(envelope, item, per_page=per_page, max_items=most)

        return self.get(path, params, parse, workspace=workspace)

    def first[T](self, path: str, params: Params, item: Callable[[Json], T]) -> T:
        """The one item a filtered list answers (uncached); none is WebworkNotFound."""
        found = self.page(path, {**params, "per_page": 1}, item)
        if not found.items:
            raise WebworkNotFound(
                "WebWork has no such item in this workspace.", method="GET", path=path
            )
        return found.items[0]

    def list_page[T](
        self,
        namespace: str,
        path: str,
        params: Params,
        item: Callable[[Json], T],
        *,
        workspace: bool = True,
        refresh: bool = False,
        keep_items: bool = False,
    ) -> Page[T]:
        """One page of a list, cached for LIST_TTL; with ``keep_items``, each of its items too,
        as the read of that one item (``one_item(item.id)`` in ``namespace``)."""
        return self.cached(
            namespace,
            {"path": path, **params},
            lambda: self.page(path, params, item, workspace=workspace),
            refresh=refresh,
            each=_items if keep_items else None,
        )

    def all_pages[T](
        self,
        namespace: str,
        path: str,
        params: Params,
        item: Callable[[Json], T],
        *,
        workspace: bool = True,
        refresh: bool = False,
        ttl: int = REFERENCE_TTL,
    ) -> Page[T]:
        """Every item of a list (pages 2.. fetched concurrently), cached for ``ttl`` seconds."""

        def fetch(number: int) -> Page[T]:
            query = {**params, "page": number, "per_page": MAX_PER_PAGE}
            return self.page(path, query, item, workspace=workspace)

        def fetch_all() -> Page[T]:
            with answers_of("GET", path):
                return fetch_all_pages(fetch, self.gather, max_pages=settings.WEBWORK_MAX_PAGES)

        return self.cached(
            namespace, {"path": path, "all": True, **params}, fetch_all, ttl=ttl, refresh=refresh
        )

    def gather(self, *calls: Callable[[], Any]) -> tuple[Any, ...]:
        """Run ``calls`` concurrently, within this identity's share of the worker threads.

        Each call is first tried here from the cache alone (``answered_here``): on a warm page
        every one of them is answered so, and only those that would fetch go to the workers.
        Before that, each call's first read names what it would look up (``naming_keys``), and
        those looks are made in one round trip; the flights' locks and budget slots of those
        that would fetch are taken in one more (``taking_ahead``).
        """
        if len(calls) <= 1:
            return gather(*calls, key=self.session.budget_key)
        if naming_now():
            raise NotCached  # naming the keys of an outer gather's calls: this one comes later
        answers: dict[int, Any] = {}
        with looked_up():  # what the first try looked up, the workers do not look up again
            with naming_keys() as wanted:  # each call's first read names what it looks up
                for call in calls:
                    with suppress(Exception):
                        call()
            look_up_together(wanted)  # one round trip for all of them
            with answered_here(), noting_misses() as misses:
                for index, call in enumerate(calls):
                    with suppress(Exception):  # NotCached, or a failure the concurrent run raises
                        answers[index] = call()
            rest = [index for index in range(len(calls)) if index not in answers]
            key = self.session.budget_key
            with taking_ahead(misses, self.session.budget, key, self.priority):
                found = gather(*(calls[index] for index in rest), key=key)
        answers.update(zip(rest, found, strict=True))
        return tuple(answers[index] for index in range(len(calls)))

    def cached[T](
        self,
        namespace: str,
        params: Params,
        fetch: Callable[[], T],
        ttl: int = LIST_TTL,
        *,
        refresh: bool = False,
        each: Callable[[T], Iterable[tuple[Mapping[str, Any], Any]]] | None = None,
    ) -> T:
        """``fetch()`` through the cache; ``refresh`` (or a ``fresh()`` client) skips reading it.
        ``each``: other reads the fetched value answers, stored with it (``get_or_fetch``).

        A page's read falls back to the last good copy (noted in ``stale``) when WebWork does
        not answer usefully or the budget would keep the page waiting; a job's never does.
        """
        page = self.session.serves_a_page
        return self.cache.get_or_fetch(
            namespace,
            params,
            fetch,
            ttl=ttl,
            refresh=refresh or not self.read_cache,
            stale=self.stale if page else None,
            wait=min(FLIGHT_WAIT, self.session.deadline.remaining()),
            each=each,
        )

    def write[T](
        self,
        method: str,
        path: str,
        body: Params,
        parse: Callable[[Envelope], T],
        *,
        touches: tuple[str, ...],
    ) -> T:
        """A write; the cache of every resource it ``touches`` is invalidated, even on failure."""
        try:
            envelope = self._request(method, path, {}, body, True)
        finally:
            self.cache.invalidate(*touches)
        return self._parse(method, path, parse, envelope)

    def action(self, method: str, path: str, body: Params, *, touches: tuple[str, ...]) -> str:
        """An action (approve, archive, ...): answers WebWork's message for the user."""
        return self.write(method, path, body, lambda env: env.message, touches=touches)

    def created[T](
        self,
        method: str,
        path: str,
        body: Params,
        item: Callable[[Json], T],
        *,
        touches: tuple[str, ...],
    ) -> T:
        return self.write(method, path, body, lambda env: item(data_object(env)), touches=touches)

    def saved[T](
        self,
        method: str,
        path: str,
        body: Params,
        parse: Callable[[Envelope], T],
        *,
        touches: tuple[str, ...],
    ) -> Saved[T]:
        """A create or update that answers the record and WebWork's message for the user."""
        return self.write(
            method, path, body, lambda env: Saved(parse(env), env.message), touches=touches
        )

    def raw_get(self, path: str, params: Params, *, workspace: bool = True) -> Answer:
        """GET ``path`` past the cache, its 2xx answer unparsed: for diagnostics, not pages."""
        query = {k: _encode(v) for k, v in params.items() if v is not None}
        if workspace:
            query["workspace_id"] = self._workspace("GET", path)
        return self.session.read_answer(path, params=query, priority=self.priority)

    def _request(
        self, method: str, path: str, params: Params, body: Params | None, workspace: bool
    ) -> Envelope:
        query = {k: _encode(v) for k, v in params.items() if v is not None}
        json_body = None
        if workspace:
            query["workspace_id"] = self._workspace(method, path)
        if method != "GET":
            json_body = {k: _json_value(v) for k, v in (body or {}).items() if v is not None}
            if workspace:
                json_body = {"workspace_id": query["workspace_id"], **json_body}
        return self.session.request(
            method, path, params=query, body=json_body, priority=self.priority
        )

    def _workspace(self, method: str, path: str) -> int:
        if self.workspace_id is None:
            raise WebworkInvalid("Choose a WebWork workspace first.", method=method, path=path)
        return self.workspace_id

    @staticmethod
    def _parse[T](method: str, path: str, parse: Callable[[Envelope], T], envelope: Envelope) -> T:
        with answers_of(method, path):
            return parse(envelope)


@contextmanager
def answers_of(method: str, path: str) -> Iterator[None]:
    """Within the block, an answer that cannot be parsed is ``WebworkUnavailable``."""
    try:
        yield
    except PARSE_ERRORS as exc:
        detail = str(exc) if isinstance(exc, Malformed) else "it could not be read"
        raise WebworkUnavailable(
            f"WebWork's answer was malformed: {detail}.", method=method, path=path
        ) from exc


class Resource:
    """Base of the resource modules: each method is one upstream operation."""

    def __init__(self, api: Api) -> None:
        self._api = api
