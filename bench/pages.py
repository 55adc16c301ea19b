"""Page views against the replay: cold time in rounds of L, warm CPU, fast navigation, a timeout.

    uv run python -m bench.pages [--latency 200] [--quick]

- Cold (both doc variants): each page with an empty cache and a rested budget; upstream calls,
  rounds (groups of calls overlapping in time), the most calls in flight at once, the time,
  and "page / L", the time in units of the injected latency: one round costs 1 plus the
  dashboard's own work. Each review also right after its list, as a manager opens it.
- Warm: the same pages again with their data cached, one client; CPU time of this process per
  view (every thread), the median of 50, the HTML's size and the rows of its tables.
- Fast navigation: Leave, Time requests, Viewers, Assignments and a 90-day report's body, cold
  and one after another with no pause, as fast as someone clicks; what the pacer made wait.
- Timeout: the timesheets list never answers (the replay holds it 15 s, then 504); what a page
  shows and when its first byte comes.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from bench.catalog import FROM_LIST, LISTS, Visit, page_visits, reviews_from_lists, tracked_90
from bench.harness import median, table
from bench.stage import Measured, Run, stage, standalone

TIMEOUTS = ("WEBWORK_TIMEOUT", "WEBWORK_PAGE_DEADLINE", "WEBWORK_DEADLINE")
HANG = {"path": r"/api/v2/timesheets$", "method": "GET", "hang_ms": 15000, "status": 504}
LIST_PAGES = {name for name, _ in LISTS if name != "Inbox"}


def cold(run: Run, variant: str = "api") -> str:
    repeats = 1 if run.quick else 3
    rows: list[list[Any]] = []
    missed: set[str] = set()
    with stage(run, variant) as s:
        visits = page_visits(run.meta) + reviews_from_lists(run.meta)
        for visit in visits:  # once, unmeasured: imports, templates and connections are warm
            s.view(visit)
        for visit in visits:
            runs = [s.view(visit) for _ in range(repeats)]
            first = runs[0]
            seconds = median([m.view.seconds for m in runs])
            best = min(m.view.seconds for m in runs)
            missed |= set(first.stats.missed)
            rows.append(
                [
                    visit.name,
                    first.view.status,
                    first.stats.total,
                    first.stats.rounds,
                    first.stats.max_in_flight,
                    seconds * 1000,
                    s.ratio(seconds),
                    s.ratio(best),
                    median([m.view.cpu for m in runs]) * 1000,
                    first.waits,
                ]
            )
    if variant == "api":
        _cold_goals(run, rows)
    note = (
        f"Median of {repeats} cold views each (best: the fastest of them); L = "
        f"{run.latency_ms:.0f} ms; CPU: this process's CPU time during the view."
    )
    if missed:
        note += f" Not in the recording (answered 404): {', '.join(sorted(missed)[:5])}."
    return table(
        f"Cold pages, {variant} variant: upstream calls, rounds and time in units of L",
        [
            "page",
            "status",
            "calls",
            "rounds",
            "max in flight",
            "ms",
            "page / L",
            "best / L",
            "CPU ms",
            "pacer waited",
        ],
        rows,
        note,
    )


def _cold_goals(run: Run, rows: list[list[Any]]) -> None:
    over = [f"{r[0]} ({r[3]})" for r in rows if r[3] > 1]
    run.goal(
        "Every page one upstream round cold",
        "1 round",
        f"{len(rows) - len(over)} of {len(rows)} pages; more: {', '.join(over) or 'none'}",
        not over,
    )
    slow = [f"{r[0]} {r[6]:.2f}" for r in rows if r[0] in LIST_PAGES and r[6] > 1.15]
    run.goal("Cold list page / L", "<= 1.15", "; ".join(slow) or "all within", not slow)
    inbox = next(r[6] for r in rows if r[0] == "Inbox")
    run.goal("Cold inbox / L", "<= 1.3", f"{inbox:.2f}", inbox <= 1.3)
    reviews = [r for r in rows if r[0].endswith(FROM_LIST)]
    run.goal(
        "Review page opened from its list, cold",
        "<= 3 upstream calls",
        "; ".join(f"{r[0].removesuffix(FROM_LIST)} {r[2]}" for r in reviews),
        bool(reviews) and all(r[2] <= 3 for r in reviews),
    )


def warm(run: Run) -> str:
    count = 10 if run.quick else 50
    rows: list[list[Any]] = []
    with stage(run) as s:
        for visit in page_visits(run.meta):
            s.view(visit)  # cold: fills the cache
            s.upstream.reset(window=False)
            views = [s.dashboard.get(visit.url, htmx=visit.htmx) for _ in range(count)]
            calls = s.upstream.stats().total
            rows.append(
                [
                    visit.name,
                    views[0].status,
                    median([v.cpu for v in views]) * 1000,
                    median([v.seconds for v in views]) * 1000,
                    round(calls / count, 2),
                    views[0].size / 1024,
                    views[0].rows,
                ]
            )
    heavy = [f"{r[0]} {r[2]:.0f}" for r in rows if r[2] > 15]
    run.goal("Warm CPU per page", "<= 15 ms", "; ".join(heavy) or "all within", not heavy)
    return table(
        f"Warm pages, one client: CPU per view (median of {count})",
        ["page", "status", "CPU ms", "wall ms", "upstream calls/view", "HTML KB", "table rows"],
        rows,
        "CPU = process time of the dashboard (this process, every thread) for the view: Django "
        "in its production profile with the Redis cache, through the test client.",
    )


def navigation(run: Run) -> str:
    visits = [Visit(name, url) for name, url in LISTS if name in ("Leave", "Time requests")]
    visits += [Visit(name, url) for name, url in LISTS if name in ("Viewers", "Assignments")]
    visits.append(tracked_90())
    rows: list[list[Any]] = []
    with stage(run) as s:
        for visit in visits:
            s.view(visit)
        s.forget()
        started = time.perf_counter()
        for visit in visits:
            m = s.view(visit, cold=False)
            rows.append(
                [
                    visit.name,
                    m.view.status,
                    m.view.seconds,
                    m.stats.total,
                    m.stats.rounds,
                    m.stats.status(429),
                    m.waits,
                ]
            )
        total = time.perf_counter() - started
    calls, rounds = sum(r[3] for r in rows), sum(r[4] for r in rows)
    rows.append(["all five", "", total, calls, rounds, sum(r[5] for r in rows), ""])
    return table(
        "Fast navigation, cold, no think time",
        ["page", "status", "s", "calls", "rounds", "429s", "pacer waited"],
        rows,
        "One after another as fast as the pages answer, starting with an empty cache and a "
        "rested budget (60 requests a minute, burst as the dashboard paces it).",
    )


def timeout(run: Run) -> str:
    from django.conf import settings

    from dashboard.webwork.transport import cache

    rows = []
    timesheets = Visit("Timesheets", "/approvals/timesheets/")
    with stage(run) as s:
        s.upstream.set_faults(HANG)
        for visit in (timesheets, Visit("Inbox", "/")):
            rows.append(_hung(visit, "nothing cached", s.view(visit)))
        if not run.quick:
            s.upstream.clear_faults()
            s.view(timesheets)
            time.sleep(getattr(cache, "LIST_TTL", 30) + 1)
            s.upstream.set_faults(HANG)
            rows.append(_hung(timesheets, "its list expired", s.view(timesheets, cold=False)))
    return table(
        "Upstream timeout on a list (GET /timesheets held 15 s, then 504)",
        ["page", "cache", "first byte s", "status", "calls", "what is shown"],
        rows,
        "Settings: "
        + ", ".join(f"{n} = {getattr(settings, n):g} s" for n in TIMEOUTS if hasattr(settings, n)),
    )


def _hung(visit: Visit, cached: str, m: Measured) -> list[Any]:
    view, stats = m.view, m.stats
    return [visit.name, cached, view.first_byte, view.status, stats.total, view.shown()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=200.0, help="L in ms")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    run = standalone(args.latency, args.quick, variants=("api", "v2"), bulk_items=0)
    cold(run)
    cold(run, "v2")
    warm(run)
    navigation(run)
    timeout(run)


if __name__ == "__main__":
    main()
