"""Requests for manual time, pending a manager's approval."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dashboard.webwork.records import TimeRequest
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource, segment
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed
from dashboard.webwork.resources.timesheets import require_text

# Approved manual time lands in timesheets and reports too.
_TOUCHES = ("time_requests", "timesheets", "reports")


class TimeRequests(Resource):
    def list(
        self,
        *,
        status: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        user_id: int | None = None,
        project_id: int | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[TimeRequest]:
        """GET /time-requests: list time requests by status, dates, member and project."""
        params: dict[str, Any] = {"status": status, "date_from": date_from, "date_to": date_to}
        params |= {"user_id": user_id, "project_id": project_id}
        return listed(
            self._api, "time_requests", "/time-requests", params, TimeRequest.from_json, paging
        )

    def get(self, request_id: str) -> TimeRequest:
        """GET /time-requests/{id}: one time request."""
        return self._api.one(f"/time-requests/{segment(request_id)}", TimeRequest.from_json)

    def create(
        self,
        *,
        user_id: int,
        start: datetime,
        end: datetime,
        contract_id: int | None = None,
        task_id: int | None = None,
        notes: str | None = None,
    ) -> TimeRequest:
        """POST /time-requests: request manual time for a member (may come back approved)."""
        # Reference: the restricted docs call the memo `notes`, the OAuth2 docs
        # `activity_description`; both are sent.
        body: dict[str, Any] = {"user_id": int(user_id), "start": start, "end": end}
        body |= {"contract_id": contract_id, "task_id": task_id}
        body |= {"notes": notes, "activity_description": notes}
        return self._api.created(
            "POST", "/time-requests", body, TimeRequest.from_json, touches=_TOUCHES
        )

    def approve(self, request_id: str) -> str:
        """POST /time-requests/{timeRequestId}/approve: approve a time request."""
        path = f"/time-requests/{segment(request_id)}/approve"
        return self._api.action("POST", path, {}, touches=_TOUCHES)

    def reject(self, request_id: str, comment: str) -> str:
        """POST /time-requests/{timeRequestId}/reject: reject a time request (comment required)."""
        path = f"/time-requests/{segment(request_id)}/reject"
        message = "Give a comment for the rejection."
        require_text(comment, "comment", message, method="POST", path=path)
        return self._api.action("POST", path, {"comment": comment}, touches=_TOUCHES)
