"""Leave requests, balances and policies."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records import Leave, LeaveBalance, LeavePolicy
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource, segment
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed
from dashboard.webwork.resources.timesheets import require_text
from dashboard.webwork.transport.cache import LIST_TTL

_TOUCHES = ("leaves",)


class Leaves(Resource):
    def list(
        self,
        *,
        status: str | None = None,
        user_id: int | None = None,
        policy_id: int | None = None,
        is_paid: bool | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Leave]:
        """GET /leaves: list leave requests by status, member, policy, pay and dates."""
        # Reference: the is_paid filter takes "yes" / "no".
        paid = None if is_paid is None else ("yes" if is_paid else "no")
        params: dict[str, Any] = {"status": status, "user_id": user_id, "policy_id": policy_id}
        params |= {"is_paid": paid, "date_from": date_from, "date_to": date_to}
        return listed(self._api, "leaves", "/leaves", params, Leave.from_json, paging)

    def get(self, leave_id: str) -> Leave:
        """GET /leaves?id=: one leave request, read past the cache (its state right now)."""
        # Reference: there is no GET /leaves/{id}; the list takes an `id` filter.
        return self._api.first("/leaves", {"id": leave_id}, Leave.from_json)

    def balances(
        self,
        date_from: date,
        date_to: date,
        *,
        user_id: int | None = None,
        page: int = 1,
        refresh: bool = False,
    ) -> Page[LeaveBalance]:
        """GET /leaves/balances: each member's leave balances over a period."""
        params: dict[str, Any] = {"date_from": date_from, "date_to": date_to}
        params |= {"user_id": user_id, "page": page}
        return self._api.list_page(
            "leaves", "/leaves/balances", params, LeaveBalance.from_json, refresh=refresh
        )

    def balances_all(self, year: int, *, refresh: bool = False) -> Page[LeaveBalance]:
        """GET /leaves/balances, every page: each member's leave balances over one year."""
        params = {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31)}
        return self._api.all_pages(
            "leaves",
            "/leaves/balances",
            params,
            LeaveBalance.from_json,
            refresh=refresh,
            ttl=LIST_TTL,  # a decision changes a balance; leave writes invalidate "leaves"
        )

    def policies(self, *, refresh: bool = False) -> Page[LeavePolicy]:
        """GET /leaves/policies: the workspace's leave policies (cached as reference data)."""
        return self._api.all_pages(
            "leave_policies", "/leaves/policies", {}, LeavePolicy.from_json, refresh=refresh
        )

    def create(
        self,
        *,
        user_id: int,
        policy_id: int,
        start: date,
        end: date,
        leave_period: int | None = None,
        reason: str | None = None,
        hours: tuple[time, time, float] | None = None,
    ) -> str:
        """POST /leaves: request leave for a member (pending until decided).

        ``leave_period`` 1 or 2 is the first or second half of a single day; ``hours`` is
        (start_time, end_time, hours_per_day), needed by hour-based policies.
        """
        if end < start or (leave_period and start != end):
            message = "A leave ends on or after its start, and a half day is a single day."
            errors = {"end": [message]}
            raise WebworkInvalid(message, field_errors=errors, method="POST", path="/leaves")
        body: dict[str, Any] = {"user_id": int(user_id), "policy_id": int(policy_id)}
        body |= {"start": start, "end": end, "leave_period": leave_period, "reason": reason}
        if hours is not None:
            begin, finish, per_day = hours
            body |= {"start_time": f"{begin:%H:%M}", "end_time": f"{finish:%H:%M}"}
            body["hours_per_day"] = per_day
        return self._api.action("POST", "/leaves", body, touches=_TOUCHES)

    def approve(self, leave_id: str) -> str:
        """PUT /leaves/{leaveId}/approve: approve a leave request."""
        path = f"/leaves/{segment(leave_id)}/approve"
        return self._api.action("PUT", path, {}, touches=_TOUCHES)

    def reject(self, leave_id: str, reason: str) -> str:
        """PUT /leaves/{leaveId}/reject: reject a leave request (a reason is required)."""
        path = f"/leaves/{segment(leave_id)}/reject"
        require_text(reason, "reason", "Give a reason for the rejection.", method="PUT", path=path)
        return self._api.action("PUT", path, {"reason": reason}, touches=_TOUCHES)
