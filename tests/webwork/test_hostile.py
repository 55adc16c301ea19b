"""A hostile or broken WebWork: whatever it answers, the client answers records or a clear
upstream error, within its caps of size, pages, time and waiting (timing in test_hostile_time)."""

from __future__ import annotations

import gzip
import json
import re
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any

import httpx
import pytest

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import (
    WebworkInvalid,
    WebworkRateLimited,
    WebworkUnavailable,
    parse_retry_after,
)
from dashboard.webwork.records.parsing import as_float, as_int
from dashboard.webwork.transport.budget import Rate
from dashboard.webwork.transport.http import build_http
from tests.fakes import Reply, fail, ok, pages
from tests.webwork.conftest import BASE_URL, WORKSPACE

MB = 1024 * 1024
PROJECT = {"id": 1, "name": "P"}


class Streamed(httpx.SyncByteStream):
    """A body httpx cannot read ahead of the client; counts the raw bytes taken from it."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.sent += len(chunk)
            yield chunk


def streamed(stream: Streamed, headers: dict[str, str] | None = None) -> Any:
    return lambda request: httpx.Response(200, stream=stream, headers=headers or {})


def endless(piece: bytes = b" " * 65536) -> Iterator[bytes]:
    """64 MB of an answer that never gets to the point (and would be no JSON at the end)."""
    yield b'{"success": true, "data": ['
    for _ in range(1024):
        yield piece


@cache
def gzipped_zeros(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(MB)
    return b"".join(packer.compress(block) for _ in range(megabytes)) + packer.flush()


def gzip_of_zeros(megabytes: int) -> Iterator[bytes]:
    """``megabytes`` of zeros, gzipped (a thousandth of it), in chunks as from a socket."""
    packed = gzipped_zeros(megabytes)
    for start in range(0, len(packed), 65536):
        yield packed[start : start + 65536]


@pytest.fixture
def caps(settings: Any) -> Any:
    settings.WEBWORK_MAX_RESPONSE_BYTES = MB
    settings.WEBWORK_MAX_PAGE_ITEMS = 50
    settings.WEBWORK_MAX_PAGES = 20
    return settings


def test_a_body_past_the_cap_is_unavailable_and_reading_stops_there(webwork, upstream, caps):
    body = Streamed(endless())
    upstream.route("GET", "/projects", streamed(body))
    with pytest.raises(WebworkUnavailable, match="larger than 1 MB"):
        webwork.projects.list()
    assert body.sent <= MB + 65536 + 100


def test_a_gzip_bomb_is_refused_once_the_decoded_bytes_pass_the_cap(webwork, upstream, caps):
    bomb = Streamed(gzip_of_zeros(200))
    upstream.route("GET", "/projects", streamed(bomb, {"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        with pytest.raises(WebworkUnavailable, match="larger than 1 MB"):
            webwork.projects.list()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB  # 200 MB once decoded


def test_a_declared_length_past_the_cap_is_refused_unread(webwork, upstream, caps):
    body = Streamed(endless())
    upstream.route("GET", "/projects", streamed(body, {"Content-Length": str(50 * MB)}))
    with pytest.raises(WebworkUnavailable, match="larger than 1 MB"):
        webwork.projects.list()
    assert body.sent == 0


def test_it_reads_the_encodings_it_asks_for_and_refuses_others(webwork, upstream):
    envelope = json.dumps({"success": True, "data": PROJECT}).encode()
    upstream.route(
        "GET",
        "/projects/1",
        Reply(raw=gzip.compress(envelope), headers={"Content-Encoding": "gzip"}),
        Reply(raw=zlib.compress(envelope), headers={"Content-Encoding": "deflate"}),
        Reply(raw=zlib.compress(envelope)[2:-4], headers={"Content-Encoding": "deflate"}),
        Reply(raw=envelope, headers={"Content-Encoding": "br"}),
    )
    assert [webwork.projects.get(1).name for _ in range(3)] == ["P", "P", "P"]
    with pytest.raises(WebworkUnavailable, match=r"encoding the dashboard does not read \(br\)"):
        webwork.projects.get(1)
    assert upstream.last.headers["Accept-Encoding"] == "gzip, deflate"


def test_a_page_with_more_items_than_the_cap_is_unavailable(webwork, upstream, caps):
    items = [{"id": n, "name": "P"} for n in range(51)]
    upstream.route("GET", "/projects", ok(items, pagination=pages(51, 100, 1)))
    with pytest.raises(WebworkUnavailable, match="51 items, more than the 50 read"):
        webwork.projects.list()


def test_a_lying_last_page_is_followed_only_as_far_as_total_justifies(webwork, upstream):
    lie = {"total": 3, "per_page": 100, "current_page": 1, "last_page": 1000}
    upstream.route("GET", "/projects", ok([PROJECT] * 3, pagination=lie))
    assert len(webwork.projects.all()) == 3
    assert len(upstream.requests) == 1
    page = webwork.projects.list(refresh=True)
    assert (page.last_page, page.has_next) == (1, False)


def test_an_empty_page_ends_the_list(webwork, upstream):
    full = {"total": 1500, "per_page": 100, "current_page": 1, "last_page": 15}

    def answer(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        items = [{"id": number * 100 + n, "name": "P"} for n in range(100)] if number < 3 else []
        return ok(items, pagination={**full, "current_page": number})(request)

    upstream.route("GET", "/projects", answer)
    projects = webwork.projects.all()
    assert len(projects) == projects.total == 200
    assert len(upstream.requests) <= 11  # page 1, then the first round; never all fifteen


def test_a_list_claiming_more_pages_than_the_cap_is_unavailable(webwork, upstream, settings):
    settings.WEBWORK_MAX_PAGES = 20
    lie = {"total": 10**6, "per_page": 100, "current_page": 1, "last_page": 10**4}
    upstream.route("GET", "/projects", ok([PROJECT] * 100, pagination=lie))
    with pytest.raises(WebworkUnavailable, match="claims 10000 pages, more than the 20"):
        webwork.projects.all()
    assert len(upstream.requests) == 1


def test_a_paged_report_follows_only_the_member_pages_total_justifies(webwork, upstream):
    lie = {"total": 150, "per_page": 100, "current_page": 1, "last_page": 1000}
    upstream.route("GET", "/reports/activity-level", ok([{"user_id": 9}], pagination=lie))
    report = webwork.reports.activity_level(date(2026, 1, 1), date(2026, 1, 31))
    assert len(report.rows) == 2
    assert len(upstream.requests) == 2


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_json_nested_thousands_deep_is_unavailable(webwork, upstream, depth):
    deep = b'{"success": true, "data": ' + b"[" * depth + b"]" * depth + b"}"
    upstream.route("GET", "/projects", Reply(raw=deep))
    with pytest.raises(WebworkUnavailable, match="nested too deeply"):
        webwork.projects.list()


def test_brackets_inside_strings_are_not_nesting(webwork, upstream):
    name = "[[[[{{{{" * 40 + '\\"]]'
    body = '{"success": true, "data": {"id": 1, "name": "' + name + '"}}'
    upstream.route("GET", "/projects/1", Reply(raw=body.encode()))
    assert webwork.projects.get(1).name == name.replace('\\"', '"')


@pytest.mark.parametrize(
    "failure",
    [
        TypeError("unsupported operand"),
        ValueError("cannot convert float NaN to integer"),
        OverflowError("cannot convert float infinity to integer"),
        RecursionError("maximum recursion depth exceeded"),
    ],
)
def test_any_failure_to_parse_a_record_is_unavailable_not_a_crash(webwork, upstream, failure):
    upstream.route("GET", "/projects/1", ok(PROJECT))

    def parse(envelope: Any) -> Any:
        raise failure

    with pytest.raises(WebworkUnavailable, match="malformed") as caught:
        webwork._api.get("/projects/1", {}, parse)
    assert (caught.value.method, caught.value.path) == ("GET", "/projects/1")


@pytest.mark.parametrize(
    "value", [1e308, -1e308, float("inf"), float("nan"), "NaN", "inf", "1e308", 2**60, "9" * 30]
)
def test_absurd_numbers_are_read_as_missing(value):
    assert as_int(value) is None
    assert as_float(value) is None


@pytest.mark.parametrize(("value", "number"), [(12, 12), (12.0, 12), ("12", 12), (" -3 ", -3)])
def test_sensible_numbers_still_read(value, number):
    assert as_int(value) == number
    assert as_float(value) == float(number)


def test_a_timesheet_of_absurd_hours_has_no_total_instead_of_overflowing(webwork, upstream):
    sheets = [
        {"id": "a", "status": "submitted", "total_hours": 1e308},
        {"id": "b", "status": "submitted", "total_hours": "NaN"},
        {"id": "c", "status": "submitted", "total_minutes": "lots", "total_amount": 1e308},
    ]
    upstream.route("GET", "/timesheets", ok(sheets, pagination=pages(3, 20, 1)))
    listed = webwork.timesheets.list()
    assert [(s.minutes, s.amounts) for s in listed] == [(None, {}), (None, {}), (None, {})]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("999999999", 120.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 120.0),
        ("inf", 120.0),
        ("1e400", 120.0),
        ("nan", 60.0),
        ("-30", 0.0),
        ("7", 7.0),
    ],
)
def test_a_retry_after_is_believed_only_up_to_the_cap(header, seconds):
    assert parse_retry_after(header) == seconds


def test_a_huge_retry_after_holds_the_budget_only_up_to_the_cap(webwork, upstream, budget):
    upstream.route("GET", "/projects/1", fail(429, headers={"Retry-After": "999999999"}))
    with pytest.raises(WebworkRateLimited) as caught:
        webwork.projects.get(1)
    assert caught.value.retry_after == 120
    wait = budget.acquire(webwork.budget_key, max_wait=0)
    assert 120 <= wait <= 121
    assert WebworkRateLimited(retry_after=1e12).retry_after == 120


def test_a_huge_hold_in_redis_expires_with_the_cap(settings):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable: {exc}")
    from dashboard.webwork.transport.budget import RedisBudget

    budget = RedisBudget(client, Rate(), prefix="test:hostile:")
    client.delete("test:hostile:k")
    budget.hold("k", 999999999)
    longest = 120 + 2
    try:
        assert 0 < client.pttl("test:hostile:k") <= longest * 1000
        assert budget.acquire("k", max_wait=0) <= 121
    finally:
        client.delete("test:hostile:k")


def test_a_web_page_with_status_200_is_unavailable(webwork, upstream):
    page = Reply(200, raw=b"<html><body>Maintenance</body></html>")
    page.headers = {"Content-Type": "text/html; charset=utf-8"}
    upstream.route("GET", "/projects", page)
    with pytest.raises(WebworkUnavailable, match="web page instead of data"):
        webwork.projects.list()


def test_a_read_that_says_it_failed_with_status_200_is_unavailable(webwork, upstream):
    upstream.route("GET", "/projects", Reply(200, {"success": False, "message": "Try later"}))
    with pytest.raises(WebworkUnavailable, match="Try later"):
        webwork.projects.list()


def test_a_write_that_says_it_failed_with_status_200_is_refused(webwork, upstream):
    upstream.route("PUT", "/timesheets/t/approve", Reply(200, {"success": False, "message": "No"}))
    with pytest.raises(WebworkInvalid, match="No"):
        webwork.timesheets.approve("t")


@pytest.mark.parametrize(
    ("path", "call", "data"),
    [
        ("/projects/1", lambda ww: ww.projects.get(1), [PROJECT]),
        ("/projects", lambda ww: ww.projects.list(), {"id": 1}),
        ("/projects", lambda ww: ww.projects.list(), "many"),
        ("/projects", lambda ww: ww.projects.list(), [["nested"]]),
        ("/projects", lambda ww: ww.projects.list(), [{"id": "one"}]),
    ],
)
def test_wrong_types_are_unavailable(webwork, upstream, path, call, data):
    upstream.route("GET", path, ok(data))
    with pytest.raises(WebworkUnavailable, match="malformed"):
        call(webwork)


def test_strings_for_numbers_are_read_where_they_make_sense(webwork, upstream):
    bookkeeping = {"total": "2", "per_page": "lots", "current_page": "1", "last_page": [3]}
    item = {"id": "1", "name": "P", "status": "x"}
    upstream.route("GET", "/projects", ok([item], pagination=bookkeeping))  # type: ignore[arg-type]
    page = webwork.projects.list()
    assert (page.items[0].id, page.items[0].status, page.total, page.last_page) == (1, None, 2, 1)


@pytest.mark.parametrize(
    ("location", "said"),
    [("https://evil.example/steal", " to another host (evil.example)"), ("/api/v2/moved", "")],
)
def test_a_redirect_is_never_followed_and_the_token_stays_home(
    tokens, retry, budget, location, said
):
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(302, headers={"Location": location})

    http = build_http(transport=httpx.MockTransport(answer), base_url=BASE_URL)
    http.follow_redirects = True  # even a client that would follow them does not
    client = WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)
    with pytest.raises(WebworkUnavailable, match=re.escape(f"redirect (HTTP 302){said},")):
        client.projects.list()
    assert [r.url.host for r in seen] == ["webwork.test"]
