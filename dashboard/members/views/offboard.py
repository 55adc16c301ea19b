"""Offboarding one member, a guided flow that resumes where it stopped.

Step 1 decides (or leaves) what they have waiting, step 2 pauses their active contracts, step 3
archives them. Each step is one page read in one concurrent round; each POST checks everything
before it sends anything, records each item's outcome on the user's ``Offboarding`` row, and
moves on only when every item it sent went through.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.core.http import DashboardRequest
from dashboard.webwork.records import Contract, Member

from .. import offboarding
from ..forms import DecisionsForm
from ..models import Offboarding
from .common import (
    NO_RESTORE,
    OWNER_NOT_ARCHIVED,
    may_manage,
    refuse,
    refuse_owner,
    refuse_role,
)

Step = Offboarding.Step
STEPS = (Step.WAITING, Step.CONTRACTS, Step.ARCHIVE)


def _progress(request: DashboardRequest, member_id: int) -> Offboarding | None:
    workspace_id = request.workspace.id if request.workspace else 0
    return Offboarding.of(request.user, workspace_id, member_id)


def _begin(request: DashboardRequest, member_id: int, name: str) -> Offboarding:
    workspace_id = request.workspace.id if request.workspace else 0
    return Offboarding.begin(request.user, workspace_id, member_id, name)


def _reached(progress: Offboarding | None) -> int:
    return progress.step if progress else Step.WAITING


@require_GET
def offboard(request: DashboardRequest, member_id: int) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    progress = _progress(request, member_id)
    if progress is not None and progress.is_done:
        return _show(request, _done_context(progress))
    try:
        asked = int(request.GET.get("step") or _reached(progress))
    except ValueError:
        asked = _reached(progress)
    step = asked if Step.WAITING <= asked <= _reached(progress) else _reached(progress)
    return _show(request, _step_context(request, member_id, step, progress))


def _show(request: DashboardRequest, context: dict[str, Any]) -> HttpResponse:
    template = "members/offboard.html#flow" if request.htmx else "members/offboard.html"
    return render(request, template, context)


@dataclass(frozen=True)
class Read:
    """What one step shows of WebWork, read in one concurrent round."""

    member: Member
    waiting: offboarding.WaitingList | None = None
    contracts: tuple[Contract, ...] = ()


def _read(request: DashboardRequest, member_id: int, step: int) -> Read:
    ww = request.webwork
    if step == Step.WAITING:
        member, *lists = ww.gather(
            lambda: ww.members.get(member_id), *offboarding.waiting_reads(ww, member_id)
        )
        return Read(member, waiting=offboarding.WaitingList.of(*lists))
    if step == Step.CONTRACTS:
        member, contracts = ww.gather(
            lambda: ww.members.get(member_id), lambda: ww.contracts.all(user_id=member_id)
        )
        return Read(member, contracts=contracts.items)
    return Read(ww.members.get(member_id))


def _step_context(
    request: DashboardRequest,
    member_id: int,
    step: int,
    progress: Offboarding | None,
    read: Read | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """What the page of ``step`` shows; ``read`` when the view has already read it."""
    read = read or _read(request, member_id, step)
    context: dict[str, Any] = {"step": step, "progress": progress, **extra}
    if read.waiting is not None:
        items = read.waiting.items
        form = extra.get("form") or DecisionsForm(keys=[item.key for item in items])
        context["rows"] = [(item, *_fields(form, item)) for item in items]
    done = [(s, s.label, progress.results_of(s)) for s in STEPS if progress and s < step]
    context |= {
        "member": read.member,
        "waiting": read.waiting,
        "active": [c for c in read.contracts if not c.is_paused],
        "paused": [c for c in read.contracts if c.is_paused],
        "steps": _steps(step, progress),
        "outcomes": progress.results_of(step) if progress and step in STEPS else [],
        "earlier": done,
        "owner": OWNER_NOT_ARCHIVED if read.member.is_owner else "",
        "no_restore": NO_RESTORE,
    }
    return context


def _fields(form: DecisionsForm, item: offboarding.Waiting) -> tuple[Any, Any]:
    return form[f"decide-{item.key}"], form[f"reason-{item.key}"]


def _steps(current: int, progress: Offboarding | None) -> list[dict[str, Any]]:
    reached = _reached(progress)
    return [
        {
            "number": s.value,
            "label": s.label,
            "current": s == current,
            "open": s <= reached,
            "done": s < reached,
        }
        for s in STEPS
    ]


def _done_context(progress: Offboarding) -> dict[str, Any]:
    return {
        "step": Step.DONE,
        "progress": progress,
        "member_name": progress.member_name,
        "steps": _steps(Step.DONE, progress),
        "earlier": [(s, s.label, progress.results_of(s)) for s in STEPS],
        "no_restore": NO_RESTORE,
    }


def _after(request: DashboardRequest, member_id: int, progress: Offboarding) -> HttpResponse:
    """Where a step's POST leads: the step the flow has reached, with every outcome so far."""
    if not request.htmx:
        return redirect("members:offboard", member_id=member_id)
    if progress.is_done:
        return _show(request, _done_context(progress) | {"refocus": True})
    context = _step_context(request, member_id, progress.step, progress, refocus=True)
    return _show(request, context)


def _out_of_order(request: DashboardRequest) -> HttpResponse:
    return refuse(request, "Not yet", "Finish the earlier steps of the offboarding first.", 409)


@require_POST
def offboard_waiting(request: DashboardRequest, member_id: int) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    read = _read(request, member_id, Step.WAITING)
    member = read.member
    if member.is_owner:
        return refuse_owner(request, OWNER_NOT_ARCHIVED)
    assert read.waiting is not None
    items = {item.key: item for item in read.waiting.items}
    form = DecisionsForm(request.POST, keys=list(items))
    progress = _progress(request, member_id)
    if not form.is_valid():
        context = _step_context(request, member_id, Step.WAITING, progress, read, form=form)
        return _show(request, context)
    progress = _begin(request, member.id, member.name)
    outcomes = [
        offboarding.decide(request, member, items[key], verb, reason)
        for key, (verb, reason) in form.decisions().items()
    ]
    progress.record(Step.WAITING, outcomes, advance=all(ok for _, ok, _ in outcomes))
    return _after(request, member_id, progress)


@require_POST
def offboard_contracts(request: DashboardRequest, member_id: int) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    progress = _progress(request, member_id)
    if _reached(progress) < Step.CONTRACTS:
        return _out_of_order(request)
    assert progress is not None
    read = _read(request, member_id, Step.CONTRACTS)
    if read.member.is_owner:
        return refuse_owner(request, OWNER_NOT_ARCHIVED)
    active = {str(c.id): c for c in read.contracts if not c.is_paused}
    chosen = request.POST.getlist("pause")
    if any(value not in active for value in chosen):
        error = "Only their active contracts can be paused here; nothing was sent."
        context = _step_context(request, member_id, Step.CONTRACTS, progress, read, error=error)
        return _show(request, context)
    outcomes = [offboarding.pause(request, active[value]) for value in dict.fromkeys(chosen)]
    progress.record(Step.CONTRACTS, outcomes, advance=all(ok for _, ok, _ in outcomes))
    return _after(request, member_id, progress)


@require_POST
def offboard_archive(request: DashboardRequest, member_id: int) -> HttpResponse:
    if not may_manage(request):
        return refuse_role(request)
    progress = _progress(request, member_id)
    if _reached(progress) < Step.ARCHIVE:
        return _out_of_order(request)
    assert progress is not None
    member = request.webwork.members.get(member_id)
    if member.is_owner:
        return refuse_owner(request, OWNER_NOT_ARCHIVED)
    outcome = offboarding.archive(request, member)
    progress.record(Step.ARCHIVE, [outcome], advance=outcome[1])
    return _after(request, member_id, progress)


@require_POST
def offboard_restart(request: DashboardRequest, member_id: int) -> HttpResponse:
    """Forget this user's progress (the audit log keeps what was done), and start again."""
    if not may_manage(request):
        return refuse_role(request)
    progress = _progress(request, member_id)
    if progress is not None:
        progress.delete()
    return redirect(reverse("members:offboard", args=[member_id]))
