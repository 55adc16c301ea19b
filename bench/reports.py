"""A 122-day activity-descriptions report read cold, and its CSV export right after.

    uv run python -m bench.reports [--latency 200] [--quick]

The report is read as a browser reads it: the page (filters, a loading state), then its body
(htmx). "First part" is when the body's first bytes arrive (its first streamed part, if it is
streamed), counted from the page's request; "total" is when the body is complete. The CSV export
of the same filters follows at once: what it asks WebWork again, and how long it takes.
"""

from __future__ import annotations

import argparse
import time

from bench.catalog import descriptions_122
from bench.harness import table
from bench.stage import Run, stage, standalone


def descriptions(run: Run) -> str:
    page, body, csv = descriptions_122()
    rows = []
    with stage(run) as s:
        s.view(body)  # once, unmeasured, so that the process itself is warm
        s.forget()
        s.dashboard.pacer.reset()
        started = time.perf_counter()
        shell = s.dashboard.get(page.url)
        report = s.dashboard.get(body.url, htmx=True)
        first = shell.seconds + report.first_byte
        total = time.perf_counter() - started
        stats, waits = s.upstream.stats(), s.dashboard.pacer.summary()
        rows.append(
            [
                "page + body, cold",
                f"{shell.status}, {report.status}",
                first,
                total,
                stats.total,
                stats.rounds,
                stats.status(429),
                waits,
                report.rows,
            ]
        )
        s.upstream.reset(window=False)
        s.dashboard.pacer.reset()
        export = s.dashboard.get(csv.url)
        stats = s.upstream.stats()
        lines = export.text.count("\n")
        rows.append(
            [
                "CSV export right after",
                export.status,
                export.first_byte,
                export.seconds,
                stats.total,
                stats.rounds,
                stats.status(429),
                s.dashboard.pacer.summary(),
                f"{lines} lines",
            ]
        )
    run.goal("122-day report: first part", "<= 2 s", f"{rows[0][2]:.1f} s", rows[0][2] <= 2)
    run.goal("122-day report: CSV right after", "0 calls", f"{rows[1][4]} calls", rows[1][4] == 0)
    return table(
        "122-day activity-descriptions report, cold, then its CSV export",
        [
            "step",
            "status",
            "first part s",
            "total s",
            "calls",
            "rounds",
            "429s",
            "pacer waited",
            "rows",
        ],
        rows,
        "WebWork reports at most 31 days a call, and activity descriptions come 100 rows a page.",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=200.0, help="L in ms")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    descriptions(standalone(args.latency, args.quick))


if __name__ == "__main__":
    main()
