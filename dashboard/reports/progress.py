"""A long report part by part: the parts and their progress, one part's request, and exports
that read the missing parts first.

The page asks for the report with ``X-Report-Parts: progressive``. While parts are still to be
read, it gets the list of parts (those in the cache already shown as done) and a progress bar;
``static/js/reports.js`` then asks for each missing part (``?part=N``), one until the first has
arrived, then two at a time, and finally for the whole report (``X-Report-Parts: assemble``),
which is read from the cache. A part that the request budget holds up says so and asks again
after the wait WebWork named (``attempt`` counts the tries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import format_html
from django_htmx.http import HttpResponseClientRedirect

from dashboard.core.http import DashboardRequest
from dashboard.core.lists import wants_refresh
from dashboard.core.upstream import describe
from dashboard.reports.forms import ReportFilterForm
from dashboard.reports.kinds import ReportKind
from dashboard.reports.parts import PartSummary, first_open_day, plan, summaries
from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkError,
    WebworkRateLimited,
    WebworkUnavailable,
)
from dashboard.webwork.resources.reports import Parts, Range

HEADER = "X-Report-Parts"
MODES = ("progressive", "assemble")
PREFIXES = ("report", "export")
MAX_ATTEMPTS = 3
RETRY_SECONDS = (2, 30)  # the wait before a part held up by the budget asks again, bounded


@dataclass(frozen=True)
class Slot:
    """One part in the list: where it stands, and the address that reads it."""

    prefix: str
    index: int
    start: date
    end: date
    url: str
    state: str  # queued, done, waiting or failed
    summary: PartSummary | None = None
    reason: str = ""
    retry_in: int = 0

    @property
    def dom_id(self) -> str:
        return f"{self.prefix}-part-{self.index}"


def paced(ww: Any, calls: int) -> Any:
    """The client for ``calls`` upstream calls: a page's, or a job's that waits its turn."""
    return ww if calls <= ww.remaining() else ww.background()


def part_url(
    form: ReportFilterForm, index: int, *, prefix: str, refresh: bool = False, attempt: int = 1
) -> str:
    extra: dict[str, Any] = {"part": index}
    if prefix != "report":
        extra["for"] = prefix
    if refresh:
        extra["refresh"] = "1"
    if attempt > 1:
        extra["attempt"] = attempt
    return "?" + urlencode(form.query(**extra), doseq=True)


def region(
    form: ReportFilterForm,
    parts: list[Range],
    arrived: dict[int, PartSummary],
    *,
    prefix: str = "report",
    refresh: bool = False,
) -> dict[str, Any]:
    """The context of the parts list: each part done (shown) or queued (to be read)."""
    slots = [
        Slot(prefix, i, start, end, part_url(form, i, prefix=prefix, refresh=refresh), "queued")
        if i not in arrived
        else Slot(prefix, i, start, end, "", "done", arrived[i])
        for i, (start, end) in enumerate(parts)
    ]
    return {"progress": {"prefix": prefix, "slots": slots, "done": len(arrived)}}


def _refuse(message: str) -> HttpResponse:
    return HttpResponse(format_html('<p class="error">{}</p>', message), status=400)


def _index(raw: str | None, count: int) -> int | None:
    if raw is None or not raw.isdigit() or len(raw) > 4:
        return None
    index = int(raw)
    return index if index < count else None


def part(
    request: DashboardRequest, spec: ReportKind, form: ReportFilterForm, zone: tzinfo
) -> HttpResponse:
    """``?part=N``: one part of the report, read on its own, answered as its item in the list."""
    if spec.single_day:
        return _refuse("A report of one day is read in one go: it has no parts.")
    if not form.is_valid():
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _refuse(f"Check the filters: {errors}")
    parts = plan(form.cleaned_data["start"], form.cleaned_data["end"])
    raw = request.GET.get("part")
    index = _index(raw, len(parts))
    if index is None:
        return _refuse(
            f"This report has {len(parts)} parts, numbered 0 to {len(parts) - 1}: "
            f"there is no part {(raw or '')[:12]!r}."
        )
    prefix = request.GET.get("for", "report")
    if prefix not in PREFIXES:
        return _refuse(f"A part is read for the report or for an export, not {prefix[:12]!r}.")
    tries = request.GET.get("attempt", "")[:2]
    attempt = int(tries) if tries.isdigit() else 1
    refresh = wants_refresh(request)
    start, end = parts[index]
    slot = Slot(prefix, index, start, end, "", "done")
    chosen = Parts(ranges=(parts[index],), today=first_open_day(zone))
    try:
        ww = paced(request.webwork, spec.calls_per_chunk)
        found = spec.fetch(ww, form.cleaned_data, refresh, True, chosen)
    except WebworkAuthError:
        raise
    except (WebworkUnavailable, WebworkRateLimited) as exc:
        slot = _held_up(form, slot, exc, attempt, refresh)
    except WebworkError as exc:
        return _whole_report_fails(request, spec, form, prefix, exc)
    else:
        slot = Slot(prefix, index, start, end, "", "done", summaries(found, [parts[index]])[0])
    return render(request, "reports/_part.html", {"slot": slot})


def _held_up(
    form: ReportFilterForm, slot: Slot, exc: WebworkError, attempt: int, refresh: bool
) -> Slot:
    """A part that WebWork or the budget held up: asked for again after a wait, a few times."""
    if attempt >= MAX_ATTEMPTS:
        return Slot(slot.prefix, slot.index, slot.start, slot.end, "", "failed", reason=exc.message)
    if isinstance(exc, WebworkRateLimited):
        wait, why = exc.retry_after, "WebWork's request budget is used up for the moment"
    else:
        wait, why = 5, "WebWork did not answer"
    low, high = RETRY_SECONDS
    url = part_url(form, slot.index, prefix=slot.prefix, refresh=refresh, attempt=attempt + 1)
    seconds = int(min(high, max(low, wait)))
    return Slot(
        slot.prefix, slot.index, slot.start, slot.end, url, "waiting", reason=why, retry_in=seconds
    )


def _whole_report_fails(
    request: DashboardRequest,
    spec: ReportKind,
    form: ReportFilterForm,
    prefix: str,
    exc: WebworkError,
) -> HttpResponse:
    """A refusal that every part would meet (the role, the filters): said once, in place of the
    report (or of the export's progress)."""
    title, detail, _ = describe(exc)
    query = urlencode(form.query(), doseq=True)
    context = {
        "kind": spec,
        "form": form,
        "failure": {"title": title, "detail": detail},
        "query": query,
        "inline_query": urlencode(form.query(inline="1"), doseq=True),
    }
    if prefix == "export":
        response = render(request, "reports/_export.html", context)
        response["HX-Retarget"] = "#report-export"
        response["HX-Reswap"] = "innerHTML"
        return response
    response = render(request, "reports/report.html#report", context)
    response["HX-Retarget"] = "#report"
    response["HX-Reswap"] = "outerHTML"
    return response


def prepare_export(
    request: DashboardRequest, spec: ReportKind, form: ReportFilterForm, zone: tzinfo, export: str
) -> HttpResponse:
    """The export button (htmx): the file at once when the cache holds every part, else the
    missing parts read with progress first, then the file (``prepare=again``)."""
    data = form.cleaned_data
    parts = plan(data["start"], data["end"], spec.single_day)
    cached = Parts(today=first_open_day(zone), cached_only=True)
    held = spec.fetch(request.webwork, data, False, True, cached)
    query = urlencode(form.query(), doseq=True)
    if not held.missing or len(parts) == 1:  # a single part: the download itself is the wait
        return HttpResponseClientRedirect("?" + urlencode(form.query(format=export), doseq=True))
    label = export.upper()
    context: dict[str, Any] = {"kind": spec, "form": form, "query": query, "export": export}
    if request.GET.get("prepare") == "again":
        # The parts were read and some did not arrive: say so rather than ask again at once.
        context["failure"] = {
            "title": f"The {label} export could not be prepared",
            "detail": "WebWork did not deliver every part of the report. Try again in a moment.",
        }
        return render(request, "reports/_export.html", context)
    context |= region(form, parts, summaries(held, parts), prefix="export")
    return render(request, "reports/_export.html", context)
