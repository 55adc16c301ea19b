"""What waits for one user's decision, read from WebWork: every workspace their connection
reaches where their role may decide, three list calls in each (one page of each kind).

The lists are read from the service layer's resources directly, as the inbox reads them: each
kind's waiting status, timesheets oldest period first. Leave and time requests carry only a
member id, and reading the members would cost a fourth call: they are named from the members
list if the cache has it (a page read it lately), else from the timesheets just read, else by
their id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dashboard.core import connections
from dashboard.core.roles import Role
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkAuthError, WebworkError
from dashboard.webwork.records import Leave, Page, TimeRequest, Timesheet, Workspace
from dashboard.webwork.resources.query import Paging

PER_KIND = 100  # the most WebWork gives on one page: the count is the list's total all the same
# Reference: time requests need both ends of a date range in the OAuth2 variant (NOTES.md).
REQUESTS_BACK, REQUESTS_AHEAD = timedelta(days=365), timedelta(days=90)
DASH = "\u2013"


@dataclass(frozen=True)
class Kind:
    name: str  # "timesheet": alert keys and the audit summary
    plural: str  # "timesheets"
    review_url_name: str
    list_url_name: str


TIMESHEETS = Kind("timesheet", "timesheets", "approvals:timesheet_review", "approvals:timesheets")
LEAVE = Kind("leave", "leave requests", "approvals:leave_review", "approvals:leaves")
TIME_REQUESTS = Kind(
    "time_request", "time requests", "approvals:time_request_review", "approvals:time_requests"
)
KINDS = (TIMESHEETS, LEAVE, TIME_REQUESTS)


@dataclass(frozen=True)
class Item:
    """One item waiting for a decision, as a digest or an alert names it."""

    kind: Kind
    id: str
    what: str
    since: datetime | None
    workspace_id: int
    workspace_name: str

    def waited(self, now: datetime) -> timedelta | None:
        return None if self.since is None else max(now - self.since, timedelta(0))

    @property
    def review_path(self) -> str:
        """The item's review page, behind sign-in (its kind's list if the id makes no path)."""
        try:
            return reverse(self.kind.review_url_name, args=[self.id])
        except NoReverseMatch:
            return reverse(self.kind.list_url_name)


@dataclass(frozen=True)
class KindWaiting:
    kind: Kind
    total: int  # WebWork's count of everything waiting, beyond the page read too
    items: tuple[Item, ...]  # the page read, longest waiting first

    def oldest(self, count: int) -> tuple[Item, ...]:
        return self.items[:count]


@dataclass(frozen=True)
class WorkspaceWaiting:
    workspace_id: int
    name: str
    kinds: tuple[KindWaiting, ...]

    @property
    def total(self) -> int:
        return sum(k.total for k in self.kinds)

    @property
    def items(self) -> list[Item]:
        return [item for kind in self.kinds for item in kind.items]


@dataclass(frozen=True)
class Unread:
    """A workspace WebWork did not answer for, and what it said."""

    workspace_id: int
    name: str
    message: str


@dataclass(frozen=True)
class Collected:
    workspaces: tuple[WorkspaceWaiting, ...]
    unread: tuple[Unread, ...]

    @property
    def total(self) -> int:
        return sum(w.total for w in self.workspaces)

    @property
    def items(self) -> list[Item]:
        return [item for w in self.workspaces for item in w.items]

    def count(self, kind: Kind) -> int:
        return sum(k.total for w in self.workspaces for k in w.kinds if k.kind == kind)


ClientFor = Callable[[AbstractBaseUser, int | None], WebworkClient]


def background_client(user: AbstractBaseUser, workspace_id: int | None) -> WebworkClient:
    """The user's WebWork at background priority (paced, leaving a reserve for their pages)."""
    return connections.client_for(user, workspace_id).background()


def decidable(workspaces: Page[Workspace]) -> list[Workspace]:
    """The workspaces where the role may decide on timesheets, leave and time requests."""
    return [w for w in workspaces if Role(w.role).can_decide]


def collect(user: AbstractBaseUser, client_for: ClientFor = background_client) -> Collected:
    """What waits in every workspace the user may decide in. ``WebworkAuthError`` when the
    connection is gone or broken; a workspace WebWork does not answer for is ``unread``."""
    workspaces = decidable(client_for(user, None).workspaces.list())
    read: list[WorkspaceWaiting] = []
    unread: list[Unread] = []
    for workspace in workspaces:
        try:
            read.append(read_workspace(client_for(user, workspace.id), workspace))
        except WebworkAuthError:
            raise
        except WebworkError as exc:
            unread.append(Unread(workspace.id, workspace.name, exc.message))
    return Collected(tuple(read), tuple(unread))


def read_workspace(client: WebworkClient, workspace: Workspace) -> WorkspaceWaiting:
    """One page of each kind's waiting list: three calls, made together."""
    today = timezone.localdate()
    paging = Paging(per_page=PER_KIND)
    sheets, leaves, requests = client.gather(
        lambda: client.timesheets.list(status="submitted", order_by="asc", paging=paging),
        lambda: client.leaves.list(status="pending", paging=paging),
        lambda: client.time_requests.list(
            status="pending",
            date_from=today - REQUESTS_BACK,
            date_to=today + REQUESTS_AHEAD,
            paging=paging,
        ),
    )
    place = (workspace.id, workspace.name)
    names = _names(client, sheets)
    return WorkspaceWaiting(
        workspace.id,
        workspace.name,
        (
            _kind(TIMESHEETS, sheets, lambda s: _sheet(s, place, names), "submitted"),
            _kind(LEAVE, leaves, lambda leave: _leave(leave, place, names), "pending"),
            _kind(TIME_REQUESTS, requests, lambda r: _request(r, place, names), "pending"),
        ),
    )


def _names(client: WebworkClient, sheets: Page[Timesheet]) -> dict[int, str]:
    """Members' names at no upstream cost: the cached members list, and the sheets' own."""
    names = {s.user_id: s.member_name for s in sheets if s.user_id is not None and s.member_name}
    members = client.if_cached(client.members.all)
    for member in members or ():
        if member.name:
            names[member.id] = member.name
    return names


def _kind(kind: Kind, page: Page[Any], item: Callable[[Any], Item], status: str) -> KindWaiting:
    items = [item(record) for record in page if record.status == status]
    far_future = datetime.max.replace(tzinfo=UTC)
    items.sort(key=lambda i: i.since or far_future)
    return KindWaiting(kind, max(page.total, len(items)), tuple(items))


def _sheet(sheet: Timesheet, place: tuple[int, str], names: dict[int, str]) -> Item:
    who = sheet.member_name or _member(sheet.user_id, names)
    parts = [who, _span(sheet.date_from, sheet.date_to)]
    if sheet.minutes is not None:
        parts.append(f"{sheet.minutes // 60}:{sheet.minutes % 60:02d} h")
    return Item(TIMESHEETS, sheet.id, " · ".join(parts), sheet.submitted_on, *place)


def _leave(leave: Leave, place: tuple[int, str], names: dict[int, str]) -> Item:
    parts = [_member(leave.user_id, names), leave.policy_name or "Leave"]
    parts.append(_span(leave.start_date, leave.end_date))
    if leave.days is not None:
        parts.append(f"{leave.days:g} day{'' if leave.days == 1 else 's'}")
    return Item(LEAVE, leave.id, " · ".join(parts), leave.created_on, *place)


def _request(request: TimeRequest, place: tuple[int, str], names: dict[int, str]) -> Item:
    when = "?"
    if request.start is not None:
        when = f"{request.start:%d %b %Y %H:%M}"
        if request.end is not None:
            when += f"{DASH}{request.end:%H:%M}"
    parts = [_member(request.user_id, names), "Manual time", when]
    if request.minutes is not None:
        parts.append(f"{request.minutes // 60}:{request.minutes % 60:02d} h")
    return Item(TIME_REQUESTS, request.id, " · ".join(parts), request.created_at, *place)


def _member(user_id: int | None, names: dict[int, str]) -> str:
    if user_id is None:
        return "A member"
    return names.get(user_id) or f"Member #{user_id}"


def _span(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "?"
    if start == end:
        return f"{start:%d %b %Y}"
    return f"{start:%d %b}{DASH}{end:%d %b %Y}"
