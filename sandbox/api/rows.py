"""Shared steps of the list and item views: one row by id, and a list narrowed by its filters."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet

from sandbox.api.envelope import not_found


def one_of[M: Model](rows: QuerySet[M], pk: str, name: str) -> M:
    """The row ``pk`` among ``rows`` (what the caller may see), or WebWork's 404 for ``name``."""
    found = rows.filter(pk=pk).first()
    if found is None:
        raise not_found(name)
    return found


def narrowed[M: Model](rows: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """``rows`` filtered on each lookup that was asked for: None and "" mean it was not."""
    return rows.filter(**{k: v for k, v in lookups.items() if v is not None and v != ""})
