"""Inbox page time against injected latency, and bulk-job throughput against the rate budget.

    uv run python -m bench.approvals [--latency 0 100 250] [--items 40] [--bulk-only] [--out FILE]

1. The inbox makes eight independent reads; they run concurrently, so a cold inbox should take
   about one round of latency, not eight. For each injected latency: the calls counted by the
   sandbox, the sum of their durations (what the page would wait if they ran one after another),
   the cold time (empty cache), the warm time (cached), and "page / L" (cold time / latency).
2. A bulk job approving ``--items`` time requests runs in this process at the documented budget
   (60 requests a minute, the sandbox enforcing the same limit), as ``db_worker`` would run it.
   The items are selected ones, as the bulk form sends them (each with the label the page
   showed, which must not be audited), so naming them from WebWork is part of the cost.
   It reports items per minute against the limit, and how many 429s WebWork answered.
"""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.harness import Stage, machine, median, stage, table, timed

LIMIT = 60


def inbox_rows(s: Stage, latencies: list[int]) -> list[list[Any]]:
    rows = []
    for latency in latencies:
        s.sandbox.set_latency(latency)
        s.forget()
        cold, response = timed(lambda s=s: s.client.get("/"))
        calls = s.calls()
        cold_calls, upstream_ms = len(calls), sum(c.get("duration_ms") or 0 for c in calls)
        s.sandbox.clear_calls()
        warm = [timed(lambda s=s: s.client.get("/"))[0] for _ in range(3)]
        rows.append(
            [
                latency,
                response.status_code,
                cold_calls,
                len(s.calls()) / 3,
                upstream_ms,
                cold * 1000,
                median(warm) * 1000,
                cold * 1000 / max(latency, 1),
            ]
        )
    return rows


def create_requests(s: Stage, count: int) -> list[str]:
    """Pending time requests to approve, created as another manager (their own budget)."""
    workspace = s.sandbox.workspace_id("Acme Studio")
    start = datetime(2026, 2, 2, 9, tzinfo=UTC)
    ids = []
    with s.sandbox.api("exec@acme.test") as api:
        for n in range(count):
            begin = start + timedelta(hours=n)
            body = {"user_id": 104, "start": begin.isoformat(), "notes": f"bench {n}"}
            body["end"] = (begin + timedelta(minutes=30)).isoformat()
            response = api.post("time-requests", params={"workspace_id": workspace}, json=body)
            response.raise_for_status()
            ids.append(response.json()["data"]["id"])
    return ids


def bulk_row(s: Stage, items: int, latency: int) -> list[Any]:
    s.sandbox.set_latency(latency)
    from django.contrib.auth.models import User

    from dashboard.approvals import jobs
    from dashboard.approvals.models import BulkItem, BulkJob

    ids = create_requests(s, items)
    s.forget()
    user = User.objects.get(username="bench")
    job = BulkJob.objects.create(user=user, workspace_id=s.sandbox.workspace_id(), action="approve")
    BulkItem.objects.bulk_create(
        BulkItem(
            job=job,
            position=n,
            kind="time_request",
            target_id=i,
            label=f"as the page showed it {n}",
            label_from_request=True,
        )
        for n, i in enumerate(ids)
    )
    seconds, _ = timed(lambda: jobs.run(str(job.pk)))
    statuses = Counter(job.items.values_list("status", flat=True))
    answers = Counter(call["status"] for call in s.calls())
    per_minute = statuses["done"] / seconds * 60
    return [
        items,
        latency,
        statuses["done"],
        statuses["failed"],
        seconds,
        per_minute,
        LIMIT,
        f"{per_minute / LIMIT:.0%}",
        answers.get(429, 0),
    ]


def run(latencies: list[int], items: int) -> str:
    with stage(0, rate_limit=LIMIT) as s:
        inbox = inbox_rows(s, latencies)
        bulk = bulk_row(s, items, 50)
    return inbox_table(inbox) + bulk_table(bulk)


def run_bulk(items: int) -> str:
    with stage(0, rate_limit=LIMIT) as s:
        return bulk_table(bulk_row(s, items, 50))


def inbox_table(inbox: list[list[Any]]) -> str:
    return table(
        f"Inbox page time against injected upstream latency ({machine()})",
        [
            "latency ms",
            "status",
            "calls cold",
            "calls warm",
            "upstream ms (sum)",
            "ms cold",
            "ms warm",
            "page / L",
        ],
        inbox,
    )


def bulk_table(bulk: list[Any]) -> str:
    return table(
        f"Bulk approval throughput against the rate budget ({LIMIT}/min; {machine()})",
        [
            "items",
            "latency ms",
            "done",
            "failed",
            "seconds",
            "items/min",
            "limit/min",
            "of limit",
            "429s",
        ],
        [bulk],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, nargs="+", default=[0, 100, 250])
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--bulk-only", action="store_true", help="only the bulk job's throughput")
    parser.add_argument("--out", help="also write the tables to this file")
    args = parser.parse_args()
    text = run_bulk(args.items) if args.bulk_only else run(args.latency, args.items)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
