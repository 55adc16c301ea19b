"""Bulk decisions: a preview, then a background job with live progress."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dashboard.core.http import DashboardRequest, WorkspaceRequired
from dashboard.core.lists import ListState
from dashboard.core.navigation import safe_next
from dashboard.webwork.resources.query import Paging
from dashboard.webwork.transport.budget import default_budget

from .. import jobs
from ..forms import BulkForm
from ..kinds import KINDS
from ..models import BulkItem, BulkJob
from ..tasks import resume_if_stale, start


@require_POST
def bulk(request: DashboardRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    back = safe_next(request, reverse("approvals:inbox"))
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        context = {"form": form, "back": back, "errors": errors}
        return render(request, "approvals/bulk_preview.html", context, status=400)
    data = form.cleaned_data
    if request.POST.get("confirm") != "1":
        return render(request, "approvals/bulk_preview.html", _preview(request, form, back))
    job = _create(request, data)
    start(job)  # the job page says how it goes, following its status
    return redirect("approvals:job", job_id=job.pk)


def _preview(request: DashboardRequest, form: BulkForm, back: str) -> dict[str, Any]:
    data = form.cleaned_data
    context: dict[str, Any] = {"form": form, "back": back, "data": data, "ready": True}
    if data.get("scope") == "all":
        kind = KINDS[data["collect_kind"]]
        page = kind.list_page(request.webwork, data["upstream_filters"], Paging(per_page=1))
        context |= {"kind": kind, "count": page.total}
        context["ready"] = page.total > 0
    else:
        context |= {"count": len(data["items"]), "selected": data["items"]}
    return context


def _create(request: DashboardRequest, data: dict[str, Any]) -> BulkJob:
    workspace = request.workspace
    if workspace is None:  # request.webwork was used before, which needs a workspace
        raise WorkspaceRequired
    everything = data.get("scope") == "all"
    with transaction.atomic():
        job = BulkJob.objects.create(
            user=request.user,
            workspace_id=workspace.id,
            workspace_name=workspace.name,
            action=data["action"],
            reason=data.get("reason") or "",
            collect_kind=data["collect_kind"] if everything else "",
            collect_filters=(data.get("filters") or {}) if everything else {},
        )
        if not everything:
            BulkItem.objects.bulk_create(
                BulkItem(
                    job=job,
                    position=n,
                    kind=kind,
                    target_id=target,
                    label=label[:255],
                    label_from_request=True,
                )
                for n, (kind, target, label) in enumerate(data["items"])
            )
    return job


def _job_of(request: DashboardRequest, job_id: UUID) -> BulkJob:
    job = get_object_or_404(BulkJob, pk=job_id)
    if job.user_id != request.user.pk and not request.user.is_superuser:
        raise Http404("No such job.")
    return job


def progress(job: BulkJob, state: ListState) -> dict[str, Any]:
    """Counts, the share finished, the time left at the budget's pace (or slower, as seen), and
    one page of the items."""
    counts = jobs.counts(job)
    finished = counts["done"] + counts["failed"]
    left = counts["pending"] + counts["sending"]
    per_item = default_budget().rate.interval
    if job.started_at and finished and job.is_active:
        elapsed = (timezone.now() - job.started_at).total_seconds()
        per_item = max(per_item, elapsed / finished)
    return {
        "job": job,
        "counts": counts,
        "finished": finished,
        "percent": round(100 * finished / counts["total"]) if counts["total"] else 0,
        "eta_seconds": int(left * per_item) if job.is_active else 0,
        "per_minute": int(60 / per_item) if per_item else 0,
        **_items(job, state),
    }


def _items(job: BulkJob, state: ListState) -> dict[str, Any]:
    items = Paginator(job.items.all(), state.per_page).get_page(state.page)
    return {"state": state, "items": items, "pager": state.pager(items, target="#progress")}


@require_GET
def job_detail(request: DashboardRequest, job_id: UUID) -> HttpResponse:
    job = _job_of(request, job_id)
    if resume_if_stale(job):
        job.refresh_from_db()
    template = "approvals/job.html#progress" if request.htmx else "approvals/job.html"
    return render(request, template, progress(job, ListState.from_request(request)))


@require_POST
def job_cancel(request: DashboardRequest, job_id: UUID) -> HttpResponse:
    job = _job_of(request, job_id)
    jobs.cancel(job)
    if request.htmx:
        state = ListState.from_request(request)
        return render(request, "approvals/job.html#progress", progress(job, state))
    messages.info(request, "The job stops after the item it is working on.")
    return redirect("approvals:job", job_id=job.pk)


@require_POST
def job_retry(request: DashboardRequest, job_id: UUID) -> HttpResponse:
    job = _job_of(request, job_id)
    if job.is_active:
        messages.info(request, "The job is still running; retry once it has finished.")
    elif jobs.retry_listing(job):
        start(job)
        messages.success(request, "The job lists the rest of the items, then sends them.")
    elif again := jobs.retry_failed(job):
        start(job)
        messages.success(request, f"{again} failed item{'s' if again != 1 else ''} queued again.")
    job.refresh_from_db()
    if request.htmx:
        state = ListState.from_request(request)
        return render(request, "approvals/job.html#progress", progress(job, state))
    return redirect("approvals:job", job_id=job.pk)
