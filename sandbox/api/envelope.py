"""The documented response envelope, errors and pagination."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import JsonResponse

from sandbox.runtime import clock

API_VERSION = "2.0.0"
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class ApiError(Exception):
    """An error answer: its status, the documented ``message``, and optional field errors."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error = error
        self.errors = errors


def not_found(thing: str) -> ApiError:
    return ApiError(404, f"{thing} not found")


def forbidden(message: str = "You do not have permission to perform this action") -> ApiError:
    return ApiError(403, message, error="Forbidden")


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, message, error="Validation failed", errors={field: [message]})


def meta(pagination: dict[str, Any] | None = None) -> dict[str, Any]:
    stamp = clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    data: dict[str, Any] = {"api_version": API_VERSION, "timestamp": stamp}
    if pagination is not None:
        data["pagination"] = pagination
    return data


def json_response(body: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(
        body, status=status, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )


def ok(
    data: Any,
    *,
    message: str | None = None,
    status: int = 200,
    pagination: dict[str, Any] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {"success": True, "data": data}
    if message:
        body["message"] = message
    body["meta"] = meta(pagination)
    return json_response(body, status)


def error_response(exc: ApiError) -> JsonResponse:
    body: dict[str, Any] = {"success": False, "message": exc.message, "error": exc.error}
    if exc.errors:
        body["errors"] = exc.errors
    body["meta"] = meta()
    return json_response(body, exc.status)


class Page:
    """One page of a list, with the documented pagination block."""

    def __init__(self, items: QuerySet[Any] | Sequence[Any], page: int, per_page: int) -> None:
        total = items.count() if isinstance(items, QuerySet) else len(items)
        start = (page - 1) * per_page
        self.items = list(items[start : start + per_page])
        shown = len(self.items)
        self.pagination = {
            "total": total,
            "per_page": per_page,
            "current_page": page,
            "last_page": max(1, math.ceil(total / per_page)),
            "from": start + 1 if shown else None,
            "to": start + shown if shown else None,
        }
