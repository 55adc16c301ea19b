"""The member list: who is there, with what; filters and sort in the URL; what it costs upstream."""

from __future__ import annotations

import re

from dashboard.members.models import Offboarding
from tests.conftest import HTMX, VIEW_TEST_WORKSPACE
from tests.fakes import fail
from tests.members.conftest import MEMBERS, ZOE, listed


def rows(body: str) -> list[str]:
    return re.findall(r'<tr id="member-(\d+)"', body)


def test_the_page_lists_everyone_by_name_with_role_team_projects_limit_and_rates(
    connected_client, workspace
):
    page = connected_client.get("/members/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Members</h1>" in body
    assert rows(body) == ["101", "121", "102", "114", "109"]  # Amelia, Ivy, Marcus, Zoë, Layla
    zoe = body[body.index('id="member-114"') :].split("</tr>")[0]
    assert "<bdi>Zoë Müller</bdi>" in zoe and "<bdi>zoe@acme.test</bdi>" in zoe
    assert "Regular User" in zoe and "<bdi>Design</bdi>" in zoe
    assert '<span class="tag" dir="auto">Website Redesign</span>' in zoe
    assert "Mobile App <span" in zoe and "(paused)" in zoe
    assert "40 h" in zoe and "Hidden" in zoe
    amelia = body[body.index('id="member-101"') :].split("</tr>")[0]
    assert "Shown" in amelia and "No limit" in amelia and "Workspace owner" in amelia
    assert 'aria-label="Archive Amelia Stone"' not in amelia


def test_a_right_to_left_name_is_isolated(connected_client, workspace):
    body = connected_client.get("/members/").content.decode()
    assert "<bdi>ليلى الأحمد</bdi>" in body


def test_filters_and_search_live_in_the_url(connected_client, workspace):
    body = connected_client.get("/members/?team=Design&role=Regular+User").content.decode()
    assert rows(body) == ["114", "109"]
    body = connected_client.get("/members/?q=zo%C3%AB").content.decode()
    assert rows(body) == ["114"]
    body = connected_client.get("/members/?status=inactive").content.decode()
    assert rows(body) == ["121"]
    assert (
        '<option value="Design" selected>Design</option>'
        in connected_client.get("/members/?team=Design").content.decode()
    )


def test_a_bad_filter_is_ignored_and_the_others_still_apply(connected_client, workspace):
    body = connected_client.get("/members/?status=sleeping&team=Design").content.decode()
    assert rows(body) == ["114", "109"]


def test_sorting_by_weekly_limit_puts_no_limit_last(connected_client, workspace):
    body = connected_client.get("/members/?sort=limit").content.decode()
    assert rows(body) == ["102", "109", "114", "101", "121"]
    body = connected_client.get("/members/?sort=-role").content.decode()
    assert rows(body)[-1] == "101"


def test_sort_links_keep_the_filters(connected_client, workspace):
    body = connected_client.get("/members/?team=Design").content.decode()
    assert 'href="?team=Design&amp;sort=-name"' in body
    assert 'aria-sort="ascending"' in body


def test_the_htmx_partial_is_the_results_region_alone(connected_client, workspace):
    body = connected_client.get("/members/?team=Design", headers=HTMX).content.decode()
    assert body.lstrip().startswith('<section id="results"')
    assert "<h1>" not in body and rows(body) == ["114", "109"]


def test_no_match_says_so_and_offers_to_clear(connected_client, workspace):
    body = connected_client.get("/members/?q=nobody").content.decode()
    assert "No member matches these filters" in body
    assert rows(body) == []


def test_pages_of_members_follow_the_page_size(connected_client, upstream):
    many = [
        {**ZOE, "id": 200 + n, "email": f"m{n}@acme.test", "lastname": f"M{n:02}"}
        for n in range(25)
    ]
    upstream.route("GET", "/members", listed(many))
    upstream.route("GET", "/contracts", listed([]))
    first = connected_client.get("/members/").content.decode()
    assert len(rows(first)) == 20 and "Page 1 of 2" in first
    second = connected_client.get("/members/?page=2").content.decode()
    assert len(rows(second)) == 5


def test_a_page_view_is_one_round_and_a_warm_one_asks_nothing(connected_client, workspace):
    connected_client.get("/members/")
    assert len(workspace.requests) == 2  # members and contracts, concurrently
    connected_client.get("/members/?team=Design&sort=limit")
    assert len(workspace.requests) == 2
    connected_client.get("/members/?refresh=1")
    assert len(workspace.calls("GET", "/members")) == 2


def test_upstream_down_shows_a_page_that_says_so(connected_client, upstream):
    upstream.route("GET", "/members", fail(503, "Service Unavailable"))
    upstream.route("GET", "/contracts", listed([]))
    page = connected_client.get("/members/")
    assert page.status_code == 503
    assert "WebWork is not answering" in page.content.decode()


def test_upstream_down_for_htmx_is_a_banner(connected_client, upstream):
    upstream.route("GET", "/members", fail(503, "Service Unavailable"))
    upstream.route("GET", "/contracts", listed([]))
    page = connected_client.get("/members/", headers=HTMX)
    assert page.status_code == 200 and page["HX-Retarget"] == "#messages"


def test_a_role_that_may_not_see_contracts_still_gets_the_list(connected_client, upstream):
    upstream.route("GET", "/members", listed(MEMBERS))
    upstream.route("GET", "/contracts", fail(403, "Forbidden"))
    body = connected_client.get("/members/").content.decode()
    assert rows(body) and "Website Redesign" not in body


def test_an_offboarding_under_way_shows_on_the_members_row(connected_client, workspace, manager):
    Offboarding.objects.create(
        user=manager, workspace_id=VIEW_TEST_WORKSPACE, member_id=114, member_name="Zoë", step=2
    )
    body = connected_client.get("/members/").content.decode()
    zoe = body[body.index('id="member-114"') :].split("</tr>")[0]
    assert "Offboarding: step 2 of 3" in zoe and "Resume offboarding" in zoe
    marcus = body[body.index('id="member-102"') :].split("</tr>")[0]
    assert "Offboarding" not in marcus


def test_someone_elses_offboarding_does_not_show(connected_client, workspace, outsider):
    Offboarding.objects.create(
        user=outsider, workspace_id=VIEW_TEST_WORKSPACE, member_id=114, member_name="Zoë", step=2
    )
    assert "Offboarding: step" not in connected_client.get("/members/").content.decode()


def test_the_navigation_has_members(connected_client, workspace):
    body = connected_client.get("/members/").content.decode()
    assert '<a href="/members/" aria-current="page">Members</a>' in body


def test_the_page_has_no_inline_style_or_script(connected_client, workspace):
    body = connected_client.get("/members/").content.decode()
    assert "style=" not in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body.replace("{% htmx_script %}", ""))


def test_a_team_manager_sees_the_list_read_only_and_is_told_why_once(
    connected_client, workspace, team_manager
):
    body = connected_client.get("/members/").content.decode()
    assert rows(body)
    assert body.count("As a Team manager in this workspace you see members read-only") == 1
    for control in ("Invite a member", "Change ", "Offboard", "Archive", 'id="invite-dialog"'):
        assert control not in body


def test_every_id_on_the_page_is_unique_so_every_label_finds_its_field(connected_client, workspace):
    body = connected_client.get("/members/").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
