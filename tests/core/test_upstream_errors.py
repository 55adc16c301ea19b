from __future__ import annotations

import pytest
from django_htmx.middleware import HtmxDetails

from dashboard.core.middleware import UpstreamErrorMiddleware
from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkForbidden,
    WebworkInvalid,
    WebworkNotFound,
    WebworkRateLimited,
    WebworkUnavailable,
)


@pytest.fixture
def handle(rf, manager):
    middleware = UpstreamErrorMiddleware(lambda request: None)

    def handle(exc, *, htmx=False, path="/viewers/?page=2"):
        headers = (
            {"HX-Request": "true", "HX-Current-URL": "http://testserver/viewers/"} if htmx else {}
        )
        request = rf.get(path, headers=headers)
        request.user = manager
        request.htmx = HtmxDetails(request)
        return middleware.process_exception(request, exc)

    return handle


@pytest.mark.parametrize(
    ("exc", "status", "text"),
    [
        (WebworkUnavailable("WebWork did not answer in time."), 503, "WebWork is not answering"),
        (WebworkForbidden("Forbidden"), 403, "Owner or Executive manager"),
        (WebworkNotFound("Project viewer not found"), 404, "Project viewer not found"),
        (WebworkRateLimited(retry_after=12), 503, "Try again in 12 seconds"),
        (WebworkInvalid("workspace_id is required"), 400, "workspace_id is required"),
    ],
)
def test_each_upstream_failure_gets_a_page_with_the_upstream_message(handle, exc, status, text):
    response = handle(exc)
    assert response.status_code == status
    assert text in response.content.decode()


def test_the_upstream_message_reads_as_a_sentence_of_its_own(handle):
    html = handle(WebworkUnavailable("Service unavailable")).content.decode()
    assert "Service unavailable. Nothing was lost" in html


def test_htmx_requests_get_a_banner_in_the_messages_region_with_status_200(handle):
    response = handle(WebworkUnavailable("Timed out."), htmx=True)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#messages"
    assert 'role="alert"' in response.content.decode()


def test_an_auth_error_sends_the_user_to_reconnect_and_back(handle):
    response = handle(WebworkAuthError("Token revoked"))
    assert response.status_code == 302
    assert response["Location"] == "/connect/?next=%2Fviewers%2F%3Fpage%3D2&reason=expired"


def test_an_auth_error_on_htmx_redirects_the_whole_page(handle):
    response = handle(WebworkAuthError("Token revoked"), htmx=True)
    assert response["HX-Redirect"].startswith("/connect/?next=%2Fviewers%2F")


def test_other_exceptions_are_left_alone(handle):
    assert handle(ValueError("not ours")) is None
