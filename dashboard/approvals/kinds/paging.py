"""Reading every page of a list in one round.

WebWork says how many pages a list has only in its answers, so reading page 1 and then the rest
costs two rounds of latency. The number of pages a list had when last read is remembered
(``PAGES_TTL``, per WebWork account, workspace and list), and that many pages are asked for at
once, together with the rest of a page's reads. Only when page 1 then says there are more (the
first read ever, or a list that grew) are those read after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.cache import cache

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkUnavailable
from dashboard.webwork.records import Page

PAGES_TTL = 7 * 24 * 3600  # how many pages a list has changes slowly, and a wrong guess is safe


def _key(client: WebworkClient, what: str) -> str:
    scope = f"{client.budget_key}|{client.workspace_id}|{what}"
    return f"approvals:pages:{hashlib.sha256(scope.encode()).hexdigest()[:24]}"


def known_pages(client: WebworkClient, what: str) -> int:
    """How many pages ``what`` had when last read (1 when it never was)."""
    try:
        found = cache.get(_key(client, what))
    except Exception:  # a cache failure costs a round, not the page
        return 1
    return found if isinstance(found, int) and found >= 1 else 1


def remember_pages(client: WebworkClient, what: str, count: int) -> None:
    try:
        if cache.get(_key(client, what)) != count:
            cache.set(_key(client, what), max(1, count), PAGES_TTL)
    except Exception:
        return


class EveryPage[T]:
    """Every page of the list ``fetch`` reads (``fetch(n)`` is page n), for one batch of reads.

    ``calls`` are the reads to send with the rest of the page's; ``finish`` takes their answers
    and answers every page up to the first empty one, reading what is still missing.
    """

    def __init__(self, client: WebworkClient, what: str, fetch: Callable[[int], Page[T]]) -> None:
        self.client, self.what, self.fetch = client, what, fetch
        self.most = int(settings.WEBWORK_MAX_PAGES)
        self.known = min(known_pages(client, what), self.most)

    def calls(self) -> tuple[Callable[[], Page[T]], ...]:
        return tuple(self._call(number) for number in range(1, self.known + 1))

    def finish(self, found: Sequence[Page[T]]) -> list[Page[T]]:
        pages = list(found)
        last = pages[0].last_page
        self.remember(last)
        if last > self.most:
            raise WebworkUnavailable(
                f"WebWork's list claims {last} pages, more than the {self.most} read here."
            )
        if last > len(pages) and all(pages):
            missing = range(len(pages) + 1, last + 1)
            pages += self.client.gather(*(self._call(number) for number in missing))
        shown: list[Page[T]] = []
        for page in pages[:last]:
            shown.append(page)
            if not page:
                break
        return shown

    def remember(self, count: int) -> None:
        remember_pages(self.client, self.what, count)

    def _call(self, number: int) -> Callable[[], Page[T]]:
        return lambda: self.fetch(number)
