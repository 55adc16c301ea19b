"""Conformance of every operation with docs/webwork-api/openapi.yaml, in both doc variants.

Three runs, bounded for CI (``bench/contract.py`` runs them all in full, ``CONTRACT_FULL=1``):
- the api variant, as the owner of Acme Studio, with schemathesis' examples, its coverage phase
  (positive data; negative too in the full run) and fuzzing with positive and negative data;
- the v2 variant with examples and fuzzing (its coverage phase only in the full run);
- for each variant, every operation aimed at live records (``contract_run``): each must answer
  at least one 2xx, and every answer must pass the checks.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.plugins.sandbox import Sandbox
from tests.sandbox.contract_run import CHECKS, SPEC, report, run

FULL = os.environ.get("CONTRACT_FULL") == "1"
EXAMPLES = 25 if FULL else 6
FUZZED = 8 if FULL else 2
SPEC_DATA = yaml.safe_load(SPEC.read_text())
OPERATIONS = [
    op
    for item in SPEC_DATA["paths"].values()
    for method, op in item.items()
    if method in ("get", "post", "put", "delete")
]


def _schema(*, coverage: list[GenerationMode]) -> Any:
    loaded = schemathesis.openapi.from_path(SPEC)
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True
    )
    # The coverage phase's negative cases (a hundred or more per operation) are most of a run.
    loaded.config.phases.coverage.enabled = bool(coverage)
    loaded.config.phases.coverage.generation.update(modes=coverage)
    return loaded


EVERY_MODE = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
schema = _schema(coverage=EVERY_MODE if FULL else [GenerationMode.POSITIVE])
schema_v2 = _schema(coverage=EVERY_MODE if FULL else [])
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


def _headers(sandbox: Sandbox, variant: str) -> dict[str, Any]:
    """Set up for one test: the variant, a rate limit out of the way, a token of the owner."""
    sandbox.set_variant(variant)
    sandbox.set_rate_limit(1_000_000)
    return {"Authorization": f"Bearer {sandbox.token('owner@acme.test')}"}


@pytest.fixture
def api_variant(sandbox_server: Sandbox) -> dict[str, Any]:
    return _headers(sandbox_server, "api")


@pytest.fixture
def v2_variant(sandbox_server: Sandbox) -> dict[str, Any]:
    return _headers(sandbox_server, "v2")


def _aim_at_the_workspace(case: schemathesis.Case, workspace_id: int) -> None:
    """Most generated workspace ids do not exist; use the seeded one for positive cases."""
    if case.meta and case.meta.generation.mode == GenerationMode.NEGATIVE:
        return
    if isinstance(case.query, dict) and "workspace_id" in case.query:
        case.query["workspace_id"] = workspace_id
    if isinstance(case.body, dict) and "workspace_id" in case.body:
        case.body["workspace_id"] = workspace_id


def _sends_an_empty_query_value(url: str) -> bool:
    """``?page=`` counts as an absent parameter (documented), so it is not invalid input."""
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    return any(value == "" for values in query.values() for value in values)


def _call_and_check(case: schemathesis.Case, sandbox: Sandbox, headers: dict[str, Any]) -> None:
    _aim_at_the_workspace(case, sandbox.workspace_id("Acme Studio"))
    response = case.call(base_url=sandbox.api_url, headers=headers)
    checks = list(CHECKS)
    negative = case.meta and case.meta.generation.mode == GenerationMode.NEGATIVE
    if negative and not _sends_an_empty_query_value(response.request.url or ""):
        checks.append(negative_data_rejection)
    case.validate_response(response, checks=checks)


@schema.parametrize()
@HYPOTHESIS
def test_responses_conform_to_the_contract(
    case: schemathesis.Case, sandbox_server: Sandbox, api_variant: dict[str, Any]
) -> None:
    _call_and_check(case, sandbox_server, api_variant)


@schema_v2.parametrize()
@HYPOTHESIS
def test_responses_conform_in_the_v2_variant(
    case: schemathesis.Case, sandbox_server: Sandbox, v2_variant: dict[str, Any]
) -> None:
    _call_and_check(case, sandbox_server, v2_variant)


@pytest.mark.parametrize("variant", ["api", "v2"])
def test_every_operation_answers_2xx(sandbox_server: Sandbox, variant: str) -> None:
    tallies = run(sandbox_server, variant, fuzzed=FUZZED)
    sandbox_server.reset()
    silent, failures = report(tallies)
    assert len(tallies) == len(OPERATIONS) == 69
    assert not failures, "\n".join(failures)
    assert not silent, f"no 2xx in the {variant} variant for: {', '.join(silent)}"


def test_every_operation_says_whether_it_is_documented_or_inferred() -> None:
    sources = Counter(op.get("x-source") for op in OPERATIONS)
    assert set(sources) == {"documented", "inferred"}
    assert all(op.get("x-source-detail") and op.get("x-doc-variants") for op in OPERATIONS)
    notes = (SPEC.parent / "NOTES.md").read_text()
    counted = re.search(r"## 3\. Operations \((\d+): (\d+) documented, (\d+) inferred\)", notes)
    assert counted is not None
    assert tuple(map(int, counted.groups())) == (
        len(OPERATIONS),
        sources["documented"],
        sources["inferred"],
    )
