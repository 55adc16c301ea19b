"""Connecting a dashboard user to WebWork."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from dashboard.core.views import not_built


def connect(request: HttpRequest) -> HttpResponse:
    return not_built(request, "Connect WebWork")


def connect_callback(request: HttpRequest) -> HttpResponse:
    return not_built(request, "Connect WebWork")


def disconnect(request: HttpRequest) -> HttpResponse:
    return not_built(request, "Connect WebWork")


def workspace(request: HttpRequest) -> HttpResponse:
    return not_built(request, "Workspace switcher")
