"""Timesheets and their approval workflow."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records import Timesheet
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource, segment
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed

_TOUCHES = ("timesheets",)


def require_text(value: str, field: str, message: str, *, method: str, path: str) -> str:
    """Refuse an empty reason before spending an upstream call on a certain 422."""
    if not value or not value.strip():
        raise WebworkInvalid(message, field_errors={field: [message]}, method=method, path=path)
    return value


class Timesheets(Resource):
    def list(
        self,
        *,
        status: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        user_id: int | None = None,
        order_by: str | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Timesheet]:
        """GET /timesheets: list timesheets by status, period and member.

        ``status`` is sent as given; ``Timesheet.status`` reads ``open`` as ``pending``.
        ``order_by`` is ``asc`` (oldest period first) or ``desc`` (WebWork's default).
        """
        params: dict[str, Any] = {"status": status, "date_from": date_from, "date_to": date_to}
        params |= {"user_id": user_id, "order_by": order_by}
        return listed(self._api, "timesheets", "/timesheets", params, Timesheet.from_json, paging)

    def get(self, timesheet_id: str) -> Timesheet:
        """GET /timesheets?id=: one timesheet, read past the cache (its state right now)."""
        # Reference: there is no GET /timesheets/{id}; the list takes an `id` filter.
        return self._api.first("/timesheets", {"id": timesheet_id}, Timesheet.from_json)

    def approve(self, timesheet_id: str) -> str:
        """PUT /timesheets/{timesheetId}/approve: approve a submitted timesheet."""
        return self._act(timesheet_id, "approve")

    def reject(self, timesheet_id: str, reason: str) -> str:
        """PUT /timesheets/{timesheetId}/reject: reject a timesheet (a reason is required)."""
        path = f"/timesheets/{segment(timesheet_id)}/reject"
        require_text(reason, "reason", "Give a reason for the rejection.", method="PUT", path=path)
        return self._api.action("PUT", path, {"reason": reason}, touches=_TOUCHES)

    def submit(self, timesheet_id: str) -> str:
        """PUT /timesheets/{timesheetId}/submit: submit a timesheet for approval."""
        return self._act(timesheet_id, "submit")

    def unsubmit(self, timesheet_id: str) -> str:
        """PUT /timesheets/{timesheetId}/unsubmit: send a timesheet back to its member."""
        return self._act(timesheet_id, "unsubmit")

    def _act(self, timesheet_id: str, verb: str) -> str:
        path = f"/timesheets/{segment(timesheet_id)}/{verb}"
        return self._api.action("PUT", path, {}, touches=_TOUCHES)
