"""Every benchmark, one after the other, against a replay of the sandbox with fixed latency L.

    uv run python -m bench [--latency 200] [--quick] [--markdown docs/performance.md]

First the sandbox's answers to every request the measured pages and jobs make are recorded
(both doc variants, ``bench.record``); then ``bench.replay`` answers each of them exactly L ms
after it arrives, as many at once as are asked, within WebWork's 60 requests a minute per
token. The tables: the replay itself, cold pages (both variants), warm CPU, throughput on
granian, bulk approval against the budget, fast navigation, tabs at once, a timeout, a long
report and its export, and memory. ``--quick`` runs each of them short (about ten minutes
instead of thirty). Ratios are to L. Nothing is asserted: the figures are printed, and with
``--markdown`` written there with the machine, the load average, the commit and the goals.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import commit, load_average, machine, table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=200.0, help="L, in ms")
    parser.add_argument("--quick", action="store_true", help="a short run of every benchmark")
    parser.add_argument("--markdown", type=Path, help="write the tables there too")
    parser.add_argument("--database-url", help="the dashboard's database (default: SQLite)")
    args = parser.parse_args()
    before, started = load_average(), time.perf_counter()
    revision, begun = commit(), datetime.now(UTC)

    from bench import approvals, load, pages, reports
    from bench.stage import replay_check, standalone

    run = standalone(
        args.latency,
        args.quick,
        variants=("api", "v2"),
        bulk_items=20 if args.quick else 200,
        database_url=args.database_url,
    )
    sections = [
        replay_check(run),
        pages.cold(run),
        pages.cold(run, "v2"),
        pages.warm(run),
        load.throughput(run),
        approvals.bulk(run),
        pages.navigation(run),
        load.tabs(run),
        pages.timeout(run),
        reports.descriptions(run),
        load.memory(run),
    ]
    goals = table(
        "Against the goals",
        ["measure", "goal", "measured", "met"],
        [[g.name, g.wanted, g.measured, "yes" if g.met else "no"] for g in run.goals],
    )
    if run.missed:
        goals += (
            f"\n{len(run.missed)} requests were not in the recording (answered 404 by the "
            "replay): " + ", ".join(f"`{key}`" for key in sorted(run.missed)[:10]) + "\n"
        )
        print(goals)
    minutes = (time.perf_counter() - started) / 60
    if args.markdown:
        header = _header(args, revision, begun, before, load_average(), minutes, run.env)
        args.markdown.write_text(header + goals + "\n" + "\n".join(sections))
        print(f"Wrote {args.markdown}")


def _header(
    args: argparse.Namespace,
    revision: str,
    begun: datetime,
    before: str,
    after: str,
    minutes: float,
    env: dict[str, str],
) -> str:
    command = "uv run python -m bench" + (" --quick" if args.quick else "")
    command += f" --latency {args.latency:g}" if args.latency != 200 else ""
    database = "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite"
    return (
        "# Performance\n\n"
        "What the dashboard costs upstream and how fast it answers, measured by `bench/` "
        "against a replay of the sandbox: every request the measured pages and jobs make is "
        "recorded from the sandbox first, then answered from the recording exactly L ms after "
        "it arrives, concurrently, within WebWork's rate limit (a strict sliding window of 60 "
        "requests a minute per token, 429 with Retry-After beyond it). The sandbox's own work "
        "is out of the figures; the dashboard's is all in them. Benchmarks assert nothing.\n\n"
        f"- Command: `{command} --markdown docs/performance.md` ({minutes:.0f} minutes)\n"
        f"- Machine: {machine()}\n"
        f"- Load average (1, 5, 15 min): {before} before, {after} after (the machine is shared; "
        "CPU figures are CPU time, not wall time)\n"
        f"- Commit: {revision}; run {begun:%Y-%m-%d %H:%M} UTC\n"
        f"- L = {args.latency:g} ms; the dashboard in its production profile (DEBUG=false, "
        f"Redis cache `{env.get('CACHE_URL')}`, {database})\n\n"
    )


if __name__ == "__main__":
    main()
