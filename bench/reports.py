"""Time and upstream calls of a 90-day tracked-hours report against injected latency.

    uv run python -m bench.reports [--latency 0 100 250 500] [--days 90] [--repeat 3] [--out FILE]
                                   [--report tracked-hours] [--rate 600]

For each latency, the report is read as a browser reads it: the page (filters, loading state),
then its body (htmx), with an empty cache (cold) and again (warm). The body's 31-day chunks are
fetched side by side; for comparison, the same chunks are also fetched one after another
through the service layer (tracked hours only). Calls are those the sandbox counted. ``--rate``
is the requests per minute allowed to the user (WebWork's is 60; the default, 600, measures
latency rather than pacing).
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta
from typing import Any

from bench.harness import Stage, machine, median, stage, table, timed

HTMX = {"HX-Request": "true"}


def _serially(s: Stage, start: date, end: date) -> None:
    from dashboard.accounts.middleware import ConnectionTokens
    from dashboard.accounts.models import WebworkConnection
    from dashboard.webwork.client import WebworkClient
    from dashboard.webwork.resources.reports import split_range

    connection = WebworkConnection.objects.get()
    webwork = WebworkClient(ConnectionTokens(connection), connection.workspace_id)
    for a, b in split_range(start, end):
        webwork.reports.tracked_hours(a, b, refresh=True)


def measure(s: Stage, latency: int, days: int, repeat: int, report: str) -> list[Any]:
    end = date.today() - timedelta(days=1)
    start = end - timedelta(days=days - 1)
    url = f"/reports/{report}/?period=custom&start={start}&end={end}"
    cold, warm, serial, calls, chunk_calls = [], [], [], [], []
    for _ in range(repeat):
        s.forget()
        shell, _ = timed(lambda: s.client.get(url))
        body, response = timed(lambda: s.client.get(url, headers=HTMX))
        assert response.status_code == 200 and b"Part of this report" not in response.content
        cold.append((shell + body) * 1000)
        made = s.calls()
        calls.append(len(made))
        chunk_calls.append(len([c for c in made if "/reports/" in c["path"]]))
        again = [timed(lambda h=h: s.client.get(url, headers=h))[0] for h in ({}, HTMX)]
        warm.append(sum(again) * 1000)
        if report == "tracked-hours":
            s.rest()
            serial.append(timed(lambda: _serially(s, start, end))[0] * 1000)
    return [
        f"{latency} ms",
        median(cold),
        median(warm),
        median(serial) if serial else "-",
        f"{median(calls):.0f} ({median(chunk_calls):.0f} report calls)",
    ]


def run(latencies: list[int], days: int, repeat: int, report: str, rate: int) -> str:
    rows = []
    with stage(0, rate_limit=rate) as s:
        for latency in latencies:
            s.sandbox.set_latency(latency)
            rows.append(measure(s, latency, days, repeat, report))
    header = ["latency", "ms cold (page + body)", "ms warm", "ms chunks one by one", "calls cold"]
    title = f"{days}-day {report} report at {rate} requests/min, median of {repeat} ({machine()})"
    return table(title, header, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, nargs="+", default=[0, 100, 250, 500])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--report", default="tracked-hours", help="a report kind (its slug)")
    parser.add_argument("--rate", type=int, default=600, help="requests per minute per user")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    text = run(args.latency, args.days, args.repeat, args.report, args.rate)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
