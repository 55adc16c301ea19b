"""``manage.py webwork_check`` against the real sandbox, directly and through a reshaping proxy."""

from __future__ import annotations

import contextlib
import re
from io import StringIO
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from dashboard.accounts.checking import OPERATIONS, PAGINATION, check_connection
from dashboard.accounts.models import WebworkConnection
from dashboard.accounts.shapes import Outcome, inspect
from dashboard.webwork.records.parsing import Malformed

pytestmark = pytest.mark.django_db

OWNER = "owner@acme.test"


@pytest.fixture
def connect(settings, sandbox, manager):
    """Connect the manager with an owner's personal token to WebWork at ``api_url``."""
    # Pacing is not what these tests are about: let the ~25 reads go without waiting.
    settings.WEBWORK_RATE_PER_MINUTE = 6000

    def connect_to(api_url: str, email: str = OWNER) -> WebworkConnection:
        settings.WEBWORK_API_BASE_URL = api_url
        connection = WebworkConnection(
            user=manager,
            kind="token",
            webwork_user_id=101,
            workspace_id=sandbox.workspace_id("Acme Studio"),
            workspace_name="Acme Studio",
            workspace_role="Owner",
        )
        connection.set_tokens(sandbox.token(email))
        connection.save()
        return connection

    return connect_to


def run_check(*args: str) -> str:
    out = StringIO()
    call_command("webwork_check", *args, stdout=out)
    return out.getvalue()


def row(output: str, operation: str) -> list[str]:
    """The cells of one operation's line of the table."""
    line = next(line for line in output.splitlines() if line.startswith(f"{operation} "))
    return re.split(r"\s{2,}", line)


def with_a_webhook(sandbox) -> None:
    """Every list answers at least one item, so every per-item read is made too."""
    with sandbox.api(OWNER) as api:
        hook = {
            "workspace_id": 1,
            "url": "https://hooks.example.test/w",
            "events": ["member.invited"],
        }
        assert api.post("webhooks", json=hook).is_success
    sandbox.clear_calls()


@pytest.mark.parametrize("variant", ["api", "v2"])
def test_it_passes_against_the_sandbox_in_either_doc_variant(sandbox, connect, variant):
    sandbox.set_variant(variant)
    with_a_webhook(sandbox)
    connect(sandbox.api_url)

    output = run_check("--user", "manager")

    assert f"look like the {variant!r} variant" in output
    assert row(output, "GET /timesheets")[1:4] == ["200", "ok", variant]
    for operation in OPERATIONS:
        assert row(output, operation.name)[1:3] == ["200", "ok"], output
    assert "limit 60, remaining" in output
    calls = sandbox.calls()
    assert {call["method"] for call in calls} == {"GET"}
    assert len(calls) == len(OPERATIONS)  # one read per operation, none retried


def test_it_reports_the_rate_limit_headers_it_saw(sandbox, connect):
    connect(sandbox.api_url)
    check = check_connection(WebworkConnection.objects.get())
    first, last = check.outcomes[0], [o for o in check.outcomes if o.rate_limit][-1]
    assert first.rate_limit["limit"] == "60"
    assert int(last.rate_limit["remaining"]) < int(first.rate_limit["remaining"])


def test_it_passes_through_the_proxy_with_pagination_on_top_and_ids_as_strings(
    reshaped, sandbox, connect
):
    connection = connect(reshaped.api_url)
    token = connection.access_token
    seen = httpx.get(
        f"{reshaped.api_url}/members",
        params={"workspace_id": 1, "per_page": 1},
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert isinstance(seen["data"][0]["id"], str) and "pagination" not in seen["meta"]
    assert seen["pagination"]["last_page"] > 1

    output = run_check()

    assert "Every field the dashboard relies on is there" in output
    assert row(output, "GET /members")[1:3] == ["200", "ok"]
    assert row(output, "GET /members")[4] == "top level"
    assert {call["method"] for call in sandbox.calls()} == {"GET"}


@pytest.mark.parametrize(
    ("operation", "field", "line"),
    [
        ("GET /contracts", "project_id", "`project_id` is missing, expected an integer"),
        ("GET /members/{id}", "email", "`email` is missing, expected text"),
        (
            "GET /reports/daily-attendance",
            "tracked_minutes",
            "`tracked_minutes` is missing, expected an integer",
        ),
    ],
)
def test_it_fails_with_one_line_naming_the_operation_and_a_dropped_field(
    reshaped, sandbox, connect, operation, field, line
):
    reshaped.drop(operation, field)
    connect(reshaped.api_url)

    with pytest.raises(CommandError) as failed:
        run_check("--user", "manager")

    assert failed.value.returncode == 1
    assert str(failed.value).splitlines() == [f"{operation}: {line}"]
    assert {call["method"] for call in sandbox.calls()} == {"GET"}


def test_a_refused_token_stops_the_check_after_one_read(sandbox, connect):
    connection = connect(sandbox.api_url)
    sandbox.revoke_token(connection.access_token)

    with pytest.raises(CommandError) as failed:
        run_check()

    assert failed.value.returncode == 2
    assert str(failed.value).startswith("GET /workspaces: HTTP 401: ")
    assert len(sandbox.calls()) == 1  # the rest was not tried


def test_a_webwork_that_does_not_answer_stops_the_check_after_one_read(sandbox, connect, settings):
    connection = connect(sandbox.api_url)
    settings.WEBWORK_API_BASE_URL = "http://127.0.0.1:9/api/v2"  # the discard port: no server

    outcomes = check_connection(connection).outcomes

    assert outcomes[0].error
    assert all(outcome.note.startswith("not tried") for outcome in outcomes[1:])


def test_reads_a_team_manager_may_not_make_fail_on_their_own_and_the_rest_is_checked(
    sandbox, connect
):
    connect(sandbox.api_url, email="lead@acme.test")

    with pytest.raises(CommandError) as failed:
        run_check()

    assert failed.value.returncode == 2
    lines = str(failed.value).splitlines()
    assert (
        "GET /webhooks: HTTP 403: Only the workspace owner or an executive manager may do this"
        in lines
    )
    assert all(": HTTP 403: " in line for line in lines)
    assert len(lines) < len(OPERATIONS) - 1  # the team's own members, timesheets... answered


def test_it_names_the_user_to_choose_when_several_are_connected(sandbox, connect, owner):
    connect(sandbox.api_url)
    WebworkConnection.objects.create(user=owner, kind="token", access_token_encrypted="x")

    with pytest.raises(CommandError, match=r"Several users are connected \(manager, owner\)"):
        run_check()
    with pytest.raises(CommandError, match="'nobody' has no WebWork connection"):
        run_check("--user", "nobody")
    assert sandbox.calls() == []


def answer(data: object, **envelope: object) -> dict[str, object]:
    return {"success": True, "data": data, **envelope}


PAGE = {"total": 1, "per_page": 3, "current_page": 1, "last_page": 1}


def inspected(name: str, body: object, asked: str | None = None) -> Outcome:
    outcome = Outcome(next(op for op in OPERATIONS if op.name == name), status=200)
    inspect(outcome, body, PAGINATION, asked=asked)
    return outcome


def test_a_field_of_the_wrong_type_is_named_with_what_came():
    sheet = {"id": "t1", "status": "submitted", "user_id": "Marcus", "date_from": "2026-11-30"}
    sheet |= {"date_to": "2026-12-06", "total_hours": 5.5}
    outcome = inspected("GET /timesheets", answer([sheet], meta={"pagination": PAGE}))
    assert [str(p) for p in outcome.problems] == [
        "GET /timesheets: `user_id` is text ('Marcus'), expected an integer"
    ]
    assert outcome.variant == "v2"  # total_hours


def test_an_alternative_name_satisfies_a_field_and_null_is_not_a_value():
    row = {"id": 1, "email": "a@b.test", "role": "Owner", "status": None}
    outcome = inspected("GET /members/{id}", answer(row))
    assert [str(p) for p in outcome.problems] == [
        "GET /members/{id}: `status` is null, expected text"
    ]


def test_an_ignored_id_filter_is_a_problem_because_the_client_reads_the_first_item():
    leave = {"id": "other", "status": "pending", "user_id": 7, "start_date": "2026-01-05"}
    leave |= {"end_date": "2026-01-06"}
    outcome = inspected("GET /leaves?id=", answer([leave], pagination=PAGE), asked="asked")
    assert [str(p) for p in outcome.problems] == [
        "GET /leaves?id=: the `id` filter was not applied: asked for asked, got other"
    ]
    assert outcome.paging == "top level"


def test_a_paged_list_without_pagination_or_an_envelope_is_a_problem():
    viewers = inspected("GET /project-viewers", answer([]))
    assert [p.field for p in viewers.problems] == ["the pagination"]
    assert inspected("GET /projects", [{"id": 1}]).problems[0].field == "the answer"
    nested = answer([{"id": 5, "email": "v@c.test", "projects": [{"project_name": "P"}]}])
    nested["meta"] = {"pagination": PAGE}
    assert [str(p) for p in inspected("GET /project-viewers", nested).problems] == [
        "GET /project-viewers: `projects[].project_id` is null, expected an integer"
    ]


def test_the_page_shows_each_operation_and_what_is_missing(
    reshaped, sandbox, connect, manager_client
):
    reshaped.drop("GET /contracts", "user_id")
    connect(reshaped.api_url)

    page = manager_client.get("/connect/check/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "GET /contracts: `user_id` is missing, expected an integer" in text
    assert text.count("<td><code>GET ") == len(OPERATIONS)
    assert {call["method"] for call in sandbox.calls()} == {"GET"}


def test_the_page_sends_the_unconnected_to_connect(manager_client):
    assert manager_client.get("/connect/check/")["Location"] == "/connect/"


def test_the_connect_page_offers_the_check_once_connected(sandbox, connect, manager_client):
    connect(sandbox.api_url)
    assert 'href="/connect/check/"' in manager_client.get("/connect/").content.decode()


def test_every_field_of_the_table_is_one_its_record_reads(sandbox, connect):
    """Not a guess: without any listed field, the record comes out different or not at all."""
    with_a_webhook(sandbox)
    check = check_connection(connect(sandbox.api_url))
    read = [o for o in check.outcomes if o.operation.record is not None]
    assert all(o.first_item for o in read), [o.name for o in read if not o.first_item]
    for outcome in read:
        record, item = outcome.operation.record, dict(outcome.first_item)
        for fld in outcome.operation.fields:
            with contextlib.suppress(Malformed):
                assert record(unlike(item, fld.names)) != record(item), f"{outcome.name}: {fld}"


def unlike(item: dict, names: tuple[str, ...]) -> dict:
    """``item`` without any of ``names`` (``a[].b``: without ``b`` in every element of ``a``);
    a 0 becomes 7 instead, since a record reads a missing count as 0."""
    zero = next((n for n in names if item.get(n) == 0 and item[n] is not False), None)
    if zero:
        return {**item, zero: 7}
    for name in names:
        head, nested, rest = name.partition("[].")
        if not nested:
            item = {k: v for k, v in item.items() if k != name}
            continue
        assert item[head], f"no element of {head} to take {rest} from"
        item = {**item, head: [{k: v for k, v in e.items() if k != rest} for e in item[head]]}
    return item


def test_the_table_has_every_read_of_the_service_layer():
    """A read added to ``dashboard/webwork/resources`` is checked once it is in the table."""
    resources = Path(__file__).resolve().parents[2] / "dashboard" / "webwork" / "resources"
    reads = {
        re.sub(r"\{\w+\}", "{id}", found)
        for module in resources.glob("*.py")
        for found in re.findall(r'"""GET (/[^\s:(,]+)', module.read_text())
    }
    assert reads == {op.name.removeprefix("GET ") for op in OPERATIONS}
