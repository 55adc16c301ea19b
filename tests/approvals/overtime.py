"""A fourth kind, for the test that adding one takes its Kind, its resource and its row template.

Overtime requests are not a WebWork resource; the upstream fake serves ``/overtime``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard.approvals.filters import ALL, ApprovalFilterForm
from dashboard.approvals.flags import Flag
from dashboard.approvals.kinds import Item, Kind, Lookups, member_name
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Member, Page
from dashboard.webwork.resources.base import Resource, segment
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed

_TOUCHES = ("overtime",)


@dataclass(frozen=True)
class Overtime:
    id: str
    status: str
    user_id: int | None
    hours: float

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Overtime:
        return cls(str(data["id"]), str(data["status"]), data.get("user_id"), float(data["hours"]))


class OvertimeRequests(Resource):
    """The resource as the service layer would hold it."""

    def list(
        self,
        *,
        status: str | None = None,
        user_id: int | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Overtime]:
        params = {"status": status, "user_id": user_id}
        return listed(self._api, "overtime", "/overtime", params, Overtime.from_json, paging)

    def get(self, item_id: str) -> Overtime:
        return self._api.first("/overtime", {"id": item_id}, Overtime.from_json)

    def approve(self, item_id: str) -> str:
        path = f"/overtime/{segment(item_id)}/approve"
        return self._api.action("PUT", path, {}, touches=_TOUCHES)

    def reject(self, item_id: str, reason: str) -> str:
        path = f"/overtime/{segment(item_id)}/reject"
        return self._api.action("PUT", path, {"reason": reason}, touches=_TOUCHES)


class OvertimeFilterForm(ApprovalFilterForm):
    STATUSES = [("pending", "Pending"), ("approved", "Approved"), (ALL, "Any status")]


class OvertimeKind(Kind[Overtime]):
    name, slug, url_name, title = "overtime", "overtime", "overtime", "Overtime"
    noun, plural, waiting = "overtime request", "overtime requests", "pending"
    row_template = "approvals/_overtime_row.html"

    def resource(self, client: WebworkClient) -> OvertimeRequests:
        return OvertimeRequests(client._api)

    def list_page(
        self,
        client: WebworkClient,
        filters: Mapping[str, Any],
        paging: Paging,
    ) -> Page[Overtime]:
        return self.resource(client).list(
            status=filters.get("status"),
            user_id=filters.get("user_id"),
            paging=paging,
        )

    def label(self, record: Overtime, people: Mapping[int, Member]) -> str:
        return f"{member_name(record.user_id, people)} · {record.hours:g} h overtime"

    def item(self, record: Overtime, refs: Lookups, flags: Sequence[Flag] = ()) -> Item:
        label = self.label(record, refs.people)
        member = member_name(record.user_id, refs.people)
        return Item(self, record, label, member, f"Overtime, {record.hours:g} h", None, flags)

    def filter_form(self, data: Any, refs: Lookups | None) -> ApprovalFilterForm:
        return OvertimeFilterForm(data, members=None if refs is None else refs.people.values())


OVERTIME = OvertimeKind()
