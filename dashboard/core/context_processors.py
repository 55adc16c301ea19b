"""What every page's navigation needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString

from .upstream import stale_notice

# The areas as a manager thinks of them: what waits for a decision, who sees and does what, the
# work itself, what happened. Each group is a list of (label, URL name).
NAVIGATION: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Decide",
        [
            ("Inbox", "approvals:inbox"),
            ("Timesheets", "approvals:timesheets"),
            ("Not submitted", "approvals:missing"),
            ("Leave", "approvals:leaves"),
            ("Time requests", "approvals:time_requests"),
        ],
    ),
    (
        "People and access",
        [
            ("Members", "members:list"),
            ("Viewers", "viewers:list"),
            ("Access review", "viewers:access"),
            ("Assignments", "assignments:list"),
        ],
    ),
    ("Work", [("Projects", "projects:list"), ("Expenses", "expenses:list")]),
    ("Reports", [("Reports", "reports:index")]),
    ("Audit", [("Audit log", "audit:list")]),
    ("You", [("Notifications", "notifications:settings")]),
]
# Pages about the dashboard itself rather than a workspace, for Django staff (``is_staff``) only.
STAFF_NAVIGATION: list[tuple[str, list[tuple[str, str]]]] = [("Staff", [("Outbox", "outbox:list")])]
# Items only some roles may use, by the capability (``Role``) they need.
GATED = {"approvals:missing": "can_decide"}
# The workspace's settings, for the roles that may change them (``Role.can_manage_access``).
MANAGER_NAVIGATION: list[tuple[str, list[tuple[str, str]]]] = [
    ("Settings", [("Webhooks", "hooks:settings")])
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    staff = getattr(getattr(request, "user", None), "is_staff", False)
    workspace = getattr(request, "workspace", None)
    manages = workspace is not None and workspace.may.can_manage_access
    groups = [
        {
            "label": label,
            "items": [
                {"label": item, "url_name": name, "current": _is_current(current, name)}
                for item, name in items
                if _may(workspace, name)
            ],
        }
        for label, items in (
            NAVIGATION
            + (MANAGER_NAVIGATION if manages else [])
            + (STAFF_NAVIGATION if staff else [])
        )
    ]
    return {
        "navigation": groups,
        "navigation_html": lambda: _navigation_html(groups),  # called only where it is shown
        "role_note": _role_note(request),
    }


_hrefs: dict[tuple[object, str, str], str] = {}


def _href(url_name: str) -> str:
    """``reverse(url_name)``, kept for as long as the URLconf and the script prefix it had."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), url_name)
    if key not in _hrefs:
        _hrefs[key] = reverse(url_name)
    return _hrefs[key]


def _navigation_html(groups: list[dict[str, Any]]) -> SafeString:
    """The menu's headings and links (every page shows them: written here, not looped over in
    the template language)."""
    parts = []
    for number, group in enumerate(groups, start=1):
        parts.append(
            f'<h2 class="nav-group" id="nav-{number}">{escape(group["label"])}</h2>\n'
            f'<ul aria-labelledby="nav-{number}">'
        )
        for item in group["items"]:
            current = ' aria-current="page"' if item["current"] else ""
            href = escape(_href(item["url_name"]))
            parts.append(f'<li><a href="{href}"{current}>{escape(item["label"])}</a></li>')
        parts.append("</ul>")
    return SafeString("\n".join(parts))


def _may(workspace: Any, url_name: str) -> bool:
    gate = GATED.get(url_name)
    return gate is None or (workspace is not None and bool(getattr(workspace.may, gate)))


def freshness(request: HttpRequest) -> dict[str, Any]:
    """``stale``: the banner's context when the page shows WebWork's last good data."""
    return {"stale": stale_notice(request)}


def _role_note(request: HttpRequest) -> str:
    """What the connected role means, said once per workspace and role in a session."""
    workspace = getattr(request, "workspace", None)
    if workspace is None or getattr(request, "htmx", False) or not hasattr(request, "session"):
        return ""
    summary = workspace.may.summary
    said = f"{workspace.id}:{workspace.role}"
    if not summary or request.session.get("role_note_said") == said:
        return ""
    request.session["role_note_said"] = said
    return summary


def _is_current(view_name: str, item: str) -> bool:
    """An app's index item also stands for the app's other pages (a report under Reports)."""
    if view_name == item:
        return True
    namespace, _, page = item.partition(":")
    return page == "index" and view_name.startswith(f"{namespace}:")
