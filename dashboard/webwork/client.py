"""WebworkClient: the dashboard's only way to talk to WebWork's REST API v2.

For view authors
----------------
Middleware puts a client for the signed-in user's connection and active workspace on
``request.webwork``. Resources are attributes; each method is one upstream operation and answers
typed records from ``dashboard.webwork.records`` (never JSON, never the envelope)::

    page = request.webwork.viewers.list(email=form.cleaned_data["email"], paging=Paging(2))
    for viewer in page:                     # Page[Viewer]: items, total, page, per_page,
        ...                                 # last_page, has_next, fetched_at, message
    message = request.webwork.timesheets.approve(timesheet_id)   # actions answer WebWork's message

Resources: ``workspaces``, ``members``, ``projects``, ``viewers``, ``contracts``, ``timesheets``,
``time_requests``, ``leaves``, ``reports``, ``webhooks``, ``tasks``, ``time_entries``,
``time_tracking``, ``expenses``. ``members.all()``, ``projects.all()``,
``viewers.all()``, ``contracts.all()``, ``leaves.policies()`` and ``workspaces.list()`` fetch every
page (pages 2.. concurrently). Reports answer a ``Report`` (raw ``rows`` plus typed helpers such as
``tracked_hours()``); ranges over 31 days are split and fetched concurrently.

Concurrency: independent calls of one page run together, results in order; if any fails, the
first error is raised once all have finished::

    viewers, projects = request.webwork.gather(
        lambda: request.webwork.viewers.all(), lambda: request.webwork.projects.all()
    )

Errors (``dashboard.webwork.errors``; the upstream-error middleware renders them, so most views
need not catch anything): ``WebworkUnavailable`` (timeouts, connection errors, 5xx, malformed
answers; a timed-out *write* says its outcome is unknown), ``WebworkAuthError`` (401 after one
token refresh: reconnect), ``WebworkForbidden`` (403), ``WebworkNotFound`` (404),
``WebworkInvalid`` (400/422, with ``field_errors`` for forms), ``WebworkRateLimited`` (429 or
budget exhausted, with ``retry_after`` seconds).

Caching and freshness (see ``transport.cache``): reference data is cached for 5 minutes,
lists and reports for 30 seconds, per user and workspace; the user's own writes invalidate what
they touch; concurrent misses of one entry share one upstream call. Every ``Page``/``Report`` has
``fetched_at`` for an "as of HH:MM" note. For a refresh control, pass ``refresh=True`` to a
cached read (any ``list``/``all``/report method), or read a whole page through
``client.fresh()``; both skip the cache and store what they fetch. ``client.if_cached(call)``
answers ``call()`` from the cache alone, or None where it would cost an upstream call.

Last good data: a page's cached read that WebWork does not answer in time (or with a 5xx, or
that the budget would keep waiting more than a couple of seconds) answers the last good copy
(kept for a day) instead of raising; ``client.served_stale`` lists those reads, which core turns
into a banner with their age. Without a copy the error is raised as usual.

Priority and the rate budget (see ``transport.budget``): WebWork allows about 60 requests
a minute per user in a sliding minute, and the budget counts the same way. An interactive
request goes at once while the minute has room, and never waits more than a few seconds (it
raises ``WebworkRateLimited`` instead); a page's client spends at most ``WEBWORK_PAGE_DEADLINE``
on WebWork in all. Bulk jobs use ``client.background()``: they wait longer, and leave a reserve
of the minute to the user's pages while the user is browsing. ``client.remaining()`` tells how
many requests may go right now.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, overload

import httpx

from dashboard.webwork.auth import TokenSource
from dashboard.webwork.resources.base import Api
from dashboard.webwork.resources.contracts import Contracts
from dashboard.webwork.resources.expenses import Expenses
from dashboard.webwork.resources.leaves import Leaves
from dashboard.webwork.resources.members import Members
from dashboard.webwork.resources.projects import Projects
from dashboard.webwork.resources.reports import Reports
from dashboard.webwork.resources.tasks import Tasks
from dashboard.webwork.resources.time_entries import TimeEntries
from dashboard.webwork.resources.time_requests import TimeRequests
from dashboard.webwork.resources.time_tracking import TimeTracking
from dashboard.webwork.resources.timesheets import Timesheets
from dashboard.webwork.resources.viewers import Viewers
from dashboard.webwork.resources.webhooks import Webhooks
from dashboard.webwork.resources.workspaces import Workspaces
from dashboard.webwork.transport.answer import Answer
from dashboard.webwork.transport.budget import Budget, Priority, default_budget
from dashboard.webwork.transport.cache import NotCached, ResponseCache, StaleRead, answered_here
from dashboard.webwork.transport.http import shared_http
from dashboard.webwork.transport.retry import DEFAULT_RETRY, RetryPolicy
from dashboard.webwork.transport.session import Session, TokenState


class WebworkClient:
    """WebWork for one identity (``tokens``) in one workspace. Cheap: build one per request.

    ``http`` defaults to the process's pooled client; ``retry`` and ``budget`` are injectable
    (tests pass a recording sleep and a budget on a fake clock). A client serves one page: all
    its calls share one deadline (``WEBWORK_PAGE_DEADLINE``) from its creation, and its cached
    reads fall back to their last good copies; ``for_page=False`` is a bulk job's client, with
    neither (and it tries a read that timed out again).
    """

    def __init__(
        self,
        tokens: TokenSource,
        workspace_id: int | None,
        *,
        http: httpx.Client | None = None,
        priority: Priority = "interactive",
        retry: RetryPolicy | None = None,
        budget: Budget | None = None,
        cache_alias: str = "default",
        for_page: bool = True,
    ) -> None:
        session = (Session.for_page if for_page else Session)(
            TokenState(tokens),
            http or shared_http(),
            budget or default_budget(),
            retry or DEFAULT_RETRY,
        )
        cache = ResponseCache(tokens.budget_key, workspace_id, cache_alias)
        self._api = Api(session, workspace_id, cache, priority=priority)

    def __repr__(self) -> str:
        api = self._api
        return f"<WebworkClient workspace={api.workspace_id} priority={api.priority}>"

    @property
    def workspace_id(self) -> int | None:
        return self._api.workspace_id

    @property
    def priority(self) -> Priority:
        return self._api.priority

    @property
    def budget_key(self) -> str:
        return self._api.session.budget_key

    def fresh(self) -> WebworkClient:
        """The same client, reading past the cache (for a "refresh" control)."""
        return self._derive(read_cache=False)

    def background(self) -> WebworkClient:
        """The same client at background priority (bulk jobs): waits longer, leaves a reserve."""
        return self._derive(priority="background")

    def remaining(self) -> int:
        """How many requests this identity may send right now without waiting."""
        return self._api.session.budget.remaining(self.budget_key)

    @property
    def served_stale(self) -> tuple[StaleRead, ...]:
        """The reads of this page answered from their last good copies, oldest first."""
        return tuple(sorted(self._api.stale.all(), key=lambda read: read.fetched_at))

    def raw_get(self, path: str, params: Mapping[str, Any], *, workspace: bool = True) -> Answer:
        """GET ``path`` as WebWork answers it (status, headers, bytes): for ``webwork_check``."""
        return self._api.raw_get(path, params, workspace=workspace)

    @overload
    def gather[A, B](self, a: Callable[[], A], b: Callable[[], B], /) -> tuple[A, B]: ...
    @overload
    def gather[A, B, C](
        self, a: Callable[[], A], b: Callable[[], B], c: Callable[[], C], /
    ) -> tuple[A, B, C]: ...
    @overload
    def gather(self, *calls: Callable[[], Any]) -> tuple[Any, ...]: ...
    def gather(self, *calls: Callable[[], Any]) -> tuple[Any, ...]:
        """Run independent calls concurrently; results in order; the first error is raised."""
        self._api.session.tokens.current()  # resolve the token once, in the calling thread
        return self._api.gather(*calls)

    def if_cached[T](self, call: Callable[[], T]) -> T | None:
        """``call()`` answered from the cache alone, or None if that would cost an upstream call
        (for names a page or a job may do without)."""
        try:
            with answered_here():
                return call()
        except NotCached:
            return None

    def _derive(self, **changes: Any) -> WebworkClient:
        clone = copy.copy(self)
        clone._api = self._api.derive(**changes)
        return clone

    @property
    def workspaces(self) -> Workspaces:
        return Workspaces(self._api)

    @property
    def members(self) -> Members:
        return Members(self._api)

    @property
    def projects(self) -> Projects:
        return Projects(self._api)

    @property
    def viewers(self) -> Viewers:
        return Viewers(self._api)

    @property
    def contracts(self) -> Contracts:
        return Contracts(self._api)

    @property
    def timesheets(self) -> Timesheets:
        return Timesheets(self._api)

    @property
    def time_requests(self) -> TimeRequests:
        return TimeRequests(self._api)

    @property
    def leaves(self) -> Leaves:
        return Leaves(self._api)

    @property
    def reports(self) -> Reports:
        return Reports(self._api)

    @property
    def webhooks(self) -> Webhooks:
        return Webhooks(self._api)

    @property
    def tasks(self) -> Tasks:
        return Tasks(self._api)

    @property
    def time_entries(self) -> TimeEntries:
        return TimeEntries(self._api)

    @property
    def time_tracking(self) -> TimeTracking:
        return TimeTracking(self._api)

    @property
    def expenses(self) -> Expenses:
        return Expenses(self._api)
