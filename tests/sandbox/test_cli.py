"""The command line: deterministic seeds and sizes on request."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _seed_command(database: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sandbox", "seed", "--database", str(database), *args]


# The test process has the dashboard's settings; the sandbox must pick its own.
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "dashboard.settings"}


def _seed(database: Path, *args: str) -> str:
    command = _seed_command(database, *args)
    done = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return done.stdout


def _rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchall()


SHEETS = (
    "SELECT id, user_id, date_from, status, submitted_on"
    " FROM sandbox_workspace_timesheet ORDER BY id"
)
ENTRIES = "SELECT user_id, date, minutes, project_id FROM sandbox_workspace_timeentry ORDER BY id"


def test_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    args = ("--weeks", "3", "--today", "2026-03-04")
    a, b, c = (tmp_path / f"{n}.sqlite3" for n in "abc")
    runs = [
        subprocess.Popen(_seed_command(path, "--seed", seed, *args), cwd=ROOT, env=ENV)
        for path, seed in ((a, "5"), (b, "5"), (c, "6"))
    ]
    assert [run.wait(timeout=60) for run in runs] == [0, 0, 0]
    assert _rows(a, SHEETS) == _rows(b, SHEETS) != _rows(c, SHEETS)
    assert _rows(a, ENTRIES) == _rows(b, ENTRIES)
    assert (tmp_path / "a.sqlite3.pristine").exists()


# A Monday, a Sunday, the last day of a year, a leap day and the first of a month.
AWKWARD_DAYS = ("2026-11-30", "2026-11-29", "2026-12-31", "2028-02-29", "2027-03-01")


@pytest.mark.parametrize("today", [None, *AWKWARD_DAYS])
def test_a_large_workspace_on_request(tmp_path: Path, today: str | None) -> None:
    database = tmp_path / "big.sqlite3"
    anchor = ("--today", today) if today else ()
    output = _seed(database, "--weeks", "4", "--timesheets", "300", *anchor)
    count = _rows(
        database, "SELECT COUNT(*) FROM sandbox_workspace_timesheet WHERE workspace_id = 1"
    )
    assert count[0][0] >= 300
    assert "Seeded" in output
