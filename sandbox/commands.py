"""What ``python -m sandbox serve|seed|reset`` do, once Django is set up."""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

import httpx
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sandbox.control import snapshot
from sandbox.seed import SeedOptions, run


def _options(args: argparse.Namespace) -> SeedOptions:
    return SeedOptions(
        seed=args.seed,
        today=date.fromisoformat(args.today) if args.today else None,
        weeks=args.weeks,
        timesheets=args.timesheets,
        extra_members=args.members,
    )


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".pristine"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def seed(args: argparse.Namespace) -> None:
    """Create the database from scratch: migrate, seed, and keep a pristine copy."""
    path = Path(settings.DATABASE_PATH)
    connection.close()
    _remove_database(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    summary = run(_options(args))
    snapshot.save_pristine()
    counts = ", ".join(f"{key} {value}" for key, value in sorted(summary.counts.items()))
    print(f"Seeded {path} (seed {args.seed}) in {time.monotonic() - started:.1f} s: {counts}")


def _needs_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def serve(args: argparse.Namespace) -> None:
    """Seed when the database is new (or its schema is outdated), then serve."""
    from sandbox.server import serve as run_server

    path = Path(settings.DATABASE_PATH)
    if not path.exists():
        seed(args)
    elif _needs_migrations():
        print("The sandbox schema changed; seeding a fresh database.")
        seed(args)
    elif not snapshot.pristine_path().exists():
        snapshot.save_pristine()
    connection.close()
    run_server(args.host, args.port, verbose=args.verbose)


def reset(args: argparse.Namespace) -> None:
    """Ask a running sandbox to reset; without one, restore the file from its pristine copy."""
    url = f"http://{args.host}:{args.port}/__sandbox__/reset"
    try:
        response = httpx.post(url, json={}, timeout=10)
        response.raise_for_status()
        print(f"Reset the sandbox at {url}")
        return
    except httpx.HTTPError:
        pass
    path = Path(settings.DATABASE_PATH)
    pristine = snapshot.pristine_path()
    if not pristine.exists():
        seed(args)
        return
    connection.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    snapshot.copy_database(pristine, path)
    print(f"Restored {path} from {pristine}")
