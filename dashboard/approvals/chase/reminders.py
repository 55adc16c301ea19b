"""Reminders to submit a week's timesheet: the workspace's words, and queueing one per member.

The words are a subject and a body with placeholders (``{name}``, ``{week}``, …); only those
named in ``PLACEHOLDERS`` are accepted, bare, so a template can never reach into anything else.
Each reminder is one e-mail through the outbox under the key
``reminder:{workspace}:{member}:{week}:{n}`` (queued and sent once) and one audit entry with
the member as its target. Whoever sends reminders passes a chase list read with fresh
timesheets, so nobody who has submitted meanwhile is reminded.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from dashboard.audit.log import record
from dashboard.outbox.mail import enqueue

from ..models import Reminder, ReminderTemplate
from .listing import Chase, Row
from .weeks import Week

PLACEHOLDERS: dict[str, str] = {
    "name": "the member's full name",
    "first_name": "the member's first name",
    "week": "the week, e.g. 23\u201329 Nov 2026",
    "hours": "the hours they have tracked that week",
    "link": "where they submit their timesheet in WebWork",
    "workspace": "the workspace's name",
}
DEFAULT_SUBJECT = "Your timesheet for {week}"
DEFAULT_BODY = """Hello {first_name},

your timesheet for {week} in {workspace} has not been submitted yet ({hours} hours tracked).
Please check it and submit it in WebWork:

{link}

Thank you!
"""
ACTION = "timesheet.remind"
TRIES = 3  # numbering races between two senders of the same member's reminder


def timesheets_link() -> str:
    """Where members submit their timesheets in WebWork (``{link}``)."""
    return str(settings.WEBWORK_TIMESHEETS_URL)


def placeholder_list() -> str:
    return ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def check_placeholders(text: str) -> str:
    """``text`` if every placeholder in it is known and bare; ``ValidationError`` otherwise."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            "A “{” or “}” is not closed. Write {{ or }} for a brace of its own.", code="braces"
        ) from exc
    unknown: list[str] = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion:
            raise ValidationError(
                f"Placeholders take no format: write {{{name.split('.')[0]}}} alone.",
                code="format",
            )
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    if unknown:
        shown = ", ".join(f"{{{name}}}" for name in unknown)
        raise ValidationError(
            f"Unknown placeholder{'s' if len(unknown) > 1 else ''} {shown}. "
            f"The placeholders are {placeholder_list()}.",
            code="unknown",
        )
    return text


@dataclass(frozen=True)
class Words:
    subject: str = DEFAULT_SUBJECT
    body: str = DEFAULT_BODY

    def render(self, values: Mapping[str, str]) -> tuple[str, str]:
        subject = check_placeholders(self.subject).format_map(values)
        return " ".join(subject.split()), check_placeholders(self.body).format_map(values)


def words_for(workspace_id: int) -> Words:
    stored = ReminderTemplate.objects.filter(workspace_id=workspace_id).first()
    return Words(stored.subject, stored.body) if stored else Words()


def values_for(row: Row, week: Week, workspace_name: str) -> dict[str, str]:
    member = row.member
    return {
        "name": member.name,
        "first_name": member.firstname.strip() or member.name,
        "week": week.label,
        "hours": f"{row.hours:g}",
        "link": timesheets_link(),
        "workspace": workspace_name,
    }


@dataclass
class Outcome:
    """Who was reminded (name, address) and who was not (name, why)."""

    reminded: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def items(self) -> list[tuple[str, bool, str]]:
        """For ``core.upstream.flash``: one (name, ok, text) per member."""
        done = [(name, True, f"reminded at {address}") for name, address in self.reminded]
        return done + [(name, False, f"not reminded: {why}") for name, why in self.skipped]


@dataclass(frozen=True)
class Sender:
    """Who sends, where: the dashboard user, the workspace, and how the audit names the run."""

    user: Any
    workspace_id: int
    workspace_name: str = ""
    scheduled: bool = False
    request_id: str = ""


def remind(chase: Chase, member_ids: Iterable[int], sender: Sender) -> Outcome:
    """One reminder to each of ``member_ids`` still on ``chase`` (read with fresh timesheets);
    the others are skipped with the reason."""
    outcome = Outcome()
    words = words_for(sender.workspace_id)
    for member_id in dict.fromkeys(member_ids):
        row = chase.row(member_id)
        member = chase.members.get(member_id)
        name = member.name if member else f"Member {member_id}"
        if row is None:
            outcome.skipped.append((name, chase.why_not_listed(member_id) or "is not listed"))
            continue
        if not row.member.email:
            outcome.skipped.append((name, "WebWork has no e-mail address for them"))
            continue
        try:
            _queue(row, chase.week, words, sender)
        except ValidationError as exc:
            outcome.skipped.append((name, " ".join(exc.messages)))
            continue
        outcome.reminded.append((name, row.member.email))
    return outcome


def _queue(row: Row, week: Week, words: Words, sender: Sender) -> Reminder:
    subject, text = words.render(values_for(row, week, sender.workspace_name))
    for attempt in range(TRIES):
        try:
            with transaction.atomic():
                reminder = _numbered(row, week, sender)
                message = enqueue(
                    to=row.member.email,
                    subject=subject,
                    text=text,
                    purpose="reminder",
                    key=f"reminder:{sender.workspace_id}:{row.id}:{week.monday}:{reminder.number}",
                    user=sender.user,
                    workspace_id=sender.workspace_id,
                )
                reminder.message_id = message.pk
                reminder.save(update_fields=["message_id"])
        except IntegrityError:
            if attempt == TRIES - 1:
                raise
            continue
        break
    summary = {"week": week.isoformat(), "number": reminder.number, "scheduled": sender.scheduled}
    record(
        user=sender.user,
        action=ACTION,
        outcome="ok",
        target=("member", row.id, row.name),
        workspace_id=sender.workspace_id,
        workspace_name=sender.workspace_name,
        summary=summary,
        message=f"Reminder {reminder.number} queued to {row.member.email}.",
        request_id=sender.request_id,
    )
    return reminder


def _numbered(row: Row, week: Week, sender: Sender) -> Reminder:
    earlier = Reminder.objects.filter(
        workspace_id=sender.workspace_id, member_id=row.id, week=week.monday
    ).aggregate(last=Max("number"))["last"]
    return Reminder.objects.create(
        workspace_id=sender.workspace_id,
        member_id=row.id,
        week=week.monday,
        number=(earlier or 0) + 1,
        member_name=row.name[:255],
        email=row.member.email,
        sent_by=sender.user if getattr(sender.user, "is_authenticated", False) else None,
        scheduled=sender.scheduled,
    )


def with_reminders(chase: Chase, workspace_id: int) -> Chase:
    """The rows with their last reminder for the week and how many there were."""
    ids = [row.id for row in chase.rows]
    found = Reminder.objects.filter(workspace_id=workspace_id, week=chase.week.monday)
    found = found.filter(member_id__in=ids).select_related("sent_by")
    counts = dict(found.values_list("member_id").annotate(n=Count("id")).order_by())
    last: dict[int, Reminder] = {}
    for reminder in found.order_by("created_at", "id"):
        last[reminder.member_id] = reminder
    rows = tuple(
        replace(row, last_reminder=last.get(row.id), reminders=int(counts.get(row.id, 0)))
        for row in chase.rows
    )
    return replace(chase, rows=rows)
