from __future__ import annotations

import pytest
from django.test import Client

AREAS = [
    "/",
    "/viewers/",
    "/viewers/access/",
    "/assignments/",
    "/approvals/timesheets/",
    "/approvals/leaves/",
    "/approvals/time-requests/",
    "/reports/",
    "/audit/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", AREAS)
def test_every_area_requires_signing_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", AREAS)
def test_every_area_is_linked_from_the_navigation(manager_client, path):
    response = manager_client.get("/")
    assert f'href="{path}"' in response.content.decode()


def test_the_current_area_is_marked_for_screen_readers(manager_client):
    html = manager_client.get("/audit/").content.decode()
    assert 'href="/audit/" aria-current="page"' in html


def test_the_sign_in_page_is_public_and_has_labelled_fields(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html


def test_a_wrong_password_gets_a_clear_message(client, manager):
    response = client.post(
        "/accounts/login/", {"username": "manager", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_signing_in_leads_to_the_inbox(client, manager):
    response = client.post(
        "/accounts/login/", {"username": "manager", "password": "manager-password"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signing_in_refuses_an_offsite_next(client, manager):
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "manager", "password": "manager-password", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_signing_out_needs_a_post_and_ends_the_session(manager_client):
    assert manager_client.get("/accounts/logout/").status_code == 405
    manager_client.post("/accounts/logout/")
    assert manager_client.get("/").status_code == 302


def test_an_unknown_url_gets_a_styled_404_that_leaks_nothing(manager_client, settings):
    settings.DEBUG = False
    response = manager_client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "urlpatterns" not in html and "Traceback" not in html


def test_a_post_without_csrf_token_gets_a_clear_page(manager):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_a_tampered_session_cookie_is_treated_as_signed_out(client, manager, settings):
    client.force_login(manager)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    cookie.set(cookie.key, cookie.value[:-4] + "abcd", cookie.value[:-4] + "abcd")
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_500_page_is_styled_and_leaks_nothing(rf, db):
    from dashboard.core.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "Traceback" not in html


def test_pages_carry_a_csp_with_a_nonce_and_no_inline_allowance(manager_client):
    response = manager_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_htmx_gets_the_csrf_token_from_the_body(manager_client):
    html = manager_client.get("/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


def test_every_response_carries_a_request_id(client, db):
    assert len(client.get("/readyz")["X-Request-ID"]) == 32
    kept = client.get("/readyz", headers={"X-Request-ID": "abc12345-from-proxy"})
    assert kept["X-Request-ID"] == "abc12345-from-proxy"
    replaced = client.get("/readyz", headers={"X-Request-ID": "<script>"})
    assert replaced["X-Request-ID"] != "<script>"


def test_the_navigation_groups_the_areas_as_a_manager_thinks_of_them(manager_client):
    html = manager_client.get("/").content.decode()
    headings = ["Decide", "People and access", "Reports", "Audit"]
    positions = [html.index(f">{heading}</h2>") for heading in headings]
    assert positions == sorted(positions)
    assert html.index(">Decide</h2>") < html.index('href="/approvals/timesheets/"')
    assert html.index(">People and access</h2>") < html.index('href="/viewers/"')
