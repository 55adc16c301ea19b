"""A warm inbox is the one made of the same reads before: its rows are written once, and what
changes by the request (the CSRF token), by the day waited, or by new reads is never kept."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dashboard.approvals import inbox
from tests.conftest import HTMX
from tests.fakes import ok

from .conftest import leave, sheet
from .test_inbox import waiting

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def written(monkeypatch):
    """The inbox rows written, by their items' ids."""
    rows: list[str] = []
    write = inbox.inbox_row

    def counted(item, links, now=None):
        rows.append(item.record.id)
        return write(item, links, now)

    monkeypatch.setattr(inbox, "inbox_row", counted)
    return rows


def without_tokens(html: str) -> str:
    """The page less what is new in each response: CSRF tokens and script nonces."""
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", TOKEN.sub("", html))
    return re.sub(r'nonce="[^"]*"', "", html)


def test_a_warm_inbox_writes_no_row_again(connected_client, routes, written):
    waiting(routes)
    first = connected_client.get("/").content.decode()
    assert sorted(written) == ["lv-1", "tr-1", "ts-1"]
    second = connected_client.get("/").content.decode()
    assert len(written) == 3
    assert without_tokens(second) == without_tokens(first)
    assert len(routes.requests) == 8


def test_every_row_carries_its_own_sessions_csrf_token(connected_client, routes, manager):
    waiting(routes)
    secrets = []
    for _ in range(2):
        tokens = TOKEN.findall(connected_client.get("/").content.decode())
        assert len(tokens) >= 4  # the page's decision form and each row's reject form
        found = {_unmasked(token) for token in tokens}
        assert len(found) == 1
        secrets.append(found.pop())
        connected_client.logout()
        connected_client.force_login(manager)  # a new session: a new CSRF secret
    assert secrets[0] != secrets[1]


def test_the_days_waited_move_on_while_the_reads_stay(connected_client, routes, written):
    moment = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
    submitted = sheet()
    submitted["submitted_on"] = (moment - timedelta(days=3) + timedelta(seconds=5)).isoformat()
    waiting(routes, sheets=[submitted], leaves=[], requests=[])
    with time_machine.travel(moment, tick=False) as clock:
        assert "waiting 2 days" in connected_client.get("/").content.decode()
        clock.shift(timedelta(seconds=10))
        html = connected_client.get("/").content.decode()
    assert "waiting 3 days" in html
    assert len(routes.requests) == 8  # the same reads, from the cache
    assert written == ["ts-1", "ts-1"]


def test_a_decision_s_new_reads_make_a_new_inbox(connected_client, routes):
    waiting(routes)
    assert 'id="inbox-leave-lv-1"' in connected_client.get("/").content.decode()
    routes.route("PUT", "/leaves/lv-1/approve", ok(None, message="Leave approved"))
    connected_client.post(
        "/approvals/leaves/lv-1/approve/", {"view": "inbox", "next": "/"}, headers=HTMX
    )
    waiting(routes, leaves=[], approved_leaves=[leave(status="approved")])
    assert 'id="inbox-leave-lv-1"' not in connected_client.get("/").content.decode()


def test_the_rest_of_the_list_is_written_apart_from_its_first_part(
    connected_client, routes, written
):
    sheets = [sheet(f"ts-{n}", days_ago=60 - n) for n in range(inbox.FIRST + 5)]
    waiting(routes, sheets=sheets, leaves=[], requests=[])
    first = connected_client.get("/").content.decode()
    assert 'id="inbox-timesheet-ts-0"' in first and f"ts-{inbox.FIRST}" not in first
    headers = {**HTMX, "HX-Target": "inbox-more"}
    rest = connected_client.get("/?show=all", headers=headers).content.decode()
    assert f'id="inbox-timesheet-ts-{inbox.FIRST}"' in rest and "ts-0" not in rest
    assert len(written) == inbox.FIRST + 5


def _unmasked(token: str) -> str:
    from django.middleware.csrf import _unmask_cipher_token  # type: ignore[attr-defined]

    return _unmask_cipher_token(token)
