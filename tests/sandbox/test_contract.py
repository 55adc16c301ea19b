"""Response conformance of every simulated operation with docs/webwork-api/openapi.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.plugins.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = [
    "getWorkspaces",
    "getMembers",
    "inviteMember",
    "getMember",
    "updateMember",
    "deleteMember",
    "getProjects",
    "createProject",
    "getProject",
    "updateProject",
    "deleteProject",
    "getProjectViewers",
    "createProjectViewer",
    "getProjectViewer",
    "deleteProjectViewer",
    "restoreProjectViewer",
    "assignProjectToViewer",
    "unassignProjectFromViewer",
    "getContracts",
    "createContract",
    "getContract",
    "updateContract",
    "getTimesheets",
    "approveTimesheet",
    "rejectTimesheet",
    "submitTimesheet",
    "unsubmitTimesheet",
    "getTimeRequests",
    "createTimeRequest",
    "getTimeRequest",
    "approveTimeRequest",
    "rejectTimeRequest",
    "getLeaves",
    "getLeaveBalances",
    "getLeavePolicies",
    "approveLeave",
    "rejectLeave",
    "getWebhooks",
    "createWebhook",
    "getWebhook",
    "updateWebhook",
    "deleteWebhook",
    "getTrackedHoursReport",
    "getDailyTimelineReport",
    "getTaskReport",
    "getActivityLevelReport",
    "getDailyAttendanceReport",
    "getActivityDescriptionsReport",
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

schema = schemathesis.openapi.from_path(ROOT / "docs" / "webwork-api" / "openapi.yaml").include(
    operation_id=OPERATIONS
)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True
)


@pytest.fixture(scope="module")
def contract_sandbox(sandbox_server: Sandbox) -> Iterator[dict[str, Any]]:
    """The seeded sandbox with a high rate limit, and a token of the Acme owner."""
    sandbox_server.reset()
    sandbox_server.set_rate_limit(1_000_000)
    token = sandbox_server.token("owner@acme.test")
    yield {
        "base_url": sandbox_server.api_url,
        "headers": {"Authorization": f"Bearer {token}"},
        "workspace_id": sandbox_server.workspace_id("Acme Studio"),
    }
    sandbox_server.reset()


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


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_responses_conform_to_the_contract(
    case: schemathesis.Case, contract_sandbox: dict[str, Any]
) -> None:
    _aim_at_the_workspace(case, contract_sandbox["workspace_id"])
    response = case.call(base_url=contract_sandbox["base_url"], headers=contract_sandbox["headers"])
    checks = list(CHECKS)
    negative = case.meta and case.meta.generation.mode == GenerationMode.NEGATIVE
    if negative and not _sends_an_empty_query_value(response.request.url or ""):
        checks.append(negative_data_rejection)
    case.validate_response(response, checks=checks)
