"""The audit page keeps its state in core's ListState: page, page size, filters, export link."""

from __future__ import annotations

import pytest

from dashboard.audit.log import record
from tests.conftest import HTMX


@pytest.fixture
def many(manager):
    for n in range(25):
        record(user=manager, action="viewer.archive", outcome="ok", target=("viewer", n, f"V{n}"))
    record(user=manager, action="viewer.archive", outcome="failed", target=("viewer", 99, "Broke"))


def _rows(html: str) -> int:
    return html.count("<td><code>")


def test_the_pager_keeps_the_filters_and_the_page_size_follows_the_state(manager_client, many):
    html = manager_client.get("/audit/?outcome=ok").content.decode()
    assert _rows(html) == 20
    assert 'href="?outcome=ok&amp;page=2"' in html
    second = manager_client.get("/audit/?outcome=ok&page=2").content.decode()
    assert _rows(second) == 5
    assert 'href="?outcome=ok"' in second  # back to the first page
    roomy = manager_client.get("/audit/?outcome=ok&per_page=50").content.decode()
    assert _rows(roomy) == 25
    assert 'rel="next"' not in roomy


def test_the_csv_link_exports_the_whole_filtered_list_not_the_page(manager_client, many):
    html = manager_client.get("/audit/?outcome=ok&page=2").content.decode()
    assert 'href="?outcome=ok&amp;format=csv"' in html


def test_the_csv_link_follows_filters_changed_through_htmx(manager_client, many):
    html = manager_client.get("/audit/?outcome=failed", headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert 'href="?outcome=failed&amp;format=csv"' in html


def test_an_unknown_format_shows_the_page(manager_client, many):
    response = manager_client.get("/audit/?format=xlsx&page=zero&per_page=7")
    assert response.status_code == 200
    assert _rows(response.content.decode()) == 20
