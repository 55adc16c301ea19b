"""Upstream calls and time per page view, cold and warm cache, against injected latency.

    uv run python -m bench.pages [--latency 50] [--out FILE]

Each page is fetched once with an empty cache (cold), then three times more (warm, median),
after one unmeasured pass over every page so that the process itself is warm.
"page / L" is the cold page time divided by the injected upstream latency: with concurrent
fan-out it stays near the number of sequential rounds of calls, not the number of calls.
"""

from __future__ import annotations

import argparse

from bench.harness import machine, median, stage, table, timed

PAGES = [
    ("Inbox", "/"),
    ("Timesheets", "/approvals/timesheets/"),
    ("Leave", "/approvals/leaves/"),
    ("Time requests", "/approvals/time-requests/"),
    ("Viewers", "/viewers/"),
    ("Access review", "/viewers/access/"),
    ("Assignments", "/assignments/"),
    ("Members", "/members/"),
    ("Projects", "/projects/"),
    ("A project", "/projects/501/"),
    ("A project's tasks", "/projects/501/tasks/"),
    ("Expenses", "/expenses/"),
    ("Tracked hours (7 days)", "/reports/tracked-hours/"),
    ("Workspace switcher", "/workspace/"),
    ("Audit log", "/audit/"),
]


def run(latency_ms: int) -> str:
    rows = []
    with stage(latency_ms) as s:
        for _, url in PAGES:  # once first, so that imports and templates are warm
            s.client.get(url)
        for name, url in PAGES:
            s.forget()
            cold_time, response = timed(lambda url=url: s.client.get(url))
            cold_calls = len(s.calls())
            s.sandbox.clear_calls()
            warm = [timed(lambda url=url: s.client.get(url))[0] for _ in range(3)]
            warm_calls = len(s.calls()) / 3
            rows.append(
                [
                    name,
                    response.status_code,
                    cold_calls,
                    round(warm_calls, 1),
                    cold_time * 1000,
                    median(warm) * 1000,
                    cold_time * 1000 / max(latency_ms, 1),
                ]
            )
    header = ["page", "status", "calls cold", "calls warm", "ms cold", "ms warm", "page / L"]
    return table(
        f"Upstream calls and time per page view (L = {latency_ms} ms; {machine()})", header, rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, default=50, help="injected latency in ms")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    text = run(args.latency)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
