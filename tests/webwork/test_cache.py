from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from dashboard.webwork.auth import StaticToken
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkUnavailable
from dashboard.webwork.records import Page
from dashboard.webwork.resources.query import Paging
from dashboard.webwork.transport import cache as cache_module
from dashboard.webwork.transport.cache import ResponseCache
from dashboard.webwork.transport.flight import flights_for
from tests.fakes import fail, ok, pages
from tests.webwork.conftest import WORKSPACE

PROJECT = {"id": 100, "name": "Website"}
VIEWER = {"id": 31, "email": "v@x.test", "firstname": "V", "lastname": "X", "projects": []}


@pytest.fixture
def other_user(http, retry, budget) -> WebworkClient:
    tokens = StaticToken("another-token", "webwork-user:2")
    return WebworkClient(tokens, WORKSPACE, http=http, retry=retry, budget=budget)


def test_reference_data_is_fetched_once_per_user_and_workspace(webwork, upstream):
    upstream.route("GET", "/projects", ok([PROJECT], pagination=pages(1, 100, 1)))
    first = webwork.projects.all()
    second = webwork.projects.all()
    assert len(upstream.requests) == 1
    assert first == second
    assert second.fetched_at == first.fetched_at  # the page can say "as of HH:MM"


def test_lists_are_cached_per_set_of_filters(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    webwork.viewers.list(paging=Paging(1))
    webwork.viewers.list(paging=Paging(1))
    webwork.viewers.list(paging=Paging(2))
    assert [r.url.params["page"] for r in upstream.requests] == ["1", "2"]


def test_users_never_share_an_entry(webwork, other_user, upstream):
    upstream.route("GET", "/projects", ok([PROJECT]))
    webwork.projects.all()
    other_user.projects.all()
    assert [r.headers["Authorization"] for r in upstream.requests] == [
        f"Bearer {webwork._api.session.tokens.current()}",
        "Bearer another-token",
    ]


def test_workspaces_never_share_an_entry(webwork, tokens, http, retry, budget, upstream):
    upstream.route("GET", "/projects", ok([PROJECT]))
    elsewhere = WebworkClient(tokens, WORKSPACE + 1, http=http, retry=retry, budget=budget)
    webwork.projects.all()
    elsewhere.projects.all()
    assert [r.url.params["workspace_id"] for r in upstream.requests] == ["7", "8"]


def test_a_write_invalidates_what_it_touches(webwork, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    upstream.route("GET", "/projects", ok([PROJECT]))
    upstream.route("POST", "/project-viewers/31/assign-project", ok(message="Assigned"))
    webwork.viewers.list()
    webwork.projects.all()
    webwork.viewers.assign_project(31, 100)
    webwork.viewers.list()
    webwork.projects.all()
    assert len(upstream.calls("GET", "/project-viewers")) == 2
    assert len(upstream.calls("GET", "/projects")) == 1  # untouched by a viewer write


def test_a_failed_write_invalidates_too(webwork, upstream):
    upstream.route("GET", "/timesheets", ok([]))
    upstream.route("PUT", "/timesheets/t/approve", fail(500))
    webwork.timesheets.list()
    with pytest.raises(WebworkUnavailable):
        webwork.timesheets.approve("t")
    webwork.timesheets.list()
    assert len(upstream.calls("GET", "/timesheets")) == 2


def test_one_users_write_leaves_another_users_cache_alone(webwork, other_user, upstream):
    upstream.route("GET", "/project-viewers", ok([VIEWER]))
    upstream.route("DELETE", "/project-viewers/31", ok(message="Archived"))
    other_user.viewers.list()
    webwork.viewers.archive(31)
    other_user.viewers.list()
    assert len(upstream.calls("GET", "/project-viewers")) == 1


def test_fresh_reads_past_the_cache_and_stores_what_it_fetched(webwork, upstream):
    upstream.route("GET", "/projects", ok([PROJECT]), ok([PROJECT, {"id": 101, "name": "App"}]))
    assert len(webwork.projects.all()) == 1
    assert len(webwork.fresh().projects.all()) == 2
    assert len(webwork.projects.all()) == 2
    assert len(upstream.requests) == 2


def test_refresh_true_reads_past_the_cache(webwork, upstream):
    upstream.route("GET", "/leaves/policies", ok([{"id": 1, "name": "Vacation"}]))
    webwork.leaves.policies()
    webwork.leaves.policies(refresh=True)
    assert len(upstream.requests) == 2


def test_reports_are_cached_briefly(webwork, upstream):
    upstream.route("GET", "/reports/tracked-hours", ok({"report_type": "tracked_hours"}))
    day = date(2025, 3, 1)
    first = webwork.reports.tracked_hours(day, day)
    second = webwork.reports.tracked_hours(day, day)
    assert first.fetched_at == second.fetched_at
    assert len(upstream.requests) == 1


def test_a_broken_cache_is_only_a_miss(tokens, http, retry, budget, upstream, settings):
    settings.CACHES = {
        **settings.CACHES,
        "broken": {"BACKEND": "tests.webwork.test_cache.BrokenCache"},
    }
    client = WebworkClient(
        tokens, WORKSPACE, http=http, retry=retry, budget=budget, cache_alias="broken"
    )
    upstream.route("GET", "/projects", ok([PROJECT]))
    assert len(client.projects.all()) == 1
    assert len(client.projects.all()) == 1
    assert len(upstream.requests) == 2


def test_a_warm_read_takes_this_process_s_copy_and_reads_no_value(monkeypatch):
    store = ResponseCache("webwork-user:1", WORKSPACE)
    first = store.get_or_fetch("viewers", {}, lambda: Page((VIEWER["id"],), total=1))
    reads: list[str] = []
    real = store._call

    def call(operation: str, *args: Any, default: Any = None) -> Any:
        reads.append(operation)
        return real(operation, *args, default=default)

    monkeypatch.setattr(store, "_call", call)
    assert store.get_or_fetch("viewers", {}, lambda: pytest.fail("fetched")) is first
    assert reads == ["get_many"]


def test_an_edition_stored_elsewhere_is_read_and_a_changed_namespace_is_not(monkeypatch):
    store = ResponseCache("webwork-user:1", WORKSPACE)
    store.get_or_fetch("viewers", {}, lambda: "this process's")
    # Another process stores a newer edition of the same read (its entry had expired there).
    elsewhere = cache_module._Held(4)
    monkeypatch.setattr(cache_module, "_held", elsewhere)
    store.get_or_fetch("viewers", {}, lambda: "another's", refresh=True)
    monkeypatch.setattr(cache_module, "_held", cache_module._Held(4))
    assert store.get_or_fetch("viewers", {}, lambda: pytest.fail("fetched")) == "another's"
    store.invalidate("viewers")
    assert store.get_or_fetch("viewers", {}, lambda: "after the write") == "after the write"


def test_each_process_keeps_only_so_many_copies():
    held = cache_module._Held(2)
    for key in ("a", "b", "c"):
        held.put(key, "1", key.upper())
    assert held.get("a", "1") is cache_module._MISSING
    assert (held.get("b", "1"), held.get("c", "1"), held.get("c", "2")) == (
        "B",
        "C",
        cache_module._MISSING,
    )


def test_cache_keys_do_not_contain_the_budget_key():
    cache = ResponseCache("user@example.com", 7)
    assert "user@example.com" not in cache._token_key("viewers")


class BrokenCache:
    """A cache backend whose every operation fails, like Redis when it is down."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def close(self, **kwargs: object) -> None:
        pass

    def __getattr__(self, name: str) -> object:
        def broken(*args: object, **kwargs: object) -> None:
            raise ConnectionError("cache is down")

        return broken


def test_the_shared_redis_backend_keeps_one_client_a_pool(settings):
    from tests.webwork.test_budget import REDIS_URL, _redis_or_skip

    _redis_or_skip()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    shared = cache_module.backend()
    first = shared._cache.get_client(write=True)  # type: ignore[attr-defined]
    assert shared._cache.get_client(write=True) is first  # type: ignore[attr-defined]
    assert cache_module.backend() is shared
    shared.set("k", "v")
    assert shared.get("k") == "v"


def test_djangos_own_cache_keeps_its_clients_too_on_the_backend_redis_urls_select(settings):
    import environ
    from django.core.cache import caches

    from dashboard.webwork.transport.backend import RedisCache
    from tests.webwork.test_budget import REDIS_URL, _redis_or_skip

    _redis_or_skip()
    assert settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.redis.RedisCache"
    url = environ.Env.cache_url_config(REDIS_URL.replace("redis://", "rediscache://"))
    assert url["BACKEND"] == "django.core.cache.backends.redis.RedisCache"  # what settings swap
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {**url, "BACKEND": "dashboard.webwork.transport.backend.RedisCache"}
    }
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads share its pool
    cache.set(f"{prefix}:k", "v")
    assert cache.get(f"{prefix}:k") == "v"
    cache.delete(f"{prefix}:k")
    assert flights_for("default").__class__.__name__ == "RedisFlights"


MEMBER = {
    "id": 31,
    "email": "v@x.test",
    "firstname": "V",
    "lastname": "X",
    "role": "Project viewer",
}


@pytest.mark.parametrize(
    ("method", "path", "write"),
    [
        (
            "POST",
            "/project-viewers",
            lambda w: w.viewers.create(email="v@x.test", firstname="V", lastname="X"),
        ),
        ("DELETE", "/project-viewers/31", lambda w: w.viewers.archive(31)),
        ("POST", "/project-viewers/31/restore", lambda w: w.viewers.restore(31)),
    ],
)
def test_a_viewer_who_comes_or_goes_changes_the_members_list_too(
    webwork, upstream, method, path, write
):
    upstream.route("GET", "/members", ok([MEMBER], pagination=pages(1, 100, 1)))
    upstream.route(method, path, ok(VIEWER, message="Done"))
    webwork.members.all()
    write(webwork)
    webwork.members.all()
    assert len(upstream.calls("GET", "/members")) == 2
