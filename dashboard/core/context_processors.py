"""What every page's navigation needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

NAVIGATION = [
    ("Inbox", "core:inbox"),
    ("Timesheets", "approvals:timesheets"),
    ("Leave", "approvals:leaves"),
    ("Time requests", "approvals:time_requests"),
    ("Viewers", "viewers:list"),
    ("Access review", "viewers:access"),
    ("Assignments", "assignments:list"),
    ("Reports", "reports:index"),
    ("Audit log", "audit:list"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "navigation": [
            {"label": label, "url_name": name, "current": _is_current(current, name)}
            for label, name in NAVIGATION
        ]
    }


def _is_current(view_name: str, item: str) -> bool:
    """An app's index item also stands for the app's other pages (a report under Reports)."""
    if view_name == item:
        return True
    namespace, _, page = item.partition(":")
    return page == "index" and view_name.startswith(f"{namespace}:")
