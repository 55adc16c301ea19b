"""What every kind of approval has, and the defaults a kind overrides.

A kind knows its upstream resource and list filters, how to read one item's state right now and
send a verb, how to name an item for people, and which templates and URL names its pages use.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, ClassVar, NamedTuple, Protocol, cast

from django import forms
from django.urls import reverse
from django.utils import timezone

from dashboard.core.lists import ListState
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import LeavePolicy, Member, Page, Project
from dashboard.webwork.resources.base import one_item
from dashboard.webwork.resources.query import Paging
from dashboard.webwork.transport.cache import LIST_TTL, ResponseCache

from ..filters import ApprovalFilterForm
from ..flags import Flag, FlagData
from ..hints import Hint
from .rows import Links, Row

DASH = "\u2013"  # an en dash between the ends of a span
PER_PAGE_ALL = 100
DONE_STATUS = {"approve": "approved", "reject": "rejected", "submit": "submitted"}
DONE_STATUS["unsubmit"] = "pending"


class Record(Protocol):
    """A kind's upstream record: a frozen dataclass with an opaque id and a status."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    @property
    def id(self) -> str: ...
    @property
    def status(self) -> str: ...


class Decisions[R](Protocol):
    """What a kind's resource in the service layer offers (other verbs are methods too)."""

    def get(self, item_id: str, /) -> R: ...
    def approve(self, item_id: str, /) -> str: ...
    def reject(self, item_id: str, reason: str, /) -> str: ...


@dataclass(frozen=True)
class Lookups:
    """The reference data rows and filters name things with (cached upstream reads)."""

    people: Mapping[int, Member] = field(default_factory=dict)
    projects: Mapping[int, Project] = field(default_factory=dict)
    policies: Sequence[LeavePolicy] = ()

    @classmethod
    def of(
        cls,
        members: Iterable[Member] = (),
        projects: Iterable[Project] = (),
        policies: Iterable[LeavePolicy] = (),
    ) -> Lookups:
        return cls({m.id: m for m in members}, {p.id: p for p in projects}, tuple(policies))


@dataclass(frozen=True)
class Item:
    """One item as people see it, in the inbox or in its kind's list."""

    kind: Kind[Any]
    record: Record
    label: str
    member: str
    summary: str
    waiting_since: datetime | None
    flags: Sequence[Flag] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.kind.name}|{self.record.id}|{self.label}"

    @property
    def detail(self) -> str:
        """The label without the member's name, which the row shows on its own."""
        return self.label.split(" · ", 1)[-1]

    @property
    def review_url(self) -> str:
        """The item's review page (its evidence and decisions); empty when its kind has none."""
        if not self.kind.review_url_name:
            return ""
        return reverse(self.kind.review_url_name, args=[self.record.id])

    @property
    def dom_id(self) -> str:
        return f"inbox-{self.kind.name}-{self.record.id}"

    @property
    def reason(self) -> str:
        """Why it was rejected, as WebWork (or the decision just made) has it."""
        return str(getattr(self.record, self.kind.reason_attr, None) or "")

    @property
    def waiting_days(self) -> int | None:
        if self.waiting_since is None:
            return None
        return max(0, (timezone.now() - self.waiting_since).days)


class Listing(NamedTuple):
    """One page of a kind's list: the upstream page, its rows, and what else the page shows."""

    page: Page[Any]
    rows: list[Item]
    context: dict[str, Any]


class Read(NamedTuple):
    """What a list page read from WebWork: its page, and whatever else its rows need."""

    page: Page[Any]
    extra: Mapping[str, Any] = {}


class Reads(NamedTuple):
    """A list page's reads, sent in one round together with the page's reference data, and what
    makes its ``Read`` of their answers (reading on, a second round, only when what was asked
    for turns out not to be enough)."""

    calls: tuple[Callable[[], Any], ...]
    finish: Callable[[Sequence[Any]], Read]


class References(NamedTuple):
    """The reads of a kind's reference data, to send in one round with a page's own reads."""

    calls: tuple[Callable[[], Any], ...]
    finish: Callable[[Sequence[Any]], Lookups]


class FollowUp(NamedTuple):
    """A decision a list row offers beside approve and reject, when the item's state allows it."""

    verb: str
    text: str
    style: str = ""


class Kind[R: Record](ABC):
    name: str  # "timesheet": item keys, audit actions ("timesheet.approve")
    slug: str  # "timesheets": URLs
    url_name: str  # "timesheets": the list's URL name in the approvals namespace
    title: str  # the list page's heading
    noun: str
    plural: str
    waiting: str  # the status an item waits for a decision in
    row_template: str
    review_url_name = ""  # the item's review page in the approvals namespace, if it has one
    cache_namespace = ""  # what the service layer's cache calls its resource
    reason_field = "reason"  # what WebWork calls the rejection text
    reason_label = "Reason"
    reason_attr = "reject_reason"  # where the kind's record keeps the rejection text
    verbs: tuple[str, ...] = ("approve", "reject")
    follow_ups: tuple[FollowUp, ...] = ()
    aside_template = ""  # shown below the list
    details_param = ""  # ``?<param>=<id>`` opens a row's details (htmx: answers them alone)
    checked_first: frozenset[str] = frozenset()  # filters checked against choices before sending
    details_template = ""  # the details' partial (Needs: row, may_decide)
    sortable: frozenset[str] = frozenset()
    default_sort = ""
    oldest_first = ""  # the sort WebWork lists the longest waiting first by
    waiting_attr = ""  # the record's field an item waits since (else ``item`` is asked)

    def __repr__(self) -> str:
        return f"<Kind {self.name}>"

    @property
    def list_url_name(self) -> str:
        return f"approvals:{self.url_name}"

    @property
    def table_template(self) -> str:
        return f"{self.row_template}#table"

    @abstractmethod
    def resource(self, client: WebworkClient) -> Decisions[R]: ...

    @abstractmethod
    def list_page(
        self,
        client: WebworkClient,
        filters: Mapping[str, Any],
        paging: Paging,
    ) -> Page[R]:
        """One page of the list, with the filters this kind's resource understands."""

    @abstractmethod
    def label(self, record: R, people: Mapping[int, Member]) -> str:
        """How an item is named in tables, job results and the audit log."""

    @abstractmethod
    def item(self, record: R, refs: Lookups, flags: Sequence[Flag] = ()) -> Item: ...

    def waiting_since(self, record: R, refs: Lookups) -> datetime | None:
        """What ``item(record).waiting_since`` is, without making the item when it can."""
        if self.waiting_attr:
            return cast(datetime | None, getattr(record, self.waiting_attr))
        return self.item(record, refs).waiting_since

    @abstractmethod
    def filter_form(self, data: Any, refs: Lookups | None) -> ApprovalFilterForm:
        """The list's filters; ``refs=None`` accepts any id (nothing to choose from)."""

    def get(self, client: WebworkClient, item_id: str) -> R:
        """The item's state right now (never from the cache)."""
        return self.resource(client).get(item_id)

    def review_hint(self, record: R) -> Hint | None:
        """The member and dates the item's review link carries, so it reads in one round."""
        return None

    def get_cached(self, client: WebworkClient, item_id: str, *, refresh: bool = False) -> R:
        """The item as its review page shows it: cached like a list, under its resource's
        namespace, so a decision (a write through the client) invalidates it. A list page read
        for this kind (``Paging.keep_items``) has stored each of its items so."""
        store = ResponseCache(client.budget_key, client.workspace_id)
        return store.get_or_fetch(
            self.cache_namespace,
            one_item(item_id),
            lambda: self.get(client, item_id),
            ttl=LIST_TTL,
            refresh=refresh,
        )

    def send(self, client: WebworkClient, verb: str, item_id: str, reason: str = "") -> str:
        """Send ``verb`` for one item; answers WebWork's message."""
        resource = self.resource(client)
        if verb == "reject":
            return resource.reject(item_id, reason)
        message: str = getattr(resource, verb)(item_id)
        return message

    def decided(self, record: R, verb: str, reason: str = "") -> R:
        """The record as WebWork has just agreed to leave it after ``verb``."""
        changes: dict[str, Any] = {"status": DONE_STATUS[verb]}
        if verb == "reject":
            changes[self.reason_attr] = reason
        return replace(record, **changes)

    def can(self, verb: str, status: str) -> bool:
        """Whether WebWork's state machine allows ``verb`` on an item in ``status``."""
        return verb in ("approve", "reject") and status == self.waiting

    def references(self, client: WebworkClient) -> Lookups:
        calls, finish = self.reference_reads(client)
        return finish(client.gather(*calls))

    def reference_reads(self, client: WebworkClient) -> References:
        """The reads of ``references``, for a gather of their own and a page's calls together
        (nested in one call instead, they would go out only once a worker ran that call)."""
        return References((client.members.all,), lambda answers: Lookups.of(answers[0]))

    def label_references(self, client: WebworkClient) -> Lookups:
        """What ``label`` needs (a bulk job names what it collects)."""
        return self.references(client)

    def flags(self, record: R, data: FlagData) -> list[Flag]:
        return []

    def waiting_list(self, client: WebworkClient, *, per_page: int, refresh: bool) -> Page[R]:
        """The items waiting for a decision, the longest waiting first as far as WebWork sorts."""
        filters = {"status": self.waiting}
        paging = Paging(per_page=per_page, refresh=refresh, sort=self.oldest_first)
        return self.list_page(client, filters, paging)

    def reads(self, client: WebworkClient, filters: Mapping[str, Any], state: ListState) -> Reads:
        """The reads of one page of the list (none of them needs the reference data)."""
        return Reads(
            (lambda: self.list_page(client, filters, paging_of(state)),),
            lambda answers: Read(answers[0]),
        )

    def read(self, client: WebworkClient, filters: Mapping[str, Any], state: ListState) -> Read:
        """The reads of ``reads``, sent on their own."""
        reads = self.reads(client, filters, state)
        return reads.finish(client.gather(*reads.calls))

    def listing(self, read: Read, refs: Lookups, state: ListState) -> Listing:
        """The page's rows, named with the reference data."""
        return Listing(read.page, [self.item(record, refs) for record in read.page], {})

    def row(self, item: Item, links: Links) -> Row:
        """What the item's row in this kind's list shows, for its row template to place."""
        return links.row(item)

    def row_item(self, client: WebworkClient, record: R, refs: Lookups) -> Item:
        """The item for its list row again, after a decision."""
        return self.item(record, refs)

    def bulk_filters(self, query: object) -> dict[str, Any]:
        """The upstream filters of "every waiting item matching" a list's filter (its URL query).

        Anything but a query this kind's list makes is a ValidationError, never a wider filter.
        """
        data = plain_query(query)
        form = self.filter_form(data, None)
        if not form.is_valid():
            problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
            raise forms.ValidationError(f"The list's filter was not understood. {problems}")
        return form.filters() | {"status": self.waiting}

    def waiting_items(self, client: WebworkClient, query: object) -> Iterator[tuple[str, str]]:
        """(id, label) of every item matching ``query`` that waits for a decision, all pages."""
        filters = self.bulk_filters(query)
        people = self.label_references(client).people
        number = 1
        while True:
            page = self.list_page(client, filters, Paging(number, PER_PAGE_ALL, refresh=True))
            for record in page:
                if record.status == self.waiting:
                    yield record.id, self.label(record, people)
            if not page.has_next:
                return
            number += 1


def plain_query(query: object) -> dict[str, str]:
    """A list's filter as its URL query says it: names to plain values, nothing nested."""
    if not isinstance(query, Mapping):
        raise forms.ValidationError("The list's filter was not understood.")
    plain: dict[str, str] = {}
    for key, value in query.items():
        if key == "status" or value is None:
            continue
        if not isinstance(key, str) or not isinstance(value, str | int | float):
            raise forms.ValidationError("The list's filter was not understood.")
        plain[key] = str(value)
    return plain


def paging_of(state: ListState) -> Paging:
    # A list page's items are kept for their reviews; the inbox's hundreds are not (pickling
    # each on its own would cost the cold inbox more than the review it saves a call).
    return Paging(
        state.page, state.per_page, refresh=state.refresh, sort=state.sort, keep_items=True
    )


def member_name(user_id: int | None, members: Mapping[int, Member]) -> str:
    member = members.get(user_id) if user_id is not None else None
    if member is None:
        return f"Member {user_id}" if user_id is not None else "Unknown member"
    return f"{member.firstname} {member.lastname}".strip() or member.email


def span(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "?"
    if start == end:
        return start.strftime("%d %b %Y")
    return f"{start.strftime('%d %b')}{DASH}{end.strftime('%d %b %Y')}"


def hours(minutes: int | None) -> str:
    return "" if minutes is None else f"{minutes // 60}:{minutes % 60:02d} h"
