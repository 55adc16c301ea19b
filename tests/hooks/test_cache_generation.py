"""The response cache's workspace-wide generation: one announcement, every user's entries."""

from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisDown

from dashboard.webwork.transport.cache import ResponseCache, invalidate_workspace


def test_users_still_never_share_an_entry_after_an_announcement():
    ada, bob = ResponseCache("webwork-user:1", 7), ResponseCache("webwork-user:2", 7)
    invalidate_workspace(7, "members")
    assert ada.get_or_fetch("members", {}, lambda: "ada's") == "ada's"
    assert bob.get_or_fetch("members", {}, lambda: "bob's") == "bob's"
    assert ada.get_or_fetch("members", {}, lambda: "again") == "ada's"


def test_an_announcement_orphans_only_its_workspace_and_resources():
    here, there = ResponseCache("webwork-user:1", 7), ResponseCache("webwork-user:1", 8)
    for cache in (here, there):
        cache.get_or_fetch("members", {}, lambda: "old")
        cache.get_or_fetch("projects", {}, lambda: "old")
    invalidate_workspace(7, "members")
    assert here.get_or_fetch("members", {}, lambda: "new") == "new"
    assert here.get_or_fetch("projects", {}, lambda: "new") == "old"
    assert there.get_or_fetch("members", {}, lambda: "new") == "old"


def test_a_users_own_write_still_invalidates_only_their_entries():
    ada, bob = ResponseCache("webwork-user:1", 7), ResponseCache("webwork-user:2", 7)
    ada.get_or_fetch("members", {}, lambda: "old")
    bob.get_or_fetch("members", {}, lambda: "old")
    ada.invalidate("members")
    assert ada.get_or_fetch("members", {}, lambda: "new") == "new"
    assert bob.get_or_fetch("members", {}, lambda: "new") == "old"


def test_an_announcement_the_cache_cannot_take_is_raised(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with pytest.raises(RedisDown):
        invalidate_workspace(7, "members")
