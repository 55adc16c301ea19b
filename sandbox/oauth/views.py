"""Sign-in pages for sandbox users (the consent page is DOT's, with our template)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

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
