"""Submitting members' timesheets on their behalf: a bulk job of ``submit`` items.

Only a sheet WebWork lets be submitted (``pending``/``open`` or ``rejected``) becomes an item.
WebWork's API has no operation that creates a timesheet (it makes one once time is tracked in
a week), so a member without a sheet for the week is named and left out. Items are named from
the list just read from WebWork, so the job sends each without reading it first; the job audits
every outcome (``timesheet.submit``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from ..kinds import TIMESHEET
from ..models import BulkItem, BulkJob
from .listing import Chase

NO_SHEET = (
    "WebWork has no timesheet of theirs for this week (it makes one once time is tracked, "
    "and its API cannot create one)"
)


def submit_job(
    chase: Chase, member_ids: Iterable[int], user: Any, workspace_id: int, workspace_name: str
) -> tuple[BulkJob | None, list[tuple[str, str]]]:
    """The job submitting the selected members' sheets (None when none can be), and the members
    left out with the reason."""
    items: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    for member_id in dict.fromkeys(member_ids):
        row = chase.row(member_id)
        member = chase.members.get(member_id)
        name = member.name if member else f"Member {member_id}"
        if row is None:
            skipped.append((name, chase.why_not_listed(member_id) or "is not listed"))
        elif row.submittable is None:
            skipped.append((name, NO_SHEET if not row.sheets else f"the sheet is {row.state}"))
        else:
            items.append((row.submittable.id, TIMESHEET.label(row.submittable, chase.members)))
    if not items:
        return None, skipped
    with transaction.atomic():
        job = BulkJob.objects.create(
            user=user,
            workspace_id=workspace_id,
            workspace_name=workspace_name,
            action=BulkJob.Action.SUBMIT,
        )
        BulkItem.objects.bulk_create(
            BulkItem(job=job, position=n, kind=TIMESHEET.name, target_id=sheet, label=label[:255])
            for n, (sheet, label) in enumerate(items)
        )
    return job, skipped
