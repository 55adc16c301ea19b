"""Bulk approval against WebWork's request budget, alone and with a person browsing alongside.

    uv run python -m bench.approvals [--latency 200] [--quick]

A bulk job approves 60, then 200 selected time requests (20 with ``--quick``), run in this
process as the worker runs it, against the replay enforcing WebWork's limit: a strict sliding
window of 60 requests a minute per token, 429 with Retry-After beyond it. Its pace is items a
minute against those 60 ("of budget"). Then the same job again while the same manager browses
the list pages in this process's main thread, a page every few seconds: how many of their page
views were refused (503) or had to wait.
"""

from __future__ import annotations

import argparse
import itertools
import threading
import time
from collections import Counter
from typing import Any

from bench.catalog import LISTS
from bench.harness import median, percentile, table
from bench.record import bulk_job
from bench.stage import Run, Stage, stage, standalone

LIMIT = 60
THINK = 3.0  # seconds between a person's page views


def bulk(run: Run) -> str:
    sizes = (20,) if run.quick else (60, 200)
    ids = list(run.meta.get("bulk_ids", []))
    rows = []
    with stage(run, rate_limit=LIMIT) as s:
        s.upstream.set_scene("bulk")
        for items in sizes:
            for browsing in (False, True):
                rows.append(_row(s, ids[:items], browsing))
    _goals(run, rows)
    return table(
        f"Bulk approval against the budget ({LIMIT} requests a minute per token)",
        [
            "items",
            "person browsing",
            "done",
            "failed",
            "s",
            "items/min",
            "of budget",
            "upstream calls/min",
            "429s",
            "page views",
            "503s",
            "page p50 s",
            "page max s",
            "pacer waited",
        ],
        rows,
        f"The person views a list page every {THINK:.0f} s (cached lists are reused for 30 s), "
        "with the same WebWork account, so with the same budget.",
    )


def _row(s: Stage, ids: list[str], browsing: bool) -> list[Any]:
    from django.db import connections

    from dashboard.approvals import jobs

    s.forget()
    s.dashboard.pacer.reset()
    job = bulk_job(s.dashboard, ids)

    def work() -> None:
        try:
            jobs.run(str(job.pk))
        finally:
            connections.close_all()

    worker = threading.Thread(target=work, name="bulk-job")
    started = time.perf_counter()
    worker.start()
    views = _browse(s, worker) if browsing else []
    worker.join()
    seconds = time.perf_counter() - started
    statuses = Counter(job.items.values_list("status", flat=True))
    stats = s.upstream.stats()
    per_minute = statuses["done"] / seconds * 60
    times = [v[1] for v in views]
    return [
        len(ids),
        "yes" if browsing else "no",
        statuses["done"],
        statuses["failed"],
        seconds,
        per_minute,
        f"{per_minute / LIMIT:.0%}",
        stats.total / seconds * 60,
        stats.status(429),
        len(views) if browsing else "-",
        sum(1 for status, _ in views if status == 503) if browsing else "-",
        median(times) if browsing else "-",
        percentile(times, 100) if browsing else "-",
        s.dashboard.pacer.summary(),
    ]


def _browse(s: Stage, worker: threading.Thread) -> list[tuple[int, float]]:
    """A person going through the list pages while the job runs: (status, seconds) each."""
    views = []
    for _, url in itertools.cycle(LISTS):
        if not worker.is_alive():
            break
        view = s.dashboard.get(url)
        views.append((view.status, view.seconds))
        time.sleep(THINK)
    return views


def _goals(run: Run, rows: list[list[Any]]) -> None:
    big = [r for r in rows if r[0] == max(row[0] for row in rows)]
    alone = next(r for r in big if r[1] == "no")
    with_person = next(r for r in big if r[1] == "yes")
    run.goal(
        f"Bulk {alone[0]}: of budget, 429s",
        ">= 95%, 0 429s",
        f"{alone[6]}, {alone[8]} 429s",
        float(alone[5]) >= 0.95 * LIMIT and alone[8] == 0,
    )
    run.goal(
        f"Bulk {alone[0]} with a person browsing: 503s (and 429s)",
        "0 (0)",
        f"{with_person[10]} of {with_person[9]} page views ({with_person[8]} 429s)",
        with_person[10] == 0 and with_person[8] == 0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=200.0, help="L in ms")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    run = standalone(args.latency, args.quick, bulk_items=20 if args.quick else 200)
    bulk(run)


if __name__ == "__main__":
    main()
