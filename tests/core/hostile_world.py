"""A generic fake WebWork for the page-level hostile suite (``test_hostile_pages``).

``World`` answers any path at the HTTP boundary: a list path with items that parse as any record
(``item``), an item path with one of them. ``CASES`` and ``STREAMS`` turn its answers hostile;
each case may carry a ``check`` of what else must hold (calls made, hosts asked, waits shown).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import httpx

from tests.webwork.test_hostile import Streamed, endless, gzip_of_zeros

NOW = datetime.now(UTC).replace(microsecond=0)


def item(number: int, **changes: Any) -> dict[str, Any]:
    """One item that parses as any record: member, project, viewer, contract, timesheet..."""
    start = NOW - timedelta(days=2, hours=number)
    today = NOW.date().isoformat()
    base = {
        "id": number,
        "name": f"Item {number}",
        "title": f"Task {number}",
        "workspace_name": "Acme Studio",
        "email": f"person{number}@acme.test",
        "firstname": "Ada",
        "lastname": f"Person {number}",
        "role": "Owner",
        "status": "active",
        "user_id": number,
        "project_id": number,
        "contract_id": number,
        "task_id": number,
        "policy_id": number,
        "project_name": f"Project {number}",
        "user_name": f"Ada Person {number}",
        "member_since": start.isoformat(),
        "projects": [{"project_id": number, "project_name": f"Project {number}"}],
        "date": today,
        "date_from": (NOW.date() - timedelta(days=7)).isoformat(),
        "date_to": today,
        "start_date": today,
        "end_date": today,
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=45)).isoformat(),
        "start_time": start.isoformat(),
        "end_time": (start + timedelta(minutes=45)).isoformat(),
        "created_at": start.isoformat(),
        "created_on": start.isoformat(),
        "submitted_on": start.isoformat(),
        "total_minutes": 300,
        "duration_minutes": 45,
        "weekly_hours_limit": 20,
        "rate": 50,
        "total_amount": 250,
        "activity_level": 60,
        "total": {"days": 1, "hours": 8},
    }
    return {**base, **changes}


def listed(items: list[Any], request: httpx.Request, **bookkeeping: Any) -> dict[str, Any]:
    per_page = int(request.url.params.get("per_page") or 20)
    page = int(request.url.params.get("page") or 1)
    pagination = {"total": len(items), "per_page": per_page, "current_page": page}
    pagination |= {"last_page": max(1, -(-len(items) // per_page))} | bookkeeping
    return {"success": True, "data": items, "meta": {"pagination": pagination}}


def benign(request: httpx.Request, path: str) -> dict[str, Any]:
    """What a well-behaved WebWork answers: three of everything, or the one asked for."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if path.startswith("/workspaces"):
        workspace = {"id": 7, "workspace_name": "Acme Studio", "role": "Owner", "status": "active"}
        return listed([workspace], request)
    if request.method != "GET":
        return {"success": True, "data": None, "message": "Done."}
    if last.isdigit():
        return {"success": True, "data": item(int(last))}
    return listed([item(n) for n in (1, 2, 3)], request)


Answer = Callable[[httpx.Request, str], httpx.Response]


@dataclass
class World:
    """The fake WebWork: ``answer`` decides each reply; every request is recorded."""

    answer: Answer
    requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        return self.answer(request, request.url.path.removeprefix("/api/v2"))


def json_reply(body: Any, status: int = 200, **headers: str) -> httpx.Response:
    """JSON as Python writes it, NaN and Infinity included (httpx would refuse them)."""
    kind = {"Content-Type": "application/json"}
    return httpx.Response(status, content=json.dumps(body).encode(), headers=kind | headers)


def swapped(request: httpx.Request, path: str) -> httpx.Response:
    """Lists where objects belong and objects where lists belong; numbers as text and back."""
    body = benign(request, path)
    data = body["data"]
    if isinstance(data, list):
        body["data"] = {"items": data, "total": "three"}
    elif isinstance(data, dict):
        body["data"] = [data, "not an object", 12]
    body["meta"] = {"pagination": {"total": "many", "per_page": [], "last_page": {"a": 1}}}
    return json_reply(body)


def with_items(make: Callable[[int], Any], **bookkeeping: Any) -> Answer:
    def answer(request: httpx.Request, path: str) -> httpx.Response:
        body = benign(request, path)
        if isinstance(body["data"], list) and not path.startswith("/workspaces"):
            body = listed([make(n) for n in (1, 2, 3)], request, **bookkeeping)
        elif isinstance(body["data"], dict):
            body["data"] = make(body["data"]["id"])
        return json_reply(body)

    return answer


ABSURD = {
    "total_minutes": 1e308,
    "duration_minutes": -600,
    "total_hours": float("nan"),
    "weekly_hours_limit": 10**30,
    "rate": float("inf"),
    "total_amount": -1e308,
    "activity_level": float("-inf"),
    "contracts_count": 1e308,
    "total": {"days": float("nan"), "hours": 1e308},
    "end": (NOW - timedelta(days=30)).isoformat(),
    "end_time": (NOW - timedelta(days=30)).isoformat(),
    "start_date": "9999-12-31",
    "end_date": "0001-01-01",
}
UNKNOWN = {"user_id": 999_999, "project_id": 999_998, "contract_id": 999_997, "task_id": 999_996}


def lying_pages(request: httpx.Request, path: str) -> httpx.Response:
    """Three items, and a ``last_page`` of a thousand."""
    body = benign(request, path)
    if "pagination" in body.get("meta", {}):
        body["meta"]["pagination"]["last_page"] = 1000
    return json_reply(body)


def lying_everything(request: httpx.Request, path: str) -> httpx.Response:
    """Pages without end: a total of 50,000 in pages of 100, all but the first one empty."""
    body = benign(request, path)
    if "pagination" in body.get("meta", {}):
        if int(request.url.params.get("page") or 1) > 1:
            body["data"] = []
        body["meta"]["pagination"] |= {"total": 50_000, "per_page": 100, "last_page": 500}
    return json_reply(body)


@dataclass
class Case:
    """A WebWork's answers; ``check`` finds what else went wrong; ``renders``: pages still work."""

    answer: Answer
    check: Callable[[World, Any], str] = lambda world, response: ""
    renders: bool = False


def at_most_calls(limit: int) -> Callable[[World, Any], str]:
    def check(world: World, response: Any) -> str:
        count = len(world.requests)
        return f"{count} upstream calls" if count > limit else ""

    return check


@dataclass
class Stream:
    """Every answer a fresh counted stream (see ``Streamed``)."""

    make: Callable[[], Iterator[bytes]]
    headers: dict[str, str] = field(default_factory=dict)
    bodies: list[Streamed] = field(default_factory=list)

    def __call__(self, request: httpx.Request, path: str) -> httpx.Response:
        body = Streamed(self.make())
        self.bodies.append(body)
        return httpx.Response(200, stream=body, headers=self.headers)

    @property
    def most(self) -> int:
        """The most raw bytes any one answer gave before the client stopped reading."""
        return max((body.sent for body in self.bodies), default=0)


def redirect_off_host(request: httpx.Request, path: str) -> httpx.Response:
    return httpx.Response(302, headers={"Location": "https://evil.example/api/v2" + path})


def only_home(world: World, response: Any) -> str:
    elsewhere = [r.url.host for r in world.requests if r.url.host != "webwork.test"]
    return f"requests went to {elsewhere}" if elsewhere else ""


def believable_waits(world: World, response: Any) -> str:
    said = re.findall(rb"in (\d+) seconds", response.content if response is not None else b"")
    return f"asked to wait {said}" if any(int(s) > 120 for s in said) else ""


def web_page(request: httpx.Request, path: str) -> httpx.Response:
    return httpx.Response(200, text="<html>Down for maintenance</html>", headers=HTML)


def said_it_failed(request: httpx.Request, path: str) -> httpx.Response:
    return json_reply({"success": False, "message": "Nope", "data": None})


def nested_deep(request: httpx.Request, path: str) -> httpx.Response:
    return httpx.Response(200, content=b"[" * 5000 + b"]" * 5000)


def too_many_items(request: httpx.Request, path: str) -> httpx.Response:
    return httpx.Response(200, content=_thousands(), headers={"Content-Type": "application/json"})


@cache
def _thousands() -> bytes:
    items = [{"id": n} for n in range(2_000)]  # twice what a page may hold
    pagination = {"total": 2_000, "per_page": 2_000, "current_page": 1, "last_page": 1}
    return json.dumps({"success": True, "data": items, "meta": {"pagination": pagination}}).encode()


def wait_for_years(request: httpx.Request, path: str) -> httpx.Response:
    body = {"success": False, "message": "Slow down"}
    return json_reply(body, 429, **{"Retry-After": "999999999"})


HTML = {"Content-Type": "text/html; charset=utf-8"}
CASES: dict[str, Case] = {
    "benign": Case(lambda request, path: json_reply(benign(request, path)), renders=True),
    "a web page with status 200": Case(web_page),
    "success false with status 200": Case(said_it_failed),
    "wrong types": Case(swapped),
    "records with missing fields": Case(with_items(lambda n: {"id": n})),
    "absurd numbers, negative durations, unknown members": Case(
        with_items(lambda n: item(n, **ABSURD, **UNKNOWN)), renders=True
    ),
    "JSON nested thousands deep": Case(nested_deep),
    "a list of more items than a page holds": Case(too_many_items),
    "a last_page that lies": Case(lying_pages, at_most_calls(60), renders=True),
    "pagination that lies throughout": Case(lying_everything, at_most_calls(60)),
    "a redirect to another host": Case(redirect_off_host, only_home),
    "a Retry-After of years": Case(wait_for_years, believable_waits),
}
STREAMS: dict[str, Callable[[], Stream]] = {
    "a body of 64 MB": lambda: Stream(endless),
    "a gzip bomb": lambda: Stream(lambda: gzip_of_zeros(128), {"Content-Encoding": "gzip"}),
}
