"""The banner a page shows when some of it is WebWork's last good data (core.upstream)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.test import RequestFactory
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from dashboard.core.upstream import stale_notice
from dashboard.webwork.transport.cache import StaleRead


def _request(client: object) -> object:
    request = RequestFactory().get("/viewers/")
    request.webwork = client  # type: ignore[attr-defined]
    return request


def _read(minutes: float, reason: str = "unavailable", retry_after: float | None = None):
    fetched = timezone.now() - timedelta(minutes=minutes)
    return StaleRead("viewers", fetched, reason, "WebWork said no.", retry_after)  # type: ignore[arg-type]


def test_it_says_how_old_the_data_is_and_that_webwork_is_not_answering(settings):
    settings.TIME_ZONE = "UTC"
    oldest, newer = _read(12), _read(1)
    notice = stale_notice(_request(SimpleNamespace(served_stale=(oldest, newer))))
    assert notice is not None
    assert notice["title"] == (
        f"Showing WebWork's data as of {oldest.fetched_at:%H:%M} (12 minutes ago)"
    )
    assert (
        notice["detail"]
        == "WebWork is not answering right now. Refresh in a moment for fresh data."
    )
    assert notice["level"] == "warning" and notice["fetched_at"] == oldest.fetched_at


def test_it_says_when_the_budget_lets_fresh_data_come():
    reads = (_read(5, "budget", 20), _read(0.2, "budget", 42.3))
    notice = stale_notice(_request(SimpleNamespace(served_stale=reads)))
    assert notice is not None
    assert notice["title"].endswith("(5 minutes ago)")
    assert notice["detail"] == (
        "The WebWork request budget of your account is used up for the moment. "
        "Fresh data in about 43 seconds: refresh then."
    )


def test_a_moment_ago_is_said_in_seconds():
    notice = stale_notice(_request(SimpleNamespace(served_stale=(_read(0.5),))))
    assert notice is not None
    assert notice["title"].endswith(("(30 seconds ago)", "(31 seconds ago)"))


def test_a_page_of_fresh_data_has_no_banner():
    assert stale_notice(_request(SimpleNamespace(served_stale=()))) is None


def test_a_page_that_read_nothing_from_webwork_does_not_build_a_client():
    built: list[object] = []
    lazy = SimpleLazyObject(lambda: built.append(1) or SimpleNamespace(served_stale=()))
    assert stale_notice(_request(lazy)) is None
    assert built == []
    assert stale_notice(RequestFactory().get("/")) is None  # no client at all (signed out)
