"""One benchmark's world: the dashboard in this process, connected to a replay of a recording.

with stage(run, "api") as s:
    measured = s.view(Visit("Inbox", "/"))   # cold: empty cache, rested budget
    measured.view.seconds, measured.stats.rounds, measured.waits
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.catalog import Visit
from bench.harness import Dashboard, View, table
from bench.upstream import Stats, Upstream, replaying

TOKEN = "bench-replay-token"  # the replay accepts any bearer token; this one is no secret


@dataclass
class Run:
    """What every measurement of one ``python -m bench`` shares."""

    dashboard: Dashboard
    recordings: dict[str, Path]
    meta: dict[str, Any]
    env: dict[str, str]
    latency_ms: float = 200.0
    quick: bool = False
    goals: list[Goal] = field(default_factory=list)
    missed: set[str] = field(default_factory=set)  # requests the replays did not know

    def goal(self, name: str, wanted: str, measured: str, met: bool) -> None:
        self.goals.append(Goal(name, wanted, measured, met))


@dataclass
class Goal:
    name: str
    wanted: str
    measured: str
    met: bool


@dataclass
class Measured:
    view: View
    stats: Stats
    waits: str  # what the dashboard's pacer made wait, "no", or "n/a"


@dataclass
class Stage:
    run: Run
    upstream: Upstream
    variant: str

    @property
    def dashboard(self) -> Dashboard:
        return self.run.dashboard

    @property
    def latency_ms(self) -> float:
        return self.run.latency_ms

    def forget(self) -> None:
        """Cold: the dashboard's cache and budget, and the upstream's rate windows, emptied."""
        self.dashboard.forget()
        self.upstream.reset(window=True)

    def view(self, visit: Visit, *, cold: bool = True) -> Measured:
        """One page view, counted upstream; a report's body comes after its page, a review after
        its list (``after``), both unmeasured."""
        if cold:
            self.forget()
        if visit.after:
            self.dashboard.get(visit.after)
        if visit.htmx:
            self.dashboard.get(visit.url)
        self.upstream.reset(window=False)
        self.dashboard.pacer.reset()
        view = self.dashboard.get(visit.url, htmx=visit.htmx)
        return Measured(view, self.upstream.stats(), self.dashboard.pacer.summary())

    def ratio(self, seconds: float) -> float:
        return seconds * 1000 / max(self.latency_ms, 1)


@contextlib.contextmanager
def stage(run: Run, variant: str = "api", *, rate_limit: int = 60) -> Iterator[Stage]:
    with replaying(run.recordings[variant], run.latency_ms, rate_limit) as upstream:
        run.dashboard.connect(upstream.api_url, TOKEN)
        try:
            yield Stage(run, upstream, variant)
        finally:
            run.missed.update(f"{variant}: {key}" for key in upstream.stats().ever_missed)


def replay_check(run: Run) -> str:
    """The instrument itself: 50 requests at once straight to the replay, each answered at L."""
    with replaying(run.recordings["api"], run.latency_ms, rate_limit=0) as upstream:
        key = next(iter(_first_get(run.recordings["api"])))
        client = httpx.Client(base_url=upstream.url, limits=httpx.Limits(max_connections=60))
        with ThreadPoolExecutor(50) as pool:
            list(pool.map(lambda _: client.get(key), range(50)))  # connections opened
            rows = []
            for _ in range(3):
                upstream.reset()
                started = time.perf_counter()
                statuses = set(pool.map(lambda _: client.get(key).status_code, range(50)))
                wall = (time.perf_counter() - started) * 1000
                s = upstream.stats()
                rows.append(
                    [
                        50,
                        sorted(statuses),
                        s.served_ms["min"],
                        s.served_ms["max"],
                        s.max_in_flight,
                        s.rounds,
                        wall,
                    ]
                )
        client.close()
    return table(
        f"The replay upstream: 50 requests at once (L = {run.latency_ms:.0f} ms)",
        [
            "requests",
            "statuses",
            "served min ms",
            "served max ms",
            "max in flight",
            "rounds",
            "client wall ms",
        ],
        rows,
        "Served = from a request's arrival to its answer, measured by the replay. The client's "
        "wall time adds its own threads' sending on this machine.",
    )


def _first_get(recording: Path) -> list[str]:
    from bench.recording import Recording

    keys = Recording.load(recording).scenes.get("pages", {})
    paths = [key.split(" ")[1] for key in keys if key.startswith("GET ")]
    return paths[:1]


def standalone(
    latency_ms: float,
    quick: bool,
    *,
    variants: tuple[str, ...] = ("api",),
    bulk_items: int = 0,
    database_url: str | None = None,
) -> Run:
    """Configure this process, record the sandbox, and answer the shared state of a run."""
    from bench.harness import configure
    from bench.record import record
    from bench.recording import Recording

    env = configure(database_url)
    dashboard = Dashboard.signed_in()
    files = record(dashboard, Path(env["VAR_DIR"]), variants=variants, bulk_items=bulk_items)
    meta = Recording.load(files["api"]).meta
    return Run(dashboard, files, meta, env, latency_ms, quick)
