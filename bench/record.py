"""Recording the sandbox's answers to every request the benchmarks' pages and jobs make.

    uv run python -m bench.record [--out DIR] [--bulk-items 200] [--variants api v2]

The sandbox runs with its seed, no latency and no rate limit; the dashboard (this process)
points at the recording proxy in front of it and visits every page of ``bench.catalog`` cold.
In the ``api`` variant it then creates the time requests a bulk job approves and runs that job
(scene ``bulk``), so that its reads and writes are recorded too. One file per variant.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.catalog import REVIEWS, all_visits, find_review
from bench.harness import OWNER, Dashboard, configure
from bench.upstream import recording_proxy

FAST = 100_000  # requests a minute while recording: nothing waits
# While recording nothing may give up: the sandbox's own work is slow, and its answers are kept.
PATIENT = {"WEBWORK_TIMEOUT": 120.0, "WEBWORK_PAGE_DEADLINE": 600.0, "WEBWORK_DEADLINE": 600.0}
BULK_MEMBER = 104


def record(
    dashboard: Dashboard,
    workdir: Path,
    *,
    variants: tuple[str, ...] = ("api", "v2"),
    bulk_items: int = 200,
) -> dict[str, Path]:
    """Record each variant into ``workdir``; answers the files."""
    from django.conf import settings

    from tests.plugins.sandbox import running_sandbox

    files = {}
    (workdir / "sandbox").mkdir(parents=True, exist_ok=True)
    patient = {"WEBWORK_RATE_PER_MINUTE": FAST}
    patient |= {name: value for name, value in PATIENT.items() if hasattr(settings, name)}
    kept = {name: getattr(settings, name) for name in patient}
    for name, value in patient.items():
        setattr(settings, name, value)
    try:
        with running_sandbox(workdir / "sandbox") as sandbox:
            for variant in variants:
                started = time.perf_counter()
                sandbox.reset()
                sandbox.set_variant(variant)
                sandbox.set_rate_limit(FAST)
                out = workdir / f"recording-{variant}.json.gz"
                with recording_proxy(sandbox.url, out, variant) as proxy:
                    dashboard.connect(proxy.api_url, sandbox.token(OWNER))
                    meta = visit_everything(dashboard)
                    proxy.add_meta(**meta)
                    if variant == "api" and bulk_items:
                        proxy.set_scene("bulk")
                        ids = create_time_requests(sandbox, bulk_items)
                        dashboard.forget()
                        run_bulk(dashboard, ids)
                        proxy.add_meta(bulk_ids=ids)
                    saved = proxy.save()
                took = time.perf_counter() - started
                print(f"Recorded {saved['answers']} answers ({variant}) in {took:.0f} s: {out}")
                files[variant] = out
    finally:
        for name, value in kept.items():
            setattr(settings, name, value)
    return files


def visit_everything(dashboard: Dashboard) -> dict[str, Any]:
    """Every page cold; the first review link of each kind, as found on its list."""
    reviews: dict[str, str] = {}
    for _, slug in REVIEWS:
        dashboard.forget()
        view = dashboard.get(f"/approvals/{slug}/")
        link = find_review(view.text, slug)
        if link:
            reviews[slug] = link
    meta = {"reviews": reviews, "day": datetime.now(UTC).date().isoformat()}
    for visit in all_visits(meta):
        dashboard.forget()
        if visit.after:  # a review after its list, as a manager opens it
            dashboard.get(visit.after)
        if visit.htmx:  # a report's body comes after its page, as a browser asks for them
            dashboard.get(visit.url)
        view = dashboard.get(visit.url, htmx=visit.htmx)
        if view.status != 200:
            print(f"Recording: {visit.name} answered {view.status}: {view.shown()}")
    return meta


def create_time_requests(sandbox: Any, count: int) -> list[str]:
    """Pending time requests of one member, created straight at the sandbox as its exec."""
    workspace = sandbox.workspace_id("Acme Studio")
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    first = today - timedelta(days=280)
    ids = []
    with sandbox.api("exec@acme.test") as api:
        for n in range(count):
            begin = first + timedelta(hours=n)
            body = {"user_id": BULK_MEMBER, "start": begin.isoformat(), "notes": f"bench {n}"}
            body["end"] = (begin + timedelta(minutes=30)).isoformat()
            response = api.post("time-requests", params={"workspace_id": workspace}, json=body)
            response.raise_for_status()
            ids.append(str(response.json()["data"]["id"]))
    return ids


def bulk_job(dashboard: Dashboard, ids: list[str]) -> Any:
    """A bulk approval of ``ids`` as the page's bulk form would make it (selected items)."""
    from dashboard.accounts.models import WebworkConnection
    from dashboard.approvals.models import BulkItem, BulkJob

    workspace = WebworkConnection.objects.get(user=dashboard.user).workspace_id
    job = BulkJob.objects.create(user=dashboard.user, workspace_id=workspace, action="approve")
    BulkItem.objects.bulk_create(
        BulkItem(
            job=job,
            position=n,
            kind="time_request",
            target_id=target,
            label=f"as the page showed it {n}",
            label_from_request=True,
        )
        for n, target in enumerate(ids)
    )
    return job


def run_bulk(dashboard: Dashboard, ids: list[str]) -> Any:
    from dashboard.approvals import jobs

    job = bulk_job(dashboard, ids)
    jobs.run(str(job.pk))
    return job


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="directory for the recordings")
    parser.add_argument("--bulk-items", type=int, default=200)
    parser.add_argument("--variants", nargs="+", default=["api", "v2"])
    args = parser.parse_args()
    env = configure()
    out = args.out or Path(env["VAR_DIR"])
    record(Dashboard.signed_in(), out, variants=tuple(args.variants), bulk_items=args.bulk_items)


if __name__ == "__main__":
    main()
