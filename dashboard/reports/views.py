"""Reports: the list of kinds, and one page per kind with filters, charts, tables and exports.

A report page answers at once with its filters and a loading state; the report itself comes
with a second request (htmx, on load), because a long range takes several upstream calls.
Without JavaScript, ``inline=1`` renders the report in the page itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import Pager, wants_refresh
from dashboard.core.upstream import describe
from dashboard.reports.exports import csv_export, filename, xlsx_export
from dashboard.reports.forms import ReportFilterForm
from dashboard.reports.kinds import KINDS, ReportKind
from dashboard.reports.names import Names
from dashboard.webwork.errors import WebworkAuthError, WebworkError
from dashboard.webwork.resources.reports import split_range

PAGE = "reports/report.html"
ROWS_PER_PAGE = 100
DASH = "\u2013"


def _kind(slug: str) -> ReportKind:
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404("There is no such report.") from None


def _wants_report(request: DashboardRequest) -> bool:
    """The report body itself: htmx asking for it, or a browser without JavaScript."""
    if request.htmx and not request.htmx.history_restore_request:
        return True
    return request.GET.get("inline") == "1"


def _filter_form(request: DashboardRequest, kind: ReportKind) -> tuple[ReportFilterForm, Names]:
    ww = request.webwork
    members, projects = ww.gather(lambda: ww.members.all(), lambda: ww.projects.all())
    people = sorted(
        ((m.id, m.name) for m in members if m.role != "Project viewer"), key=lambda c: c[1]
    )
    form = ReportFilterForm(
        request.GET,
        single_day=kind.single_day,
        today=timezone.localdate(),
        members=people,
        projects=sorted(((p.id, p.name) for p in projects), key=lambda c: c[1]),
    )
    return form, Names.of(members, projects)


@require_GET
def index(request: DashboardRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"kinds": list(KINDS.values())})


@require_GET
def report(request: DashboardRequest, kind: str) -> HttpResponse | StreamingHttpResponse:
    spec = _kind(kind)
    form, names = _filter_form(request, spec)
    context: dict[str, Any] = {"kind": spec, "kinds": list(KINDS.values()), "form": form}
    partial = _wants_report(request) and request.htmx
    template = f"{PAGE}#report" if partial else PAGE
    if not form.is_valid():
        return render(request, template, context, status=200 if request.htmx else 400)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        return _export(request, spec, form, names, export)
    context |= _links(form)
    if _wants_report(request):
        context |= _load(request, spec, form, names)
    else:
        context["chunks"] = 1 if spec.single_day else len(split_range(*_period(form)))
    response = render(request, template, context, status=context.pop("status", 200))
    if partial and not spec.single_day:
        start, end = _period(form)
        period = {"start": start.isoformat(), "end": end.isoformat()}
        trigger_client_event(response, "report-period", period)
    return response


def _period(form: ReportFilterForm) -> tuple[date, date]:
    return form.cleaned_data["start"], form.cleaned_data["end"]


def _links(form: ReportFilterForm) -> dict[str, Any]:
    query = urlencode(form.query(), doseq=True)
    links = {
        "query": query,
        "inline_query": urlencode(form.query(inline="1"), doseq=True),
        "refresh_url": "?" + urlencode(form.query(inline="1", refresh="1"), doseq=True),
        "period_label": period_label(*_period(form)),
    }
    if form.single_day:
        day = form.cleaned_data["day"]
        for name, delta in (("previous_day", -1), ("next_day", 1)):
            other = day + timedelta(days=delta)
            links[name] = urlencode(form.query(day=other.isoformat(), inline="1"), doseq=True)
    return links


def _paced(request: DashboardRequest, spec: ReportKind, form: ReportFilterForm) -> Any:
    """The client for the report. A long range may take more calls (chunks, member pages) than
    the budget lets go at once; then it waits its turn like a bulk job (leaving a reserve to
    the user's other pages) instead of failing fast after a few seconds."""
    if spec.single_day:
        return request.webwork
    expected = len(split_range(*_period(form))) * spec.calls_per_chunk
    if expected <= request.webwork.remaining():
        return request.webwork
    return request.webwork.background()


def _load(
    request: DashboardRequest, spec: ReportKind, form: ReportFilterForm, names: Names
) -> dict[str, Any]:
    """The report, or what went wrong (shown in place of the report, with a retry)."""
    refresh = wants_refresh(request)
    try:
        report = spec.fetch(_paced(request, spec, form), form.cleaned_data, refresh, True)
    except WebworkAuthError:
        raise
    except WebworkError as exc:
        title, detail, status = describe(exc)
        return {
            "failure": {"title": title, "detail": detail},
            "status": 200 if request.htmx else status,
        }
    view = spec.build(report, names)
    rows = Paginator(getattr(view, "rows", []), ROWS_PER_PAGE).get_page(request.GET.get("page"))

    def link(number: int) -> str:
        return "?" + urlencode(form.query(inline="1", page=number), doseq=True)

    pager = Pager.of(rows, link, "#report")
    return {"report": report, "view": view, "rows_page": rows, "pager": pager}


def period_label(start: date, end: date) -> str:
    """``Wed 25 Nov 2026``, ``1 to 30 Nov 2026``, ``28 Oct to 3 Nov 2026`` (with an en dash)."""
    if start == end:
        return start.strftime("%a %-d %b %Y")
    if start.year != end.year:
        return f"{start.strftime('%-d %b %Y')} {DASH} {end.strftime('%-d %b %Y')}"
    if start.month != end.month:
        return f"{start.strftime('%-d %b')} {DASH} {end.strftime('%-d %b %Y')}"
    return f"{start.day} {DASH} {end.strftime('%-d %b %Y')}"


def _export(
    request: DashboardRequest,
    spec: ReportKind,
    form: ReportFilterForm,
    names: Names,
    export: str,
) -> HttpResponse | StreamingHttpResponse:
    """What the page shows, as a file; never a partial report (a failure raises instead)."""
    report = spec.fetch(_paced(request, spec, form), form.cleaned_data, False, False)
    sheets = spec.build(report, names).sheets()
    name = filename(spec.slug, *_period(form), export)
    if export == "csv":
        return csv_export(name, sheets[0])
    return xlsx_export(name, sheets)
