"""The pristine copy of the seeded database, and restoring it in place.

``seed`` writes the database and then a copy of it next to it (``<name>.pristine``).
A reset copies the pristine pages back into the live database with SQLite's online
backup API, which takes a few milliseconds and keeps the file (and WAL mode) in place.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection

_lock = threading.Lock()


def pristine_path(database: Path | None = None) -> Path:
    database = Path(database or settings.DATABASE_PATH)
    return database.with_name(database.name + ".pristine")


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` (rollback journal, a single file)."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    src.close()
    dst.close()


def save_pristine() -> Path:
    connection.close()
    path = pristine_path()
    copy_database(Path(settings.DATABASE_PATH), path)
    return path


def restore() -> None:
    """Put the pristine data back into the live database."""
    path = pristine_path()
    if not path.exists():
        raise FileNotFoundError(f"No pristine copy at {path}; run `python -m sandbox seed`.")
    with _lock:
        connection.ensure_connection()
        live = connection.connection
        source = sqlite3.connect(path)
        try:
            source.backup(live)
        finally:
            source.close()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
