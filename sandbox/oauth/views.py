"""Sign-in pages for sandbox users (the consent page is DOT's, with our template)."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from sandbox.seed import DEMO_CLIENT_ID


class EmailSignInForm(AuthenticationForm):
    """The username of a sandbox user is their e-mail address."""

    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class SignInView(auth_views.LoginView):
    template_name = "sandbox/login.html"
    authentication_form = EmailSignInForm
    redirect_authenticated_user = False


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What this server is, for people who open it in a browser."""
    return render(request, "sandbox/home.html", {"demo_client_id": DEMO_CLIENT_ID})


@login_required
@require_GET
def signed_in(request: HttpRequest) -> HttpResponse:
    return render(request, "sandbox/done.html")


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out, then the sign-in page, which goes on to ``next`` (on this server only).

    GET too, so that a client application can link here to let its user pick another account:
    signing a made-up identity out of a test server is harmless.
    """
    logout(request)
    sign_in = reverse("sandbox-login")
    target = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(sign_in)
    parts = urlsplit(target)
    path = f"{parts.path}?{parts.query}" if parts.query else parts.path
    return redirect(f"{sign_in}?{urlencode({'next': path})}")
