"""Timesheets: they wait in ``submitted``, and can also be submitted and reopened."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.core.cache import cache

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
    hours,
    member_name,
    paging_of,
    span,
)

# Reference: the doc variants call the unsubmitted state `open` (v2) and `pending` (api).
UNSUBMITTED = ("pending", "open")
SORT_ALL_PAGES = 5  # member and hours sort every sheet the filter matches, up to this many reads
WORD_TTL = 24 * 3600


class TimesheetKind(Kind[Timesheet]):
    name, slug, url_name, title = "timesheet", "timesheets", "timesheets", "Timesheets"
    noun, plural, waiting = "timesheet", "timesheets", "submitted"
    row_template = "approvals/_timesheet_row.html"
    review_url_name = "approvals:timesheet_review"

    def review_hint(self, record: Timesheet) -> Hint | None:
        return Hint.of(record.user_id, record.date_from, record.date_to)
    cache_namespace = "timesheets"
    verbs = ("approve", "reject", "submit", "unsubmit")
    follow_ups = (FollowUp("unsubmit", "Reopen", "ghost"), FollowUp("submit", "Submit"))
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

    def read(
        self, client: WebworkClient, filters: Mapping[str, Any], state: ListState, refs: Lookups
    ) -> Listing:
        """Member and hours sort every sheet the filter matches, or (past SORT_ALL_PAGES reads)
        the page shown, which the column then says."""
        by = state.sort_key if state.sort_key in ("member", "hours") else ""
        matching = self._every_matching(client, filters, state) if by else None
        if matching is None:
            page = self.list_page(client, filters, paging_of(state))
            rows = _sorted([self.item(sheet, refs) for sheet in page], by, state.descending)
            return Listing(page, rows, {"sorted_on_page": by})
        rows = _sorted([self.item(sheet, refs) for sheet in matching], by, state.descending)
        start = (state.page - 1) * state.per_page
        shown = rows[start : start + state.per_page]
        last = max(1, -(-len(rows) // state.per_page))
        page = Page(
            tuple(_sheet(item) for item in shown),
            total=matching.total,
            page=state.page,
            per_page=state.per_page,
            last_page=last,
            fetched_at=matching.fetched_at,
        )
        return Listing(page, shown, {"sorted_on_page": ""})

    def _every_matching(
        self, client: WebworkClient, filters: Mapping[str, Any], state: ListState
    ) -> Page[Timesheet] | None:
        def number(n: int) -> Page[Timesheet]:
            return self.list_page(client, filters, Paging(n, PER_PAGE_ALL, refresh=state.refresh))

        first = number(1)
        if first.last_page > SORT_ALL_PAGES:
            return None
        rest = client.gather(*(lambda n=n: number(n) for n in range(2, first.last_page + 1)))
        sheets = [sheet for page in (first, *rest) for sheet in page]
        oldest = min((page.fetched_at for page in (first, *rest)), default=first.fetched_at)
        return Page(tuple(sheets), total=first.total, last_page=1, fetched_at=oldest)


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
