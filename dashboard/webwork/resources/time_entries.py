"""Time entries: a member's tracked and manual time, one day at a time.

Timesheets and reports are computed from these, so every write here invalidates them too.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records.pages import Envelope, Page
from dashboard.webwork.records.work import AddedTime, TimeEntry
from dashboard.webwork.resources.base import Resource, Saved, data_object, segment
from dashboard.webwork.resources.replies import record_or_none

_TOUCHES = ("time_entries", "timesheets", "reports")
MAX_PER_PAGE = 50
MAX_NOTES = 255


def clock(value: time) -> str:
    """``HH:mm``, the documented form of entry times."""
    return value.strftime("%H:%M")


def refuse(errors: dict[str, str], *, method: str, path: str) -> None:
    """Raise WebworkInvalid for what WebWork would refuse anyway, before spending a call."""
    if errors:
        field_errors = {field: [message] for field, message in errors.items()}
        raise WebworkInvalid(
            next(iter(errors.values())), field_errors=field_errors, method=method, path=path
        )


def _span_errors(start: time | None, end: time | None, notes: str | None) -> dict[str, str]:
    errors = {}
    if start is not None and end is not None and end <= start:
        errors["end_time"] = "The end time must be after the start time."
    if notes is not None and len(notes) > MAX_NOTES:
        errors["notes"] = f"Notes have at most {MAX_NOTES} characters."
    return errors


_entry_or_none = record_or_none(TimeEntry.from_json)


class TimeEntries(Resource):
    def list(
        self,
        user_id: int,
        day: date,
        *,
        project_id: int | None = None,
        task_id: int | None = None,
        page: int = 1,
        per_page: int = 20,
        refresh: bool = False,
    ) -> Page[TimeEntry]:
        """GET /time-entries: one member's entries on one day, by project or task."""
        # Reference: this list allows at most 50 entries a page, not 100.
        params: dict[str, Any] = {"user_id": int(user_id), "date": day}
        params |= {"project_id": project_id, "task_id": task_id}
        params |= {"page": page, "per_page": min(per_page, MAX_PER_PAGE)}
        return self._api.list_page(
            "time_entries", "/time-entries", params, TimeEntry.from_json, refresh=refresh
        )

    def create(
        self,
        *,
        user_id: int,
        day: date,
        start: time,
        end: time,
        contract_id: int | None = None,
        task_id: int | None = None,
        notes: str | None = None,
    ) -> AddedTime:
        """POST /time-entries: add manual time for a member, ``start`` to ``end`` on ``day``."""
        errors = _span_errors(start, end, notes)
        if task_id is not None and contract_id is None:
            errors["task_id"] = "A task needs the contract it belongs to."
        refuse(errors, method="POST", path="/time-entries")
        body: dict[str, Any] = {"user_id": int(user_id), "date": day}
        body |= {"start_time": clock(start), "end_time": clock(end)}
        body |= {"contract_id": contract_id, "task_id": task_id, "notes": notes}
        asked = round((datetime.combine(day, end) - datetime.combine(day, start)).seconds / 60)

        def added(envelope: Envelope) -> AddedTime:
            entry = TimeEntry.from_json(data_object(envelope))
            return AddedTime(entry, asked, envelope.message)

        return self._api.write("POST", "/time-entries", body, added, touches=_TOUCHES)

    def update(
        self,
        entry_id: str,
        *,
        day: date | None = None,
        start: time | None = None,
        end: time | None = None,
        project_id: int | None = None,
        task_id: int | None = None,
        notes: str | None = None,
    ) -> Saved[TimeEntry | None]:
        """PUT /time-entries/{time_entry_id}: change the day, times, project, task or notes.

        Only the given fields are sent; a time not given keeps its value. Answers the entry when
        WebWork sends it back (the docs show only a message).
        """
        path = f"/time-entries/{segment(entry_id)}"
        refuse(_span_errors(start, end, notes), method="PUT", path=path)
        body: dict[str, Any] = {"date": day, "project_id": project_id, "task_id": task_id}
        body |= {"start_time": clock(start) if start else None, "notes": notes}
        body |= {"end_time": clock(end) if end else None}
        return self._api.saved("PUT", path, body, _entry_or_none, touches=_TOUCHES)

    def delete(self, entry_id: str) -> str:
        """DELETE /time-entries/{time_entry_id}: remove an entry for good."""
        path = f"/time-entries/{segment(entry_id)}"
        return self._api.action("DELETE", path, {}, touches=_TOUCHES)
