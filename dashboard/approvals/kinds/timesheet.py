"""Timesheets: they wait in ``submitted``, and can also be submitted and reopened."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard.core.lists import ListState
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Member, Page, Timesheet
from dashboard.webwork.resources.timesheets import Timesheets

from ..filters import ApprovalFilterForm, TimesheetFilterForm
from ..flags import Flag, FlagData, timesheet_flags
from .base import FollowUp, Item, Kind, Listing, Lookups, hours, member_name, paging, span


class TimesheetKind(Kind[Timesheet]):
    name, slug, url_name, title = "timesheet", "timesheets", "timesheets", "Timesheets"
    noun, plural, waiting = "timesheet", "timesheets", "submitted"
    row_template = "approvals/_timesheet_row.html"
    verbs = ("approve", "reject", "submit", "unsubmit")
    follow_ups = (FollowUp("unsubmit", "Reopen", "ghost"), FollowUp("submit", "Submit"))
    sortable = frozenset({"period", "member", "hours"})
    default_sort = "-period"
    oldest_first = "period"

    def resource(self, client: WebworkClient) -> Timesheets:
        return client.timesheets

    def list_page(
        self,
        client: WebworkClient,
        filters: Mapping[str, Any],
        *,
        page: int = 1,
        per_page: int = 20,
        refresh: bool = False,
        sort: str = "",
    ) -> Page[Timesheet]:
        # WebWork sorts by period only; member and hours sort the page shown (``read``).
        return client.timesheets.list(
            status=filters.get("status"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
            user_id=filters.get("user_id"),
            order_by="asc" if sort == "period" else "desc",
            page=page,
            per_page=per_page,
            refresh=refresh,
        )

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
        return Lookups()  # a timesheet carries its member's name

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
        page = self.list_page(client, filters, **paging(state))
        sheets = list(page)
        if state.sort_key == "member":
            sheets.sort(key=lambda s: s.member_name.lower(), reverse=state.descending)
        elif state.sort_key == "hours":
            sheets.sort(key=lambda s: s.minutes or 0, reverse=state.descending)
        return Listing(page, [self.item(sheet, refs) for sheet in sheets], {})
