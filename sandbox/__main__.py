"""``python -m sandbox serve|seed|reset``: run the WebWork API sandbox on its own.

The sandbox always uses its own settings module, whatever DJANGO_SETTINGS_MODULE the
parent process had (a test run of the dashboard sets it to the dashboard's).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("command", choices=("serve", "seed", "reset"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001, help="0 picks a free port")
    parser.add_argument("--database", default="var/sandbox.sqlite3", help="SQLite file")
    parser.add_argument("--seed", type=int, default=1, help="seed number of the data")
    parser.add_argument("--today", help="anchor day of the data, YYYY-MM-DD (default: today)")
    parser.add_argument("--weeks", type=int, default=52, help="weeks of tracked time")
    parser.add_argument(
        "--timesheets", type=int, default=0, help="at least this many timesheets in Acme Studio"
    )
    parser.add_argument("--members", type=int, default=0, help="extra members in Acme Studio")
    parser.add_argument("--variant", choices=("api", "v2"), help="response shapes to serve")
    parser.add_argument("--rate-limit", type=int, help="requests per minute per user")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sandbox.settings"
    os.environ["SANDBOX_DATABASE"] = str(Path(args.database).resolve())
    if args.variant:
        os.environ["SANDBOX_VARIANT"] = args.variant
    if args.rate_limit:
        os.environ["SANDBOX_RATE_LIMIT"] = str(args.rate_limit)
    import django

    django.setup()
    from sandbox import commands

    getattr(commands, args.command)(args)


if __name__ == "__main__":
    main()
