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
ENTRIES = (
    "SELECT id, user_id, date, minutes, project_id, is_edited"
    " FROM sandbox_workspace_timeentry ORDER BY id"
)
WORK = (
    "SELECT id, user_id, project_id, category_id, amount, date FROM sandbox_workspace_expense",
    "SELECT user_id, contract_id, task_id, started_at FROM sandbox_workspace_runningtimer",
    "SELECT id, parent_id, priority, description, end_date FROM sandbox_workspace_task",
    "SELECT task_id, user_id FROM sandbox_workspace_task_assignees",
)


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
    for query in WORK:
        assert _rows(a, f"{query} ORDER BY 1, 2") == _rows(b, f"{query} ORDER BY 1, 2")
    assert _rows(a, WORK[0] + " ORDER BY 1") != _rows(c, WORK[0] + " ORDER BY 1")
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
    timers = _rows(database, "SELECT COUNT(*) FROM sandbox_workspace_runningtimer")
    expenses = _rows(database, "SELECT COUNT(*) FROM sandbox_workspace_expense")
    assert timers[0][0] >= 3 and expenses[0][0] > 0


def test_the_seed_keeps_its_promises_about_work(tmp_path: Path) -> None:
    database = tmp_path / "work.sqlite3"
    _seed(database, "--weeks", "2", "--today", "2026-03-04")
    running = _rows(
        database,
        "SELECT t.started_at, c.status, c.user_id = t.user_id FROM sandbox_workspace_runningtimer t"
        " JOIN sandbox_workspace_contract c ON c.id = t.contract_id",
    )
    assert running and all(
        started < "2026-03-04" and status == "active" and own for started, status, own in running
    )
    strays = _rows(
        database,
        "SELECT COUNT(*) FROM sandbox_workspace_task_assignees a"
        " JOIN sandbox_workspace_task t ON t.id = a.task_id"
        " LEFT JOIN sandbox_workspace_contract c"
        " ON c.project_id = t.project_id AND c.user_id = a.user_id WHERE c.id IS NULL",
    )
    assert strays == [(0,)]  # every assignee has a contract on the task's project
    late = "SELECT COUNT(*) FROM sandbox_workspace_expense WHERE date >= '2026-03-04'"
    assert _rows(database, late) == [(0,)]
