"""URLs of the sandbox: the API, OAuth2, sign-in pages and the control plane."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from oauth2_provider import views as oauth_views

from sandbox.api.envelope import ApiError, error_response
from sandbox.oauth import views as sign_in

oauth_patterns = (
    [
        path("authorize/", oauth_views.AuthorizationView.as_view(), name="authorize"),
        path("token/", oauth_views.TokenView.as_view(), name="token"),
        path("revoke_token/", oauth_views.RevokeTokenView.as_view(), name="revoke-token"),
        path("introspect/", oauth_views.IntrospectTokenView.as_view(), name="introspect"),
    ],
    "oauth2_provider",
)

urlpatterns = [
    path("", sign_in.home, name="sandbox-home"),
    path("login/", sign_in.SignInView.as_view(), name="sandbox-login"),
    path("login/done/", sign_in.signed_in, name="sandbox-signed-in"),
    path("logout/", sign_in.sign_out, name="sandbox-logout"),
    path("oauth/", include(oauth_patterns, namespace="oauth2_provider")),
    path("api/v2/", include("sandbox.api.urls")),
    path("__sandbox__/", include("sandbox.control.urls")),
]


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """JSON in the envelope for the API, plain text elsewhere."""
    if request.path.startswith("/api/"):
        return error_response(ApiError(404, "Not found", error="Not Found"))
    return HttpResponse("Not found", status=404, content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return error_response(ApiError(500, "An error occurred", error="Internal Server Error"))
    return HttpResponse("Server error", status=500, content_type="text/plain")


handler404 = not_found
handler500 = server_error
