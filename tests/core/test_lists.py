from __future__ import annotations

import datetime as dt

from django import forms

from dashboard.core.lists import ListState


class Filters(forms.Form):
    email = forms.CharField(required=False)
    since = forms.DateField(required=False)


def _state(rf, query: str) -> ListState:
    request = rf.get("/viewers/" + query)
    return ListState.from_request(
        request, Filters(request.GET), sortable={"name", "email"}, default_sort="name"
    )


def test_it_keeps_filters_sort_and_page_in_the_url(rf):
    state = _state(rf, "?email=ada&since=2026-01-05&sort=-email&page=3&per_page=50")
    assert state.filters == {"email": "ada", "since": dt.date(2026, 1, 5)}
    assert (state.sort, state.page, state.per_page) == ("-email", 3, 50)
    assert state.url(page=4) == "?email=ada&since=2026-01-05&sort=-email&per_page=50&page=4"


def test_it_falls_back_on_bad_input(rf):
    state = _state(rf, "?sort=password&page=-2&per_page=1000")
    assert (state.sort, state.page, state.per_page) == ("name", 1, 20)
    assert _state(rf, "?page=abc").page == 1


def test_sort_links_toggle_direction_and_restart_at_page_one(rf):
    state = _state(rf, "?sort=email&page=3")
    assert state.sort_url("email") == "?sort=-email"
    assert state.sort_url("name") == "?sort=name"
    assert state.aria_sort("email") == "ascending"
    assert state.aria_sort("name") == "none"


def test_columns_give_sort_links_and_leave_an_unsortable_column_without(rf):
    state = ListState.from_request(rf.get("/?sort=-deadline"), sortable={"name", "deadline"})
    assert state.columns([("name", "Name"), ("", "Billable"), ("deadline", "Deadline")]) == [
        ("name", "Name", "?sort=name", "none"),
        ("", "Billable", "", ""),
        ("deadline", "Deadline", "?sort=deadline", "descending"),
    ]


def test_without_a_sort_the_columns_read_as_sorted_by_the_default(rf):
    state = ListState.from_request(rf.get("/"), sortable={"name"})
    assert state.columns([("name", "Name")]) == [("name", "Name", "?sort=-name", "ascending")]


def test_the_list_template_is_the_region_for_htmx_and_the_tabs_when_they_ask(rf):
    from types import SimpleNamespace

    from dashboard.core.lists import list_template

    page, request = "viewers/list.html", rf.get("/")
    request.htmx = False
    assert list_template(request, page, "viewer-tabs") == page
    request.htmx = SimpleNamespace(target="results")
    assert list_template(request, page, "viewer-tabs") == f"{page}#results"
    request.htmx = SimpleNamespace(target="viewer-tabs")
    assert list_template(request, page, "viewer-tabs") == f"{page}#tabs"
