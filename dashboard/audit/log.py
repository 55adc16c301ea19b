"""``record()`` writes one audit entry; ``audited()`` times an upstream action and records it.

Every action that changes WebWork goes through one of them, whether it succeeds or fails::

    with audited(request, "viewer.archive", target=("viewer", viewer.id, viewer.name)) as entry:
        entry.message = request.webwork.viewers.archive(viewer.id)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from dashboard.webwork.errors import WebworkError

from .models import AuditEntry

Target = tuple[str, Any, str]

# Input fields that never go into the log, whatever form they come from.
_SECRET_FIELDS = {"token", "access_token", "refresh_token", "password", "client_secret", "secret"}


def _clean(summary: dict[str, Any] | None) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in (summary or {}).items():
        if key.lower() in _SECRET_FIELDS:
            continue
        if isinstance(value, str) and len(value) > 500:
            value = value[:500] + "…"
        cleaned[key] = value
    return cleaned


def record(
    *,
    user: Any,
    action: str,
    outcome: str,
    target: Target | None = None,
    workspace_id: int | None = None,
    workspace_name: str = "",
    summary: dict[str, Any] | None = None,
    message: str = "",
    duration_ms: int = 0,
    request_id: str = "",
    job_id: str = "",
) -> AuditEntry:
    """Write one audit entry. ``outcome`` is ``"ok"`` or ``"failed"``."""
    target_type, target_id, target_label = target or ("", "", "")
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    entry = AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        workspace_id=workspace_id,
        workspace_name=workspace_name[:255],
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        target_label=str(target_label)[:255],
        summary=_clean(summary),
        outcome=outcome,
        upstream_message=message,
        duration_ms=duration_ms,
        request_id=request_id,
        job_id=job_id,
    )
    if authenticated and outcome == "ok" and action.endswith(".reject"):
        cache.delete(_reasons_key(user))  # recent_reasons() reads them again, with this one
    return entry


@dataclass
class Pending:
    """What an audited block may add before it is recorded.

    ``target_id`` is for a target that has no id until the upstream has answered (a created
    record): set it inside the block and the entry carries it.
    """

    message: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    entry: AuditEntry | None = None
    target_id: Any = None


@contextmanager
def audited(
    request: HttpRequest,
    action: str,
    *,
    target: Target | None = None,
    summary: dict[str, Any] | None = None,
) -> Iterator[Pending]:
    """Time the block and record its outcome; upstream errors are recorded, then re-raised."""
    pending = Pending(summary=dict(summary or {}))
    workspace = getattr(request, "workspace", None)
    started = time.monotonic()

    def finish(outcome: str, message: str) -> AuditEntry:
        known = target
        if target is not None and pending.target_id is not None:
            known = (target[0], pending.target_id, target[2])
        return record(
            user=request.user,
            action=action,
            outcome=outcome,
            target=known,
            workspace_id=getattr(workspace, "id", None),
            workspace_name=getattr(workspace, "name", ""),
            summary=pending.summary,
            message=message,
            duration_ms=int((time.monotonic() - started) * 1000),
            request_id=getattr(request, "request_id", ""),
        )

    try:
        yield pending
    except WebworkError as exc:
        finish("failed", exc.message)
        raise
    pending.entry = finish("ok", pending.message)


def history(target_type: str, target_id: Any, workspace_id: int | None, limit: int = 50) -> Any:
    """The latest entries about one target in one workspace, newest first."""
    return AuditEntry.objects.filter(
        target_type=target_type, target_id=str(target_id), workspace_id=workspace_id
    )[:limit]


def succeeded(action: str, workspace_id: int | None, limit: int = 200) -> Any:
    """The latest entries of ``action`` that succeeded in one workspace, newest first."""
    return AuditEntry.objects.filter(
        action=action, outcome=AuditEntry.Outcome.OK, workspace_id=workspace_id
    )[:limit]


REASONS = 8  # the recent reasons a decision form offers
REASONS_TTL = 3600  # seconds they are kept; a rejection recorded here forgets them at once


def _reasons_key(user: Any) -> str:
    return f"audit:reasons:{user.pk}"


def recent_reasons(user: Any) -> list[str]:
    """The reasons ``user`` gave for recent rejections, newest first, without repeats (every
    decision page offers them: kept in the cache until the user's next rejection)."""
    key = _reasons_key(user)
    kept = cache.get(key)
    if isinstance(kept, list):
        return kept
    entries = AuditEntry.objects.filter(
        user=user, action__endswith=".reject", outcome="ok"
    ).values_list("summary", flat=True)[:100]
    reasons: list[str] = []
    for summary in entries:
        reason = summary.get("reason") if isinstance(summary, dict) else None
        if isinstance(reason, str) and reason and reason not in reasons:
            reasons.append(reason)
        if len(reasons) == REASONS:
            break
    cache.set(key, reasons, REASONS_TTL)
    return reasons
