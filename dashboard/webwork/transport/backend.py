"""The process's cache backends, shared by every thread, and Django's Redis backend seen from
below where its API would make several round trips of what is one (the cache's reads and
stores, the single flight's lock).

``RedisCache`` is Django's Redis backend keeping its Redis clients (``CACHE_URL``'s
``rediscache://`` selects it, see settings): Django's makes a new ``redis.Redis`` for every
operation, each building its table of some 170 response callbacks, which costs more than the
round trip it makes. A client is thread-safe and its pool is shared already.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends import redis
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCacheClient

DJANGO_REDIS = "django.core.cache.backends.redis.RedisCache"


class KeptClients(RedisCacheClient):
    """Django's Redis cache client, keeping one Redis client per connection pool."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._kept.get(index)
        if client is None:
            client = self._kept.setdefault(index, super().get_client(key, write=write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClients


def is_redis(config: dict[str, Any]) -> bool:
    """Whether a ``CACHES`` entry is Django's Redis backend (or ``RedisCache``)."""
    return str(config.get("BACKEND", "")) in (DJANGO_REDIS, f"{__name__}.RedisCache")


def same_server(a: Any, b: Any) -> bool:
    """Whether two Redis clients' connections go to the same server and database."""

    def where(client: Any) -> tuple[Any, ...] | None:
        kwargs = getattr(getattr(client, "connection_pool", None), "connection_kwargs", None)
        if kwargs is None:
            return None
        return tuple(kwargs.get(name) for name in ("host", "port", "path", "db", "username"))

    return where(a) is not None and where(a) == where(b)


_backends: dict[tuple[str, str], BaseCache] = {}
_backends_lock = threading.Lock()


def backend(alias: str = "default") -> BaseCache:
    """The process's one backend for the cache ``alias``, shared by every thread.

    Django's ``caches[alias]`` is one per thread and context, and every gathered call runs in a
    copy of its caller's context: through ``caches``, each would open a Redis connection of its
    own. The backends are thread-safe; a changed configuration (a test's settings) gets its own.
    """
    config = settings.CACHES[alias]
    ident = (alias, repr(sorted(config.items())))
    found = _backends.get(ident)
    if found is None:
        with _backends_lock:
            found = _backends.get(ident)
            if found is None:
                found = _backends[ident] = caches.create_connection(alias)
                _keep_clients(found)
    return found


@dataclass(frozen=True)
class RawRedis:
    """Django's Redis backend seen from below, for what its API makes several round trips."""

    cache: BaseCache
    client: Any

    def key(self, key: str) -> str:
        return self.cache.make_key(key)

    def dumps(self, value: Any) -> Any:
        return self.cache._cache._serializer.dumps(value)  # type: ignore[attr-defined]

    def loads(self, raw: Any) -> Any:
        return self.cache._cache._serializer.loads(raw)  # type: ignore[attr-defined]


def raw_redis(alias: str) -> RawRedis | None:
    """The Redis client under ``backend(alias)``, if it is Django's Redis backend."""
    cache = backend(alias)
    client = getattr(cache, "_cache", None)
    if not isinstance(client, RedisCacheClient):
        return None
    return RawRedis(cache, client.get_client(write=True))


def _keep_clients(cache: BaseCache) -> None:
    """A Redis backend configured as Django's (a test's settings) keeps its clients too: it has
    not made its client yet, so it makes ``KeptClients``."""
    if isinstance(cache, redis.RedisCache) and "_cache" not in cache.__dict__:
        cache._class = KeptClients  # type: ignore[attr-defined]
