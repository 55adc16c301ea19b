"""What a signed-in manager is shown is never kept by a browser or a proxy cache."""

from __future__ import annotations

from dashboard.audit.log import record
from tests.conftest import HTMX


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_a_page_a_partial_and_an_export_are_not_stored(manager_client, manager):
    record(user=manager, action="viewer.archive", outcome="ok", target=("viewer", 1, "Ada"))
    page = manager_client.get("/audit/")
    partial = manager_client.get("/audit/?outcome=ok", headers=HTMX)
    export = manager_client.get("/audit/?format=csv")
    assert (page.status_code, partial.status_code, export.status_code) == (200, 200, 200)
    assert export["Content-Type"].startswith("text/csv")
    assert _no_store(page) and _no_store(partial) and _no_store(export)
    assert "private" in export["Cache-Control"]


def test_a_redirect_and_an_error_page_for_a_signed_in_user_are_not_stored(manager_client):
    assert _no_store(manager_client.get("/no/such/page/"))
    assert _no_store(manager_client.get("/connect/?method=oauth"))


def test_static_files_and_the_liveness_probe_keep_their_own_headers(client, manager, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve static/ as production serves staticfiles/
    client.force_login(manager)
    static = client.get(settings.STATIC_URL + "css/app.css")
    assert static.status_code == 200
    assert not _no_store(static)
    health = client.get("/healthz")
    assert health["Cache-Control"] == "no-store"  # its own, set before any other middleware
