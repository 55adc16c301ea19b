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
from dashboard.webwork.errors import WebworkError, WebworkUnavailable
from dashboard.webwork.records import Page

PAGES_TTL = 7 * 24 * 3600  # how many pages a list has changes slowly, and a wrong guess is safe
UNKNOWN = object()  # ``remember_pages`` not told what was remembered


def _key(client: WebworkClient, what: str) -> str:
    scope = f"{client.budget_key}|{client.workspace_id}|{what}"
    return f"approvals:pages:{hashlib.sha256(scope.encode()).hexdigest()[:24]}"


def known_pages(client: WebworkClient, what: str) -> int | None:
    """How many pages ``what`` had when last read (None when it never was, or is forgotten)."""
    try:
        found = cache.get(_key(client, what))
    except Exception:  # a cache failure costs a round, not the page
        return None
    return found if isinstance(found, int) and found >= 1 else None


def remember_pages(client: WebworkClient, what: str, count: int, known: object = UNKNOWN) -> None:
    """Remember that ``what`` has ``count`` pages; ``known``: what ``known_pages`` answered as
    this read began (looked up again when not given)."""
    try:
        if known is UNKNOWN:
            known = cache.get(_key(client, what))
        if known != count:
            cache.set(_key(client, what), max(1, count), PAGES_TTL)
    except Exception:
        return


class EveryPage[T]:
    """Every page of the list ``fetch`` reads (``fetch(n)`` is page n), for one batch of reads.

    ``calls`` are the reads to send with the rest of the page's; ``finish`` takes their answers
    and answers every page up to the first empty one, reading what is still missing. A list
    whose count is not known is asked for ``guess`` pages at once: those past its end come back
    empty (a call each, once in ``PAGES_TTL``), and one that fails is read again if it exists.
    """

    def __init__(
        self, client: WebworkClient, what: str, fetch: Callable[[int], Page[T]], *, guess: int = 1
    ) -> None:
        self.client, self.what, self.fetch = client, what, fetch
        self.most = int(settings.WEBWORK_MAX_PAGES)
        self.remembered = remembered = known_pages(client, what)
        self.guessed = remembered is None
        self.known = min(remembered or max(1, guess), self.most)

    def calls(self) -> tuple[Callable[[], Page[T] | None], ...]:
        return tuple(self._call(number) for number in range(1, self.known + 1))

    def finish(self, found: Sequence[Page[T] | None]) -> list[Page[T]]:
        pages = list(found)
        first = pages[0]
        if first is None:  # page 1 is never a guess: its failure was raised
            raise WebworkUnavailable("WebWork did not answer the first page of a list.")
        last = first.last_page
        self.remember(last)
        if last > self.most:
            raise WebworkUnavailable(
                f"WebWork's list claims {last} pages, more than the {self.most} read here."
            )
        shrank = any(page is not None and not page for page in pages[:last])
        missing = [n for n in range(2, last + 1) if n > len(pages) or pages[n - 1] is None]
        if missing and not shrank:
            pages += [None] * (last - len(pages))
            # Pages WebWork says it has: read as any page is, a failure raised.
            read = self.client.gather(*(self._read(n) for n in missing))
            for number, page in zip(missing, read, strict=True):
                pages[number - 1] = page
        shown: list[Page[T]] = []
        for page in pages[:last]:
            if page is None:
                break
            shown.append(page)
            if not page:
                break
        return shown

    def remember(self, count: int) -> None:
        remember_pages(self.client, self.what, count, self.remembered)

    def _read(self, number: int) -> Callable[[], Page[T]]:
        return lambda: self.fetch(number)

    def _call(self, number: int) -> Callable[[], Page[T] | None]:
        if number == 1 or not self.guessed:
            return self._read(number)

        def guessed() -> Page[T] | None:
            try:
                return self.fetch(number)
            except WebworkError:  # perhaps past the end: page 1 tells, and it is read again
                return None

        return guessed
