"""Every operation of the contract against a running sandbox: aimed cases, checked and counted.

Before each operation that follows a write, the sandbox is reset (fresh records, the variant
asked for); each operation is sent one example (``contract_examples.EXAMPLES``) and ``fuzzed``
generated cases aimed at the same live records. Each answer goes through schemathesis' checks
(no 5xx, documented status, schema, headers); ``run`` tallies the status classes per operation
and collects every failure.
Used by ``test_contract.py`` (a bounded run) and ``bench/contract.py`` (the full one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.plugins.sandbox import Sandbox
from tests.sandbox.contract_examples import ACME, EXAMPLES, Example, Targets

SPEC = Path(__file__).resolve().parents[2] / "docs" / "webwork-api" / "openapi.yaml"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def load_schema() -> Any:
    return schemathesis.openapi.from_path(SPEC)


def all_operations(schema: Any) -> list[APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


def operation_id(operation: APIOperation) -> str:
    return str(operation.definition.raw["operationId"])


@dataclass
class Tally:
    """What one operation answered in a run."""

    statuses: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def successes(self) -> int:
        return self.statuses["2xx"]


def _declares(operation: APIOperation, location: str, name: str) -> bool:
    return any(p.name == name and p.location == location for p in operation.iter_parameters())


def _has_body(operation: APIOperation) -> bool:
    return bool(list(operation.body))


def _merge(generated: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    """The generated values with the wanted ones on top; a wanted None drops the field."""
    merged = dict(generated) if isinstance(generated, dict) else {}
    for key, value in wanted.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def aim(case: Case, example: Example) -> None:
    """Point ``case`` at the example's records (in place)."""
    operation = case.operation
    case.path_parameters = {**(case.path_parameters or {}), **example.path}
    query = dict(example.query)
    in_query = _declares(operation, "query", "workspace_id") or operation.method.upper() == "GET"
    if in_query and operation_id(operation) != "getWorkspaces":
        query["workspace_id"] = ACME
    case.query = _merge(case.query, query)
    if _has_body(operation):
        case.body = _merge(case.body, {"workspace_id": ACME, **(example.body or {})})


def _check(case: Case, response: requests.Response, tally: Tally) -> None:
    tally.statuses[f"{response.status_code // 100}xx"] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except (Failure, FailureGroup) as exc:
        tally.failures.append(f"{case.operation.label}: {exc}\n  -> {response.text[:300]}")


class Stage:
    """The sandbox in one variant, reset only when the previous operation may have changed it."""

    def __init__(self, sandbox: Sandbox, variant: str) -> None:
        self.sandbox = sandbox
        self.variant = variant
        self.api: httpx.Client | None = None
        self.dirty = True

    def ready(self) -> httpx.Client:
        if self.dirty or self.api is None:
            if self.api is not None:
                self.api.close()
            self.sandbox.reset()
            self.sandbox.set_variant(self.variant)
            self.sandbox.set_rate_limit(1_000_000)
            self.api = self.sandbox.api("owner@acme.test")
            self.dirty = False
        return self.api

    def close(self) -> None:
        if self.api is not None:
            self.api.close()


def run_operation(stage: Stage, operation: APIOperation, *, fuzzed: int) -> Tally:
    api = stage.ready()
    targets = Targets(api)
    example = EXAMPLES[operation_id(operation)](targets)
    tally = Tally()
    headers = {"Authorization": api.headers["Authorization"]}
    with requests.Session() as session:

        def send(case: Case) -> None:
            aim(case, example)
            url = stage.sandbox.api_url
            response = case.call(base_url=url, session=session, headers=headers)
            _check(case, response, tally)

        send(operation.Case(media_type="application/json" if _has_body(operation) else None))
        if fuzzed:
            _fuzz(operation, fuzzed, send)
    stage.dirty = targets.wrote or operation.method.upper() != "GET"
    return tally


def _fuzz(operation: APIOperation, count: int, send: Callable[[Case], None]) -> None:
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    @settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
        phases=[Phase.generate],
    )
    def each(case: Case) -> None:
        send(case)

    each()


def run(sandbox: Sandbox, variant: str, *, fuzzed: int) -> dict[str, Tally]:
    """Every operation of the contract, in the order of the spec."""
    stage = Stage(sandbox, variant)
    try:
        return {
            operation_id(op): run_operation(stage, op, fuzzed=fuzzed)
            for op in all_operations(load_schema())
        }
    finally:
        stage.close()


def report(tallies: dict[str, Tally]) -> tuple[list[str], list[str]]:
    """The operations that never answered 2xx, and every failure."""
    silent = [name for name, tally in tallies.items() if not tally.successes]
    failures = [failure for tally in tallies.values() for failure in tally.failures]
    return silent, failures
