"""The expense list: filters in the URL, totals over all matched, one round, read-only roles."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import HTMX
from tests.fakes import fail

from .conftest import (
    CAFE,
    DINNER,
    EXPENSES,
    LAYLA,
    MEALS,
    TODAY,
    TRAVEL,
    ZOE,
    days_ago,
    expense,
    expenses_answering,
)


def test_the_page_lists_the_last_90_days_with_names_isolated(connected_client, workspace):
    response = connected_client.get("/expenses/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page and 'id="results"' in page
    (call,) = workspace.calls("GET", "/expenses")
    assert call.url.params["date_from"] == (TODAY - timedelta(days=89)).isoformat()
    assert call.url.params["date_to"] == TODAY.isoformat()
    assert call.url.params["per_page"] == "100"
    assert "<bdi>ليلى الأحمد</bdi>" in page
    assert '<span class="expense-name" dir="auto">=1+1 taxi receipt</span>' in page
    assert "4 expenses from" in page
    assert 'dir="auto">Café Menu 🍰</option>' in page


def test_the_totals_are_per_currency_category_and_member(connected_client, workspace):
    page = connected_client.get("/expenses/").content.decode()
    assert '<strong class="amount">162.50 USD</strong>' in page
    assert '<strong class="amount">140.15 EUR</strong>' in page
    by_member = page[page.index('id="by-member-title"') :]
    assert '<bdi>ليلى الأحمد</bdi></th><td class="num">2</td>' in by_member
    assert "140.15 EUR" in by_member


def test_the_totals_cover_every_page_not_only_the_one_shown(connected_client, workspace):
    many = [expense(f"e-{n}", f"Taxi {n}", 10.0, ZOE, TRAVEL) for n in range(25)]
    workspace.route("GET", "/expenses", expenses_answering(many))
    page = connected_client.get("/expenses/").content.decode()
    assert page.count('<tr id="expense-') == 20
    assert '<strong class="amount">250.00 USD</strong>' in page
    by_category = page[page.index('id="by-category-title"') :]
    assert '<bdi>Travel</bdi></th><td class="num">25</td>' in by_category


def test_it_filters_by_member_project_and_category(connected_client, workspace):
    page = connected_client.get(f"/expenses/?member={LAYLA['id']}").content.decode()
    assert 'id="expense-e-dinner"' in page and 'id="expense-e-train"' in page
    assert 'id="expense-e-taxi"' not in page and "2 expenses from" in page
    page = connected_client.get(f"/expenses/?project={CAFE}&category={MEALS}").content.decode()
    assert 'id="expense-e-dinner"' in page and 'id="expense-e-train"' not in page
    assert "140.15" not in page and "80.25 EUR" in page


def test_it_filters_the_doc_variant_without_ids_by_name(connected_client, workspace):
    bare = [{k: v for k, v in e.items() if not k.endswith("_id") and k != "date"} for e in EXPENSES]
    workspace.route("GET", "/expenses", expenses_answering(bare))
    page = connected_client.get(f"/expenses/?member={ZOE['id']}").content.decode()
    assert 'id="expense-e-taxi"' in page and "1 expense from" in page
    page = connected_client.get(f"/expenses/?category={MEALS}").content.decode()
    assert 'id="expense-e-dinner"' in page and "1 expense from" in page


def test_a_bad_filter_is_ignored_and_the_others_apply(connected_client, workspace):
    page = connected_client.get(f"/expenses/?member=999&category={MEALS}").content.decode()
    assert 'id="expense-e-dinner"' in page and "1 expense from" in page
    page = connected_client.get("/expenses/?project=other-workspace").content.decode()
    assert "4 expenses from" in page


def test_the_dates_go_to_webwork(connected_client, workspace):
    start, end = days_ago(10), days_ago(2)
    connected_client.get(f"/expenses/?date_from={start}&date_to={end}")
    (call,) = workspace.calls("GET", "/expenses")
    assert call.url.params["date_from"] == start.isoformat()
    assert call.url.params["date_to"] == end.isoformat()


def test_an_end_before_the_start_is_said_and_the_last_90_days_are_shown(
    connected_client, workspace
):
    page = connected_client.get(f"/expenses/?date_from={TODAY}&date_to={days_ago(5)}")
    (call,) = workspace.calls("GET", "/expenses")
    assert call.url.params["date_to"] == TODAY.isoformat()
    assert page.status_code == 200
    html = page.content.decode()
    assert "The end date is before the start date." in html
    # What was typed stays in the form, to be corrected.
    assert f'name="date_to" value="{days_ago(5).isoformat()}"' in html
    assert f'from <time datetime="{days_ago(89).isoformat()}">' in html
    assert f'to <time datetime="{TODAY.isoformat()}">' in html


def test_it_returns_the_partial_for_htmx(connected_client, workspace):
    response = connected_client.get(f"/expenses/?member={LAYLA['id']}", headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="results"') and "<html" not in page
    assert 'id="expense-e-dinner"' in page


def test_one_round_cold_and_nothing_warm(connected_client, workspace):
    connected_client.get("/expenses/")
    assert len(workspace.requests) == 4
    connected_client.get(f"/expenses/?member={ZOE['id']}")
    assert len(workspace.requests) == 4
    connected_client.get("/expenses/?refresh=1")
    assert len(workspace.calls("GET", "/expenses")) == 2


def test_an_empty_filter_says_so_and_offers_to_clear_it(connected_client, workspace):
    page = connected_client.get(f"/expenses/?member={ZOE['id']}&category={MEALS}").content
    assert b"No expense matches these filters" in page and b"Clear the filters" in page


def test_an_upstream_outage_is_a_page_that_says_so(connected_client, workspace):
    workspace.route("GET", "/expenses", fail(503, "Maintenance"))
    response = connected_client.get("/expenses/")
    assert response.status_code == 503
    assert "WebWork is not answering" in response.content.decode()


def test_an_upstream_outage_on_htmx_is_a_banner(connected_client, workspace):
    workspace.route("GET", "/expenses", fail(503, "Maintenance"))
    response = connected_client.get("/expenses/?member=114", headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#messages"


def test_a_manager_is_offered_every_change(connected_client, workspace):
    page = connected_client.get("/expenses/").content.decode()
    assert "Record an expense" in page
    assert f"/expenses/{DINNER['id']}/edit/?next=" in page
    assert f"/expenses/{DINNER['id']}/delete/?next=" in page


def test_a_team_manager_reads_only_and_is_told_why(connected_client, workspace, team_manager):
    page = connected_client.get("/expenses/").content.decode()
    assert "Record an expense" not in page and "/edit/" not in page and "/delete/" not in page
    assert "As a Team manager in this workspace you see expenses read-only" in page


def test_the_categories_page_lists_them_and_says_where_they_are_made(connected_client, workspace):
    page = connected_client.get("/expenses/categories/").content.decode()
    assert "<bdi>Meals &amp; entertainment</bdi>" in page
    assert f"/expenses/?category={MEALS}" in page
    assert "cannot create or change them" in page
    assert workspace.requests[0].url.path.endswith("/expenses/categories")
    assert len(workspace.requests) == 1
