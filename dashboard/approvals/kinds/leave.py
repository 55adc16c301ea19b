"""Leave requests: they wait in ``pending``; each row shows the balance left this year."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.utils import timezone

from dashboard.core.lists import ListState
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Leave, LeaveBalance, Member, Page
from dashboard.webwork.resources.leaves import Leaves
from dashboard.webwork.resources.query import Paging

from ..filters import ApprovalFilterForm, LeaveFilterForm
from ..flags import Flag
from ..hints import Hint
from .base import Item, Kind, Listing, Lookups, member_name, paging_of, span


class LeaveKind(Kind[Leave]):
    name, slug, url_name, title = "leave", "leaves", "leaves", "Leave"
    noun, plural, waiting = "leave request", "leave requests", "pending"
    row_template = "approvals/_leave_row.html"
    review_url_name = "approvals:leave_review"

    def review_hint(self, record: Leave) -> Hint | None:
        return Hint.of(record.user_id, record.start_date, record.end_date)
    cache_namespace = "leaves"
    aside_template = "approvals/_leave_row.html#policies"

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

    def references(self, client: WebworkClient) -> Lookups:
        members, policies = client.gather(client.members.all, client.leaves.policies)
        return Lookups.of(members, policies=policies)

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

    def read(
        self, client: WebworkClient, filters: Mapping[str, Any], state: ListState, refs: Lookups
    ) -> Listing:
        """The page with each member's balance this year beside their request."""
        year = timezone.localdate().year
        page, balances = client.gather(
            lambda: self.list_page(client, filters, paging_of(state)),
            lambda: client.leaves.balances_all(year),
        )
        rows = [self._with_balance(record, refs, balances) for record in page]
        return Listing(page, rows, {"year": year, "policies": refs.policies})

    def row_item(self, client: WebworkClient, record: Leave, refs: Lookups) -> Item:
        year = (record.start_date or timezone.localdate()).year
        return self._with_balance(record, refs, client.leaves.balances_all(year))

    def _with_balance(self, record: Leave, refs: Lookups, balances: Page[LeaveBalance]) -> Item:
        left = ""
        for balance in balances:
            if balance.user_id is not None and balance.user_id == record.user_id:
                left = dict(balance.balances).get(record.policy_name, "")
                break
        return replace(self.item(record, refs), extra={"balance": left})
