"""A 122-day activity-descriptions report read cold, as its page reads it, and its CSV export.

    uv run python -m bench.reports [--latency 200] [--quick]

The report is read as the browser reads it (``static/js/reports.js``): the page (filters, a
loading state), then its body asked for part by part (``X-Report-Parts: progressive``: the list
of parts), then each part (``?part=N``, the first alone, then two at a time), then the whole
report from the cache (``X-Report-Parts: assemble``). "First part" is when the first part has
arrived, counted from the page's request; "total" is when the whole report has. The CSV export
of the same filters follows at once: what it asks WebWork again, and how long it takes.
"""

from __future__ import annotations

import argparse
import html
import re
import time
from concurrent.futures import ThreadPoolExecutor
from copy import copy
from typing import Any

from bench.catalog import descriptions_122
from bench.harness import Dashboard, View, table
from bench.stage import Run, stage, standalone

PARTS = {"X-Report-Parts": "progressive"}
QUEUED = re.compile(r'data-part="queued" hx-get="([^"]+)"')
IN_FLIGHT = 2  # as reports.js asks, once the first part has arrived


def read_by_parts(dashboard: Dashboard, page_url: str) -> tuple[View, View, float, float, int]:
    """The page, its list of parts, every part, and the whole: (page, list, first part s, total
    s, parts read)."""
    started = time.perf_counter()
    shell = dashboard.get(page_url)
    listing = dashboard.get(page_url, htmx=True, headers=PARTS)
    path = page_url.split("?", 1)[0]
    parts = [path + html.unescape(query) for query in QUEUED.findall(listing.text)]
    if not parts:  # the report came whole
        elapsed = time.perf_counter() - started
        return shell, listing, elapsed, elapsed, 0
    dashboard.get(parts[0], htmx=True, headers=PARTS)
    first = time.perf_counter() - started
    browsers = [dashboard, _beside(dashboard)]
    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        list(
            pool.map(
                lambda item: browsers[item[0] % IN_FLIGHT].get(item[1], htmx=True, headers=PARTS),
                enumerate(parts[1:]),
            )
        )
    dashboard.get(page_url, htmx=True, headers={"X-Report-Parts": "assemble"})
    return shell, listing, first, time.perf_counter() - started, len(parts)


def _beside(dashboard: Dashboard) -> Any:
    """A second connection of the same browser (its session), for parts asked for at once."""
    from django.test import Client

    other = copy(dashboard)
    other.client = Client()
    other.client.cookies = copy(dashboard.client.cookies)
    return other


def descriptions(run: Run) -> str:
    page, _, csv = descriptions_122()
    rows = []
    with stage(run) as s:
        read_by_parts(s.dashboard, page.url)  # once, unmeasured, so that the process is warm
        s.forget()
        s.dashboard.pacer.reset()
        shell, listing, first, total, count = read_by_parts(s.dashboard, page.url)
        stats, waits = s.upstream.stats(), s.dashboard.pacer.summary()
        rows.append(
            [
                f"page, then {count} parts, cold",
                f"{shell.status}, {listing.status}",
                first,
                total,
                stats.total,
                stats.rounds,
                stats.status(429),
                waits,
            ]
        )
        s.upstream.reset(window=False)
        s.dashboard.pacer.reset()
        export = s.dashboard.get(csv.url)
        stats = s.upstream.stats()
        lines = export.text.count("\n")
        rows.append(
            [
                f"CSV export right after ({lines} lines)",
                export.status,
                export.first_byte,
                export.seconds,
                stats.total,
                stats.rounds,
                stats.status(429),
                s.dashboard.pacer.summary(),
            ]
        )
    run.goal("122-day report: first part", "<= 2 s", f"{rows[0][2]:.1f} s", rows[0][2] <= 2)
    run.goal("122-day report: CSV right after", "0 calls", f"{rows[1][4]} calls", rows[1][4] == 0)
    return table(
        "122-day activity-descriptions report, cold, as its page reads it, then its CSV export",
        ["step", "status", "first part s", "total s", "calls", "rounds", "429s", "pacer waited"],
        rows,
        "WebWork reports at most 31 days a call, and activity descriptions come 100 rows a page. "
        "The page asks for its parts one until the first has arrived, then two at a time.",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=200.0, help="L in ms")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    descriptions(standalone(args.latency, args.quick))


if __name__ == "__main__":
    main()
