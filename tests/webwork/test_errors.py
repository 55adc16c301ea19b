from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkError,
    WebworkForbidden,
    WebworkInvalid,
    WebworkNotFound,
    WebworkRateLimited,
    WebworkUnavailable,
    parse_retry_after,
)
from tests.fakes import Reply, fail, ok, pages
from tests.webwork.conftest import TOKEN


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, WebworkInvalid),
        (401, WebworkAuthError),
        (403, WebworkForbidden),
        (404, WebworkNotFound),
        (409, WebworkInvalid),
        (410, WebworkNotFound),
        (422, WebworkInvalid),
        (429, WebworkRateLimited),
        (500, WebworkUnavailable),
        (502, WebworkUnavailable),
        (503, WebworkUnavailable),
        (418, WebworkUnavailable),
    ],
)
def test_it_maps_every_error_status(webwork, upstream, status, kind):
    headers = {"Retry-After": "120"} if status == 429 else {}
    upstream.route(
        "PUT", "/timesheets/t1/approve", fail(status, "Upstream says no", headers=headers)
    )
    with pytest.raises(kind) as caught:
        webwork.timesheets.approve("t1")
    error = caught.value
    assert error.status == status
    assert (error.method, error.path) == ("PUT", "/timesheets/t1/approve")
    if status != 401:  # for a 401, the token source explains what the user must do
        assert error.message == "Upstream says no"


def test_invalid_input_carries_laravel_style_field_errors(webwork, upstream):
    errors = {"email": ["The email has already been taken."], "firstname": "Required."}
    upstream.route(
        "POST", "/project-viewers", fail(422, "The given data was invalid.", errors=errors)
    )
    with pytest.raises(WebworkInvalid) as caught:
        webwork.viewers.create(email="a@b.test", firstname="", lastname="L")
    assert caught.value.message == "The given data was invalid."
    assert caught.value.field_errors == {
        "email": ["The email has already been taken."],
        "firstname": ["Required."],
    }


def test_a_bad_request_without_field_errors_has_none(webwork, upstream):
    upstream.route("PUT", "/leaves/l1/approve", fail(400, "Leave is already approved"))
    with pytest.raises(WebworkInvalid) as caught:
        webwork.leaves.approve("l1")
    assert caught.value.field_errors == {}
    assert caught.value.status == 400


def test_an_error_without_a_body_still_says_something(webwork, upstream):
    upstream.route("DELETE", "/webhooks/w", Reply(500, raw=b"oops"), Reply(503, raw=b""))
    with pytest.raises(WebworkUnavailable, match="HTTP 500"):
        webwork.webhooks.delete("w")


def test_a_rate_limit_error_carries_retry_after(webwork, upstream):
    upstream.route(
        "POST", "/time-requests/r/approve", fail(429, "Slow down", headers={"Retry-After": "17"})
    )
    with pytest.raises(WebworkRateLimited) as caught:
        webwork.time_requests.approve("r")
    assert caught.value.retry_after == 17


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    later = datetime.now(UTC) + timedelta(seconds=90)
    assert parse_retry_after("30") == 30
    assert 85 <= parse_retry_after(format_datetime(later, usegmt=True)) <= 90
    assert parse_retry_after(None) == 60
    assert parse_retry_after("soon") == 60
    assert parse_retry_after("-5") == 0


def test_an_error_repr_shows_method_path_and_status_but_no_token(webwork, upstream):
    upstream.route("GET", "/members/3", fail(403, "Only owners"))
    with pytest.raises(WebworkForbidden) as caught:
        webwork.members.get(3)
    text = repr(caught.value)
    assert text == "WebworkForbidden(GET /members/3 -> 403: 'Only owners')"
    assert TOKEN not in text and TOKEN not in str(caught.value)


def test_every_error_is_a_webwork_error(webwork, upstream):
    upstream.route("GET", "/projects/1", httpx.ConnectError("refused"))
    with pytest.raises(WebworkError):
        webwork.projects.get(1)


def test_no_token_is_logged_at_any_level(webwork, upstream, caplog):
    upstream.route("GET", "/project-viewers", ok([], pagination=pages(0, 20, 1)))
    upstream.route("GET", "/members/1", httpx.ReadTimeout("slow"))
    upstream.route("PUT", "/timesheets/t/approve", fail(401, "Expired"))
    caplog.set_level(logging.DEBUG)
    webwork.viewers.list()
    with pytest.raises(WebworkUnavailable):
        webwork.members.get(1)
    with pytest.raises(WebworkAuthError) as caught:
        webwork.timesheets.approve("t")
    logging.getLogger("test").error("failed: %r", caught.value)
    assert any("webwork GET /project-viewers -> 200" in r.getMessage() for r in caplog.records)
    logged = "\n".join(f"{r.getMessage()} {r.args} {r.exc_text}" for r in caplog.records)
    assert TOKEN not in logged
    assert "Bearer" not in logged
