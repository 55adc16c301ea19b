"""The chase list (``/approvals/missing/``): who has not submitted a week's timesheet, reminding
them, submitting on their behalf, the reminder's words and its schedule.

Every page and action here is for roles that may decide on timesheets (Owner, Executive
manager); the list shows only members the user's own WebWork connection shows them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.audit.log import record
from dashboard.core.http import ActiveWorkspace, DashboardRequest
from dashboard.core.lists import PAGE_SIZES, ListState, list_template
from dashboard.core.navigation import safe_next
from dashboard.core.upstream import refused

from ..chase import listing
from ..chase.forms import WEEKDAYS, MissingFilterForm, ScheduleForm, SelectionForm, TemplateForm
from ..chase.listing import Chase
from ..chase.reminders import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    PLACEHOLDERS,
    Outcome,
    Sender,
    Words,
    remind,
    timesheets_link,
    with_reminders,
)
from ..chase.schedule import next_slot, zone
from ..chase.submitting import submit_job
from ..chase.weeks import Week, default_week
from ..models import ReminderSchedule, ReminderTemplate
from ..tasks import start

SORTABLE = tuple(listing.SORTS)
COLUMNS = (
    ("name", "Member"),
    ("team", "Team"),
    ("", "Timesheet"),
    ("hours", "Tracked"),
    ("days_off", "Leave days"),
    ("reminded", "Last reminded"),
)
SAMPLE = {
    "name": "Ada Lovelace",
    "first_name": "Ada",
    "hours": "12.5",
    "workspace": "Acme Studio",
}


def _manager(request: DashboardRequest) -> ActiveWorkspace | None:
    """The workspace, when the connected role may decide on timesheets there."""
    request.webwork.workspace_id  # noqa: B018  (not connected: to /connect/; no workspace: to choose one)
    workspace = request.workspace
    return workspace if workspace is not None and workspace.may.can_decide else None


def _problem(request: DashboardRequest, title: str, detail: str, status: int) -> HttpResponse:
    """Nothing was done: a page, or for htmx a banner in #messages."""
    return refused(request, title, detail, status, template="approvals/missing_problem.html")


def _refuse(request: DashboardRequest) -> HttpResponse:
    role = request.workspace.role if request.workspace else ""
    detail = (
        f"As a {role or 'member without a role'} in this workspace you cannot chase timesheets: "
        "the list of who has not submitted, reminders and submitting on a member's behalf need "
        "the Owner or Executive manager role."
    )
    return _problem(request, "Your WebWork role does not allow this", detail, 403)


@require_GET
def missing_list(request: DashboardRequest) -> HttpResponse:
    workspace = _manager(request)
    if workspace is None:
        return _refuse(request)
    form = MissingFilterForm(request.GET)
    state = form.apply_to(ListState.from_request(request, sortable=SORTABLE, default_sort="name"))
    week = state.filters.get("week") or default_week(timezone.localdate())
    if "week" not in state.filters:
        form.show_week(week)
    chase = listing.read(request.webwork, week, refresh=state.refresh)
    chase = with_reminders(chase, workspace.id)
    form.offer_teams(chase.teams())
    shown = listing.matching(chase.rows, state.filters)
    rows = listing.sorted_rows(shown, state.sort_key or "name", state.descending)
    page = Paginator(rows, state.per_page).get_page(state.page)
    today = Week.of(timezone.localdate())
    context: dict[str, Any] = {
        "form": form,
        "state": state,
        "page": page,
        "pager": state.pager(page),
        "columns": state.columns(COLUMNS),
        "chase": chase,
        "week": week,
        "filtered": bool(state.filters.get("team")),
        "previous_url": state.with_filters(week=week.previous),
        "next_url": state.with_filters(week=week.next) if week < today else "",
        "this_week": week == today,
        "fetched_at": chase.fetched_at,
        "refresh_url": state.refresh_url,
        "here": state.at(request.path),
        "page_sizes": PAGE_SIZES,
    }
    if not request.htmx:
        context |= _schedule_context(request, workspace)
    return render(request, list_template(request, "approvals/missing.html"), context)


def _schedule_context(request: DashboardRequest, workspace: ActiveWorkspace) -> dict[str, Any]:
    schedule = ReminderSchedule.objects.filter(workspace_id=workspace.id).first()
    form = ScheduleForm(instance=schedule, initial=None if schedule else _schedule_initial())
    context: dict[str, Any] = {"schedule": schedule, "schedule_form": form}
    if schedule is not None:
        context["weekday"] = WEEKDAYS[schedule.weekday]
        if schedule.enabled:
            context["next_run"] = next_slot(schedule, timezone.now()).astimezone(zone(schedule))
    return context


def _schedule_initial() -> dict[str, Any]:
    zone_name = str(timezone.get_current_timezone())
    return {"weekday": 0, "time_zone": zone_name, "enabled": True}


def _selected(request: DashboardRequest) -> tuple[SelectionForm, Week | None, str]:
    form = SelectionForm(request.POST)
    week = form.cleaned_data["week"] if form.is_valid() else None
    fallback = reverse("approvals:missing") + (f"?week={week.isoformat()}" if week else "")
    return form, week, safe_next(request, fallback)


class Chosen(NamedTuple):
    """The members a manager selected on the chase list, checked against it read fresh."""

    workspace: ActiveWorkspace
    week: Week
    chase: Chase
    ids: list[int]
    back: str


def _chosen(request: DashboardRequest, nothing: str) -> Chosen | HttpResponse:
    """The selection of a POST, with the week's timesheets read past the cache; or the page that
    refuses it (``nothing``: what the refusal says was not done)."""
    workspace = _manager(request)
    if workspace is None:
        return _refuse(request)
    form, week, back = _selected(request)
    if week is None:
        return _problem(request, nothing, _first_error(form), 400)
    chase = listing.read(request.webwork, week, fresh_sheets=True)
    try:
        ids = form.member_ids(chase.members)
    except ValidationError as exc:
        return _problem(request, nothing, exc.messages[0], 400)
    return Chosen(workspace, week, chase, ids, back)


@require_POST
def missing_remind(request: DashboardRequest) -> HttpResponse:
    """Remind the selected members, reading the week's timesheets fresh first."""
    chosen = _chosen(request, "Nothing was sent")
    if isinstance(chosen, HttpResponse):
        return chosen
    workspace = chosen.workspace
    sender = Sender(request.user, workspace.id, workspace.name, request_id=request.request_id)
    _say(request, remind(chosen.chase, chosen.ids, sender), chosen.week)
    return redirect(chosen.back)


def _say(request: DashboardRequest, outcome: Outcome, week: Week) -> None:
    if outcome.reminded:
        names = format_html_join(", ", "<bdi>{}</bdi>", ((name,) for name, _ in outcome.reminded))
        count = len(outcome.reminded)
        text = "Reminded {} member{} about {}: {}."
        plural = "s" if count != 1 else ""
        messages.success(request, format_html(text, count, plural, week.label, names))
    if outcome.skipped:
        said = format_html_join("; ", "<bdi>{}</bdi> ({})", outcome.skipped)
        messages.warning(request, format_html("Not reminded: {}.", said))


@require_POST
def missing_submit(request: DashboardRequest) -> HttpResponse:
    """Submit the selected members' sheets of the week as a bulk job, then show the job."""
    chosen = _chosen(request, "Nothing was submitted")
    if isinstance(chosen, HttpResponse):
        return chosen
    workspace = chosen.workspace
    job, skipped = submit_job(chosen.chase, chosen.ids, request.user, workspace.id, workspace.name)
    if skipped:
        said = format_html_join("; ", "<bdi>{}</bdi>: {}", skipped)
        level = messages.warning if job else messages.error
        level(request, format_html("Not submitted: {}.", said))
    if job is None:
        return redirect(chosen.back)
    start(job)
    return redirect("approvals:job", job_id=job.pk)


def _first_error(form: SelectionForm) -> str:
    return next((str(e) for errors in form.errors.values() for e in errors), "Check the form.")


@require_http_methods(["GET", "POST"])
def missing_template(request: DashboardRequest) -> HttpResponse:
    """The reminder's words for this workspace, with a preview."""
    workspace = _manager(request)
    if workspace is None:
        return _refuse(request)
    stored = ReminderTemplate.objects.filter(workspace_id=workspace.id).first()
    instance = stored or ReminderTemplate(
        workspace_id=workspace.id, subject=DEFAULT_SUBJECT, body=DEFAULT_BODY
    )
    form = TemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        record(
            user=request.user,
            action="reminder_template.update",
            outcome="ok",
            target=("workspace", workspace.id, workspace.name),
            workspace_id=workspace.id,
            workspace_name=workspace.name,
            summary={"subject": saved.subject, "body": saved.body},
            request_id=request.request_id,
        )
        messages.success(request, "The reminder's words are saved.")
        return redirect("approvals:missing_template")
    context: dict[str, Any] = {"form": form, "stored": stored, "placeholders": PLACEHOLDERS}
    if not form.is_bound:
        sample = SAMPLE | {"week": default_week(timezone.localdate()).label}
        words = Words(instance.subject, instance.body)
        context["preview"] = words.render(sample | {"link": timesheets_link()})
    status = 400 if form.is_bound else 200
    return render(request, "approvals/missing_template.html", context, status=status)


@require_http_methods(["GET", "POST"])
def missing_schedule(request: DashboardRequest) -> HttpResponse:
    """When reminders go out by themselves; saving it makes this user's connection the one used."""
    workspace = _manager(request)
    if workspace is None:
        return _refuse(request)
    schedule = ReminderSchedule.objects.filter(workspace_id=workspace.id).first()
    if request.method == "GET":
        form = ScheduleForm(instance=schedule, initial=None if schedule else _schedule_initial())
        return render(request, "approvals/missing_schedule.html", {"schedule_form": form})
    instance = schedule or ReminderSchedule(workspace_id=workspace.id, user=request.user)
    form = ScheduleForm(request.POST, instance=instance)
    if not form.is_valid():
        context = {"schedule_form": form}
        return render(request, "approvals/missing_schedule.html", context, status=400)
    saved = form.save(commit=False)
    saved.user, saved.workspace_name = request.user, workspace.name
    saved.active_since = timezone.now()
    saved.save()
    summary = {name: str(form.cleaned_data[name]) for name in ScheduleForm.Meta.fields}
    record(
        user=request.user,
        action="reminder_schedule.update",
        outcome="ok",
        target=("workspace", workspace.id, workspace.name),
        workspace_id=workspace.id,
        workspace_name=workspace.name,
        summary=summary,
        request_id=request.request_id,
    )
    if saved.enabled:
        when = f"every {WEEKDAYS[saved.weekday]} at {saved.at:%H:%M} ({saved.time_zone})"
        messages.success(request, f"Reminders go out {when}, with your WebWork connection.")
    else:
        messages.success(request, "Scheduled reminders are off.")
    return redirect(safe_next(request, reverse("approvals:missing")))
