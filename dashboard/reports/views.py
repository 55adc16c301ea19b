"""Reports: the list of kinds, and one page per kind with filters, charts, tables and exports.

A report page answers at once with its filters and a loading state; the report itself comes
with a second request (htmx, on load), because a long range takes several upstream calls.
A report of more than one part answers that request with its parts instead, each then read by
a request of its own (``?part=N``, see ``progress``) with a progress bar, and once they are all
in, the whole report (read from the cache). Without JavaScript, ``inline=1`` renders the
report in the page itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import Pager, wants_refresh
from dashboard.core.upstream import describe
from dashboard.reports import progress
from dashboard.reports.exports import csv_export, filename, xlsx_export
from dashboard.reports.forms import ReportFilterForm
from dashboard.reports.kinds import KINDS, ReportKind
from dashboard.reports.names import Names
from dashboard.reports.parts import first_open_day, owner_zone, plan, summaries
from dashboard.webwork.errors import WebworkAuthError, WebworkError
from dashboard.webwork.records import Report
from dashboard.webwork.resources.reports import Parts

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


def _filter_form(
    request: DashboardRequest, kind: ReportKind
) -> tuple[ReportFilterForm, Names, tzinfo]:
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
    return form, Names.of(members, projects), owner_zone(members)


@require_GET
def index(request: DashboardRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"kinds": list(KINDS.values())})


@require_GET
def report(request: DashboardRequest, kind: str) -> HttpResponse | StreamingHttpResponse:
    spec = _kind(kind)
    form, names, zone = _filter_form(request, spec)
    if "part" in request.GET:
        return progress.part(request, spec, form, zone)
    context: dict[str, Any] = {"kind": spec, "kinds": list(KINDS.values()), "form": form}
    partial = _wants_report(request) and request.htmx
    template = f"{PAGE}#report" if partial else PAGE
    if not form.is_valid():
        return render(request, template, context, status=200 if request.htmx else 400)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        if request.htmx and request.GET.get("prepare"):
            return progress.prepare_export(request, spec, form, zone, export)
        return _export(request, spec, form, names, zone, export)
    context |= _links(form)
    context["chunks"] = len(plan(*_period(form), spec.single_day))
    if _wants_report(request):
        context |= _body(request, spec, form, names, zone)
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
    return progress.paced(request.webwork, len(plan(*_period(form))) * spec.calls_per_chunk)


def _body(
    request: DashboardRequest,
    spec: ReportKind,
    form: ReportFilterForm,
    names: Names,
    zone: tzinfo,
) -> dict[str, Any]:
    """The report; or, asked for by the page (``X-Report-Parts``), its parts while some of them
    are still to be read, or once they have been, the report from what the cache holds."""
    mode = request.headers.get(progress.HEADER)
    parts = plan(*_period(form), spec.single_day)
    refresh = wants_refresh(request)
    if mode not in progress.MODES or (len(parts) == 1 and mode != "assemble"):
        return _load(request, spec, form, names, zone)
    if refresh and mode == "progressive":
        return progress.region(form, parts, {}, refresh=True)
    kept = None if mode == "assemble" else _kept(request, spec, form, names)
    if kept is not None:
        return kept
    cached = Parts(today=first_open_day(zone), cached_only=True)
    held = spec.fetch(request.webwork, form.cleaned_data, False, True, cached)
    if held.missing and mode == "progressive":
        return progress.region(form, parts, summaries(held, parts))
    if not held.parts:
        reasons = "; ".join(sorted({gap.reason for gap in held.missing}))
        detail = f"WebWork did not deliver any part of it ({reasons})."
        return {"failure": {"title": "The report could not be read", "detail": detail}}
    return _shown(request, spec, form, names, held, _computed(request, spec, form, names, held))


def _load(
    request: DashboardRequest,
    spec: ReportKind,
    form: ReportFilterForm,
    names: Names,
    zone: tzinfo,
) -> dict[str, Any]:
    """The report, or what went wrong (shown in place of the report, with a retry)."""
    refresh = wants_refresh(request)
    kept = None if refresh else _kept(request, spec, form, names)
    if kept is not None:
        return kept
    parts = Parts(today=first_open_day(zone))
    try:
        report = spec.fetch(_paced(request, spec, form), form.cleaned_data, refresh, True, parts)
    except WebworkAuthError:
        raise
    except WebworkError as exc:
        title, detail, status = describe(exc)
        return {
            "failure": {"title": title, "detail": detail},
            "status": 200 if request.htmx else status,
        }
    view = _computed(request, spec, form, names, report)
    return _shown(request, spec, form, names, report, view)


@dataclass(frozen=True)
class Shown:
    """A report's body as shown (one page of its rows), kept so a warm view only sends it."""

    empty: bool
    html: SafeString


def _key(spec: ReportKind, form: ReportFilterForm, names: Names, *more: Any) -> tuple[str, Any]:
    """What a computed report is kept under: the kind, its filters, and the names it shows."""
    filters = sorted((k, v) for k, v in form.query().items() if k != "period")
    return spec.slug, (filters, names.stamp, *more)


def _kept(
    request: DashboardRequest, spec: ReportKind, form: ReportFilterForm, names: Names
) -> dict[str, Any] | None:
    """The report as shown before, else as computed before (shown again), else None."""
    reports = request.webwork.reports
    page = request.GET.get("page", "")[:12]
    shown = reports.computed(*_key(spec, form, names, "shown", page))
    if shown is not None:
        return {"report": shown[0], "shown": shown[1]}
    computed = reports.computed(*_key(spec, form, names))
    if computed is None:
        return None
    return _shown(request, spec, form, names, *computed)


def _computed(
    request: DashboardRequest,
    spec: ReportKind,
    form: ReportFilterForm,
    names: Names,
    report: Report,
) -> Any:
    """What the kind computes from the report (rows, totals, charts), kept as long as its parts."""
    view = spec.build(report, names)
    request.webwork.reports.keep_computed(*_key(spec, form, names), report, view)
    return view


def _shown(
    request: DashboardRequest,
    spec: ReportKind,
    form: ReportFilterForm,
    names: Names,
    report: Report,
    view: Any,
) -> dict[str, Any]:
    """The report's body drawn (tables, charts, one page of rows), kept like what it shows."""
    page = request.GET.get("page", "")[:12]
    rows = Paginator(getattr(view, "rows", []), ROWS_PER_PAGE).get_page(page)

    def link(number: int) -> str:
        return "?" + urlencode(form.query(inline="1", page=number), doseq=True)

    context = {
        "view": view,
        "form": form,
        "rows_page": rows,
        "pager": Pager.of(rows, link, "#report"),
    }
    shown = Shown(view.empty, render_to_string(view.template, context))
    request.webwork.reports.keep_computed(*_key(spec, form, names, "shown", page), report, shown)
    return {"report": report, "shown": shown}


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
    zone: tzinfo,
    export: str,
) -> HttpResponse | StreamingHttpResponse:
    """What the page shows, as a file; never a partial report (a failure raises instead).

    The parts the page has read are in the cache, so an export right after viewing asks
    WebWork nothing; ``progress.prepare_export`` reads the missing ones first, with progress.
    """
    computed = request.webwork.reports.computed(*_key(spec, form, names))
    if computed is not None:
        view = computed[1]
    else:
        parts = Parts(today=first_open_day(zone))
        report = spec.fetch(_paced(request, spec, form), form.cleaned_data, False, False, parts)
        view = _computed(request, spec, form, names, report)
    sheets = view.sheets()
    name = filename(spec.slug, *_period(form), export)
    if export == "csv":
        return csv_export(name, sheets[0])
    return xlsx_export(name, sheets)
