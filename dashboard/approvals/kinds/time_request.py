"""Requests for manual time: they wait in ``pending``; WebWork calls the reason a comment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC
from typing import Any

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records import Member, Page, TimeRequest
from dashboard.webwork.resources.query import Paging
from dashboard.webwork.resources.time_requests import TimeRequests

from ..filters import ApprovalFilterForm, TimeRequestFilterForm, request_window
from ..flags import Flag
from ..hints import Hint
from .base import DASH, Item, Kind, Lookups, References, member_name
from .rows import Links, Row, between, capfirst, time_tag


class TimeRequestKind(Kind[TimeRequest]):
    name, slug, url_name, title = "time_request", "time-requests", "time_requests", "Time requests"
    noun, plural, waiting = "time request", "time requests", "pending"
    row_template = "approvals/_time_request_row.html"
    waiting_attr = "created_at"
    review_url_name = "approvals:time_request_review"

    def review_hint(self, record: TimeRequest) -> Hint | None:
        day = record.start.astimezone(UTC).date() if record.start else None  # entries' UTC days
        return Hint.of(record.user_id, day, day)

    cache_namespace = "time_requests"
    reason_field, reason_label, reason_attr = "comment", "Comment", "comment"

    def resource(self, client: WebworkClient) -> TimeRequests:
        return client.time_requests

    def list_page(
        self,
        client: WebworkClient,
        filters: Mapping[str, Any],
        paging: Paging,
    ) -> Page[TimeRequest]:
        window = request_window(
            {"date_from": filters.get("date_from"), "date_to": filters.get("date_to")}
        )
        return client.time_requests.list(
            status=filters.get("status"),
            user_id=filters.get("user_id"),
            project_id=filters.get("project_id"),
            date_from=window["date_from"],
            date_to=window["date_to"],
            paging=paging,
        )

    def reference_reads(self, client: WebworkClient) -> References:
        return References(
            (client.members.all, client.projects.all),
            lambda answers: Lookups.of(answers[0], answers[1]),
        )

    def label_references(self, client: WebworkClient) -> Lookups:
        return Lookups.of(client.members.all())

    def label(self, record: TimeRequest, people: Mapping[int, Member]) -> str:
        when = record.start.strftime("%d %b %Y %H:%M") if record.start else "?"
        until = record.end.strftime("%H:%M") if record.end else "?"
        return f"{member_name(record.user_id, people)} · {when}{DASH}{until}"

    def item(self, record: TimeRequest, refs: Lookups, flags: Sequence[Flag] = ()) -> Item:
        project = refs.projects.get(record.project_id or -1)
        minutes = record.minutes or 0
        on = project.name if project else "no project"
        return Item(
            self,
            record,
            self.label(record, refs.people),
            member_name(record.user_id, refs.people),
            f"Manual time, {minutes // 60}:{minutes % 60:02d} h on {on}",
            record.created_at,
            flags,
        )

    def filter_form(self, data: Any, refs: Lookups | None) -> ApprovalFilterForm:
        if refs is None:
            return TimeRequestFilterForm(data, members=None, projects=None)
        return TimeRequestFilterForm(
            data, members=refs.people.values(), projects=refs.projects.values()
        )

    def row(self, item: Item, links: Links) -> Row:
        request = item.record
        assert isinstance(request, TimeRequest)
        found = links.row(item)
        found |= {
            "name": f"Time request: {item.label}, {request.status}",
            "when": between(
                time_tag(request.start, "%a %d %b %Y, %H:%M"), time_tag(request.end, "%H:%M")
            ),
            "summary": item.summary,
            "notes": request.notes or "\u2014",
            "comment": request.comment or "",
            "status_text": capfirst(request.status),
        }
        return found
