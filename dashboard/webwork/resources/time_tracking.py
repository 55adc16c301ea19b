"""Remote start and stop of a member's tracker, and what it has tracked today."""

from __future__ import annotations

from typing import Any

from dashboard.webwork.records.pages import Envelope
from dashboard.webwork.records.parsing import as_mapping
from dashboard.webwork.records.work import CurrentTracking, TrackingStarted, TrackingStopped
from dashboard.webwork.resources.base import Resource
from dashboard.webwork.resources.time_entries import MAX_NOTES, refuse

# A stopped tracker becomes time entries, so timesheets and reports change with it.
_STOP_TOUCHES = ("time_tracking", "time_entries", "timesheets", "reports")


def _started(envelope: Envelope) -> TrackingStarted:
    return TrackingStarted.from_json(as_mapping(envelope.data), envelope.message)


def _stopped(envelope: Envelope) -> TrackingStopped:
    return TrackingStopped.from_json(as_mapping(envelope.data), envelope.message)


class TimeTracking(Resource):
    def start(
        self,
        user_id: int,
        *,
        contract_id: int | None = None,
        task_id: int | None = None,
        activity_description: str | None = None,
    ) -> TrackingStarted:
        """POST /time-tracking/start: start a member's tracker (one may run at a time)."""
        # Reference: the restricted docs need contract_id; the OAuth2 ones track without one.
        errors = {}
        if task_id is not None and contract_id is None:
            errors["task_id"] = "A task needs the contract it belongs to."
        if activity_description is not None and len(activity_description) > MAX_NOTES:
            errors["activity_description"] = f"At most {MAX_NOTES} characters."
        refuse(errors, method="POST", path="/time-tracking/start")
        body: dict[str, Any] = {"user_id": int(user_id), "contract_id": contract_id}
        body |= {"task_id": task_id, "activity_description": activity_description}
        return self._api.write(
            "POST", "/time-tracking/start", body, _started, touches=("time_tracking",)
        )

    def stop(self, user_id: int | None = None) -> TrackingStopped:
        """POST /time-tracking/stop: stop a member's tracker (without one: the caller's own)."""
        # Reference: the OAuth2 docs send user_id; the restricted ones stop the caller's tracker.
        body = {"user_id": None if user_id is None else int(user_id)}
        return self._api.write("POST", "/time-tracking/stop", body, _stopped, touches=_STOP_TOUCHES)

    def current(self, user_id: int) -> CurrentTracking:
        """GET /time-tracking/current-data: a member's minutes today and the running tracker."""
        # Live data: read past the cache every time.
        params = {"user_id": int(user_id)}
        return self._api.one("/time-tracking/current-data", CurrentTracking.from_json, params)
