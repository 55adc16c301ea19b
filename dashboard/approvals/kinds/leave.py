"""Leave requests: they wait in ``pending``; each row shows the balance left this year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import timezone

from dashboard.core.lists import ListState
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Leave, LeaveBalance, Member, Page
from dashboard.webwork.resources.leaves import Leaves
from dashboard.webwork.resources.query import Paging

from ..filters import ApprovalFilterForm, LeaveFilterForm
from ..flags import Flag
from ..hints import Hint
from .balance import before_after, parse_amount
from .base import (
    Item,
    Kind,
    Listing,
    Lookups,
    Read,
    Reads,
    References,
    member_name,
    paging_of,
    span,
)
from .paging import EveryPage
from .rows import Links, Row, between, capfirst, formatted, time_tag


class LeaveKind(Kind[Leave]):
    name, slug, url_name, title = "leave", "leaves", "leaves", "Leave"
    noun, plural, waiting = "leave request", "leave requests", "pending"
    row_template = "approvals/_leave_row.html"
    waiting_attr = "created_on"
    review_url_name = "approvals:leave_review"

    def review_hint(self, record: Leave) -> Hint | None:
        return Hint.of(record.user_id, record.start_date, record.end_date)

    cache_namespace = "leaves"
    aside_template = "approvals/_leave_row.html#policies"
    # A policy WebWork may not know is never sent: the (tiny, cached) policies are read first.
    checked_first = frozenset({"policy_id"})

    def resource(self, client: WebworkClient) -> Leaves:
        return client.leaves

    def list_page(
        self,
        client: WebworkClient,
        filters: Mapping[str, Any],
        paging: Paging,
    ) -> Page[Leave]:
        return client.leaves.list(
            status=filters.get("status"),
            user_id=filters.get("user_id"),
            policy_id=filters.get("policy_id"),
            is_paid=filters.get("is_paid"),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
            paging=paging,
        )

    def reference_reads(self, client: WebworkClient) -> References:
        return References(
            (client.members.all, client.leaves.policies),
            lambda answers: Lookups.of(answers[0], policies=answers[1]),
        )

    def label_references(self, client: WebworkClient) -> Lookups:
        return Lookups.of(client.members.all())

    def label(self, record: Leave, people: Mapping[int, Member]) -> str:
        policy = record.policy_name or "Leave"
        dates = span(record.start_date, record.end_date)
        return f"{member_name(record.user_id, people)} · {policy} {dates}"

    def item(self, record: Leave, refs: Lookups, flags: Sequence[Flag] = ()) -> Item:
        parts = [record.policy_name or "Leave"]
        if record.days is not None:
            parts.append(f"{record.days:g} day{'s' if record.days != 1 else ''}")
        if record.is_paid is not None:
            parts.append("paid" if record.is_paid else "unpaid")
        return Item(
            self,
            record,
            self.label(record, refs.people),
            member_name(record.user_id, refs.people),
            ", ".join(parts),
            record.created_on,
            flags,
        )

    def filter_form(self, data: Any, refs: Lookups | None) -> ApprovalFilterForm:
        if refs is None:
            return LeaveFilterForm(data, members=None, policies=None)
        return LeaveFilterForm(data, members=refs.people.values(), policies=refs.policies)

    def reads(self, client: WebworkClient, filters: Mapping[str, Any], state: ListState) -> Reads:
        """The page, and every member's balances this year to show beside their requests."""
        year = timezone.localdate().year
        balances = _balances(client, year)

        def finish(answers: Sequence[Any]) -> Read:
            found = _by_member(balances.finish(answers[1:]))
            return Read(answers[0], {"year": year, "balances": found})

        page = (lambda: self.list_page(client, filters, paging_of(state)),)
        return Reads(page + balances.calls(), finish)

    def listing(self, read: Read, refs: Lookups, state: ListState) -> Listing:
        balances, year = read.extra["balances"], read.extra["year"]
        rows = [self._with_balance(record, refs, balances, year) for record in read.page]
        return Listing(read.page, rows, {"year": year, "policies": refs.policies})

    def row_item(self, client: WebworkClient, record: Leave, refs: Lookups) -> Item:
        year = _year_of(record)
        balances = _balances(client, year)
        found = _by_member(balances.finish(client.gather(*balances.calls())))
        return self._with_balance(record, refs, found, year)

    def _with_balance(self, record: Leave, refs: Lookups, balances: Balances, year: int) -> Item:
        """The item with the member's balance in ``year``, if that is the request's own policy
        year (a request in another one is counted there: its review page reads that year), and
        whether approving it leaves the balance below zero."""
        item = self.item(record, refs)
        own = _year_of(record)
        if own != year:
            return replace(item, extra={"balance": "", "other_year": own})
        left = balances.get(record.user_id, {}).get(record.policy_name, "")
        _, after = before_after(record, parse_amount(left))
        below = ""
        if after is not None and after.value < 0:
            approved = record.status == "approved"
            below = f"Below zero: {after}" if approved else f"Below zero if approved: {after}"
        return replace(item, extra={"balance": left, "below_zero": below})

    def row(self, item: Item, links: Links) -> Row:
        leave = item.record
        assert isinstance(leave, Leave)
        found = links.row(item)
        what = f"{item.member}, {leave.policy_name} from {formatted(leave.start_date, '%d %b')}"
        dates = time_tag(leave.start_date, "%d %b %Y")
        if leave.end_date != leave.start_date:
            dates = between(dates, time_tag(leave.end_date, "%d %b %Y"))
        paid = "" if leave.is_paid is None else ("paid" if leave.is_paid else "unpaid")
        found |= {
            "name": f"Leave: {what}, {leave.status}",
            "select": "Select " + what,
            "policy": leave.policy_name or "\u2014",
            "paid": paid,
            "note": leave.note or "",
            "dates": dates,
            "days": "\u2014" if leave.days is None else floatformat(leave.days, "-1"),
            "balance": _balance_text(item),
            "below_zero": item.extra.get("below_zero", ""),
            "status_text": capfirst(leave.status),
            "reject_reason": leave.reject_reason or "",
        }
        return found


def _year_of(record: Leave) -> int:
    """The policy year a request is counted in: its first day's."""
    return (record.start_date or timezone.localdate()).year


def _balance_text(item: Item) -> str:
    other = item.extra.get("other_year")
    if other:
        return f"Counted in {other} (see its review)"
    return item.extra.get("balance") or "\u2014"


Balances = dict[int | None, dict[str, str]]  # member: leave type: what is left
BALANCE_PAGES = 3  # a workspace of up to 60 members has its balances in the page's one round


def _balances(client: WebworkClient, year: int) -> EveryPage[LeaveBalance]:
    """Every member's balances over ``year``: WebWork pages them, 20 members a page (the first
    time, ``BALANCE_PAGES`` pages are asked for at once)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return EveryPage(
        client,
        f"leave-balances:{year}",
        lambda n: client.leaves.balances(start, end, page=n),
        guess=BALANCE_PAGES,
    )


def _by_member(pages: Sequence[Page[LeaveBalance]]) -> Balances:
    found: Balances = {}
    for page in pages:
        for balance in page:
            if balance.user_id is not None:
                found.setdefault(balance.user_id, dict(balance.balances))
    return found
