"""The full contract run: every operation of openapi.yaml, both doc variants, every phase.

    uv run python -m bench.contract [--fuzzed 8] [--skip-conformance]

The suite runs a bounded version (``tests/sandbox/test_contract.py``). This runs its
conformance tests with ``CONTRACT_FULL=1`` (the coverage phase's negative cases too, and 25
generated examples per operation and mode), then the aimed run of every operation in each
variant with ``--fuzzed`` generated cases, and prints what each operation answered. It takes
several minutes; it fails (exit 1) on any check failure or an operation without a 2xx.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import ROOT, table


def _conformance() -> bool:
    env = {**os.environ, "CONTRACT_FULL": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"]
    command += ["tests/sandbox/test_contract.py", "-k", "conform"]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode == 0


def _aimed(fuzzed: int) -> bool:
    from tests.plugins.sandbox import running_sandbox
    from tests.sandbox.contract_run import report, run

    healthy = True
    with running_sandbox(Path(tempfile.mkdtemp(prefix="webwork-contract-"))) as sandbox:
        for variant in ("api", "v2"):
            started = time.perf_counter()
            tallies = run(sandbox, variant, fuzzed=fuzzed)
            took = time.perf_counter() - started
            rows = [
                [name, t.statuses["2xx"], t.statuses["4xx"], t.statuses["5xx"], len(t.failures)]
                for name, t in tallies.items()
            ]
            header = ["operation", "2xx", "4xx", "5xx", "failed checks"]
            table(f"Aimed run, {variant} variant ({took:.0f} s)", header, rows)
            silent, failures = report(tallies)
            for failure in failures:
                print(failure, file=sys.stderr)
            if silent:
                print(f"No 2xx in the {variant} variant: {', '.join(silent)}", file=sys.stderr)
            healthy = healthy and not silent and not failures
    return healthy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzzed", type=int, default=8, help="generated cases per operation")
    parser.add_argument("--skip-conformance", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
    ok = args.skip_conformance or _conformance()
    ok = _aimed(args.fuzzed) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
