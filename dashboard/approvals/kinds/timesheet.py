"""Timesheets: they wait in ``submitted``, and can also be submitted and reopened."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.core.cache import cache
from django.utils.safestring import SafeString

from dashboard.core.lists import ListState
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records import Member, Page, Timesheet
from dashboard.webwork.resources.query import Paging
from dashboard.webwork.resources.timesheets import Timesheets

from ..filters import ApprovalFilterForm, TimesheetFilterForm
from ..flags import Flag, FlagData, timesheet_flags
from ..hints import Hint
from .base import (
    PER_PAGE_ALL,
    FollowUp,
    Item,
    Kind,
    Listing,
    Lookups,
    Read,
    Reads,
    hours,
    member_name,
    paging_of,
    span,
)
from .paging import EveryPage
from .rows import Links, Row, between, capfirst, clock, esc, formatted, money, time_tag

# Reference: the doc variants call the unsubmitted state `open` (v2) and `pending` (api).
UNSUBMITTED = ("pending", "open")
SORT_ALL_PAGES = 5  # member and hours sort every sheet the filter matches, up to this many reads
WORD_TTL = 24 * 3600


class TimesheetKind(Kind[Timesheet]):
    name, slug, url_name, title = "timesheet", "timesheets", "timesheets", "Timesheets"
    noun, plural, waiting = "timesheet", "timesheets", "submitted"
    row_template = "approvals/_timesheet_row.html"
    waiting_attr = "submitted_on"
    review_url_name = "approvals:timesheet_review"

    def review_hint(self, record: Timesheet) -> Hint | None:
        return Hint.of(record.user_id, record.date_from, record.date_to)

    cache_namespace = "timesheets"
    verbs = ("approve", "reject", "submit", "unsubmit")
    follow_ups = (FollowUp("unsubmit", "Reopen", "ghost"), FollowUp("submit", "Submit"))
    details_param, details_template = "days", "approvals/_timesheet_row.html#days"
    sortable = frozenset({"period", "member", "hours"})
    default_sort = "-period"
    oldest_first = "period"
    aside_template = "approvals/_missing_link.html"  # the chase list: who has not submitted

    def resource(self, client: WebworkClient) -> Timesheets:
        return client.timesheets

    def list_page(
        self,
        client: WebworkClient,
        filters: Mapping[str, Any],
        paging: Paging,
    ) -> Page[Timesheet]:
        # WebWork sorts by period only; member and hours are sorted here (``read``).
        status = filters.get("status")
        if status in UNSUBMITTED:
            status = _unsubmitted_word(client)

        def fetch(status: str | None) -> Page[Timesheet]:
            return client.timesheets.list(
                status=status,
                date_from=filters.get("date_from"),
                date_to=filters.get("date_to"),
                user_id=filters.get("user_id"),
                order_by="asc" if paging.sort == "period" else "desc",
                paging=paging,
            )

        try:
            found = fetch(status)
        except WebworkInvalid as exc:
            if status not in UNSUBMITTED or not _about_status(exc):
                raise
            status = UNSUBMITTED[1 - UNSUBMITTED.index(status)]
            found = fetch(status)
            _remember_word(client, status)
        for sheet in found:  # the records say which word this server uses
            if sheet.raw_status in UNSUBMITTED:
                _remember_word(client, sheet.raw_status)
                break
        return found

    def can(self, verb: str, status: str) -> bool:
        if verb == "submit":
            return status in ("pending", "rejected")
        if verb == "unsubmit":
            return status == "submitted"
        return super().can(verb, status)

    def label(self, record: Timesheet, people: Mapping[int, Member]) -> str:
        name = record.member_name or member_name(record.user_id, people)
        return f"{name} · {span(record.date_from, record.date_to)}"

    def label_references(self, client: WebworkClient) -> Lookups:
        # A sheet in the api variant carries its member's name; only the v2 shape needs the list.
        return Lookups(people=_PeopleWhenAsked(client))

    def item(self, record: Timesheet, refs: Lookups, flags: Sequence[Flag] = ()) -> Item:
        tracked = hours(record.minutes)
        return Item(
            self,
            record,
            self.label(record, refs.people),
            record.member_name or member_name(record.user_id, refs.people),
            f"Timesheet, {tracked}" if tracked else "Timesheet",
            record.submitted_on,
            flags,
        )

    def flags(self, record: Timesheet, data: FlagData) -> list[Flag]:
        return timesheet_flags(record, data)

    def filter_form(self, data: Any, refs: Lookups | None) -> ApprovalFilterForm:
        return TimesheetFilterForm(data, members=None if refs is None else refs.people.values())

    def reads(self, client: WebworkClient, filters: Mapping[str, Any], state: ListState) -> Reads:
        """Member and hours sort every sheet the filter matches (all its pages in one round), or
        (past SORT_ALL_PAGES pages) the page shown, which the column then says."""
        by = state.sort_key if state.sort_key in ("member", "hours") else ""

        def shown() -> Page[Timesheet]:
            return self.list_page(client, filters, paging_of(state))

        if not by:
            return Reads((shown,), lambda answers: Read(answers[0]))
        every = EveryPage(
            client,
            _filter_name(filters),
            lambda n: self.list_page(
                client, filters, Paging(n, PER_PAGE_ALL, refresh=state.refresh)
            ),
        )
        if every.known > SORT_ALL_PAGES:

            def on_its_page(answers: Sequence[Any]) -> Read:
                every.remember(max(1, -(-answers[0].total // PER_PAGE_ALL)))
                return Read(answers[0], {"by": by, "on_page": True})

            return Reads((shown,), on_its_page)

        def every_matching(answers: Sequence[Any]) -> Read:
            if answers[0].last_page > SORT_ALL_PAGES:
                every.remember(answers[0].last_page)
                return Read(shown(), {"by": by, "on_page": True})
            pages = every.finish(answers)
            sheets = tuple(sheet for page in pages for sheet in page)
            oldest = min(page.fetched_at for page in pages)
            return Read(
                Page(sheets, total=pages[0].total, last_page=1, fetched_at=oldest), {"by": by}
            )

        return Reads(every.calls(), every_matching)

    def listing(self, read: Read, refs: Lookups, state: ListState) -> Listing:
        by = read.extra.get("by", "")
        rows = _sorted([self.item(sheet, refs) for sheet in read.page], by, state.descending)
        if not by or read.extra.get("on_page"):
            return Listing(read.page, rows, {"sorted_on_page": by})
        start = (state.page - 1) * state.per_page
        shown = rows[start : start + state.per_page]
        last = max(1, -(-len(rows) // state.per_page))
        page = Page(
            tuple(_sheet(item) for item in shown),
            total=read.page.total,
            page=state.page,
            per_page=state.per_page,
            last_page=last,
            fetched_at=read.page.fetched_at,
        )
        return Listing(page, shown, {"sorted_on_page": ""})

    def row(self, item: Item, links: Links) -> Row:
        sheet = _sheet(item)
        found = links.row(item)
        found |= {
            "name": f"Timesheet: {item.label}, {sheet.status}",
            "period": between(
                time_tag(sheet.date_from, "%d %b"), time_tag(sheet.date_to, "%d %b %Y")
            ),
            "hours": clock(sheet.minutes),
            "amount": money(sheet.amounts) or "\u2014",
            "status_text": "Open" if sheet.status == "pending" else capfirst(sheet.status),
            "reject_reason": sheet.reject_reason or "",
            "submitted": time_tag(sheet.submitted_on, "%d %b %H:%M") or "\u2014",
            "projects": _projects(sheet),
            "days_url": links.opening(item) if sheet.days else "",
            "days": _days(sheet) if links.opened == sheet.id else None,
        }
        return found


def _days(sheet: Timesheet) -> list[tuple[str, str, str, str]]:
    """The daily breakdown's rows: day, project, hours and amount, as the table shows them."""
    return [
        (
            formatted(day.date, "%a %d %b"),
            day.project_name or "No project",
            clock(day.minutes),
            money(day.amounts) or "\u2014",
        )
        for day in sheet.days
    ]


def _projects(sheet: Timesheet) -> SafeString:
    """The projects the sheet's time is on, each isolated for direction."""
    names = dict.fromkeys(day.project_name or "No project" for day in sheet.days)
    return SafeString(", ".join(f"<bdi>{esc(name)}</bdi>" for name in names))


def _filter_name(filters: Mapping[str, Any]) -> str:
    return "timesheets:" + json.dumps(dict(filters), sort_keys=True, default=str)


class _PeopleWhenAsked(Mapping[int, Member]):
    """The members list, read the first time a name is looked up in it."""

    def __init__(self, client: WebworkClient) -> None:
        self._client = client
        self._people: dict[int, Member] | None = None

    def _read(self) -> dict[int, Member]:
        if self._people is None:
            self._people = {m.id: m for m in self._client.members.all()}
        return self._people

    def __getitem__(self, key: int) -> Member:
        return self._read()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def _sorted(rows: list[Item], by: str, descending: bool) -> list[Item]:
    if by == "member":
        return sorted(rows, key=lambda item: item.member.casefold(), reverse=descending)
    if by == "hours":
        return sorted(rows, key=lambda item: _sheet(item).minutes or 0, reverse=descending)
    return rows


def _sheet(item: Item) -> Timesheet:
    assert isinstance(item.record, Timesheet)
    return item.record


def _word_key(client: WebworkClient) -> str:
    return f"approvals:unsubmitted-word:{client.budget_key}:{client.workspace_id}"


def _unsubmitted_word(client: WebworkClient) -> str:
    word = cache.get(_word_key(client))
    return word if word in UNSUBMITTED else UNSUBMITTED[0]


def _remember_word(client: WebworkClient, word: str) -> None:
    if cache.get(_word_key(client)) != word:
        cache.set(_word_key(client), word, WORD_TTL)


def _about_status(exc: WebworkInvalid) -> bool:
    return "status" in exc.field_errors or "status" in exc.message.casefold()
