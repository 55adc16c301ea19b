"""Every benchmark, one after the other; the tables go to docs/performance.md.

    uv run python -m bench [--latency 50] [--out docs/performance.md]

Against the sandbox with injected latency L and WebWork's documented rate limit (60 requests a
minute per user): upstream calls and time per page view, the inbox's fan-out, bulk-approval
throughput, a 90-day report, and load on the production server configuration. Takes about
five minutes, most of it waiting for the request budget, as a real manager would.
"""

from __future__ import annotations

import argparse
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench import approvals, load, pages, reports
from bench.harness import ROOT, machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, default=50, help="injected latency L in ms")
    parser.add_argument("--items", type=int, default=60, help="items in the bulk job")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    args = parser.parse_args()
    latency = args.latency
    sections = [
        pages.run(latency),
        approvals.run([latency], args.items),
        reports.run([latency], days=90, repeat=1, report="tracked-hours", rate=60),
        load.run(latency, seconds=10),
    ]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    header = (
        "# Performance\n\n"
        "What the dashboard costs upstream and how fast it answers, measured by `bench/` against "
        "the sandbox.\n\n"
        f"- Command: `uv run python -m bench --latency {latency}`\n"
        f"- Machine: {machine()}\n"
        f"- Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit or 'uncommitted'}\n"
        f"- Injected upstream latency L = {latency} ms; rate limit 60 requests/minute per user "
        "(the sandbox enforces it; the dashboard paces itself below it).\n\n"
    )
    Path(args.out).write_text(header + "\n".join(sections))
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
