"""Everything that happens to an API call around its view.

Latency, injected faults, bearer authentication, the per-user rate limit, the
``X-RateLimit-*`` headers and the in-memory call log all live here, so the views only
deal with the contract.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from sandbox.api.auth import authenticate
from sandbox.api.envelope import ApiError, error_response
from sandbox.runtime import clock
from sandbox.runtime.faults import FaultRule
from sandbox.runtime.state import STATE

API_PREFIX = "/api/"
log = logging.getLogger("sandbox.api")

MALFORMED_BODY = b'{"success": true, "data": [{"id": 1, "name": "trunc'


class ApiGatewayMiddleware:
    """Wraps every ``/api/`` request; other paths pass straight through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        delay = STATE.injector.delay_ms()
        if delay:
            time.sleep(delay / 1000)
        principal = authenticate(request.META.get("HTTP_AUTHORIZATION", ""))
        request.principal = principal  # type: ignore[attr-defined]
        key = f"user:{principal.user.pk}" if principal else None
        response: HttpResponse
        if principal is None:
            response = error_response(
                ApiError(401, "Unauthenticated.", error="Missing, invalid or expired token")
            )
            budget = None
        else:
            budget = STATE.limiter.hit(key or "")
            if not budget.allowed:
                response = error_response(
                    ApiError(429, "Too Many Attempts.", error="Rate limit exceeded")
                )
                response["Retry-After"] = str(budget.retry_after)
            else:
                fault = STATE.injector.pick(request.method or "GET", request.path)
                response = self._inject(request, fault) if fault else self.get_response(request)
        if key is not None:
            after = STATE.limiter.peek(key)
            response["X-RateLimit-Limit"] = str(after.limit)
            response["X-RateLimit-Remaining"] = str(after.remaining)
        else:
            response["X-RateLimit-Limit"] = str(STATE.limiter.limit)
            response["X-RateLimit-Remaining"] = str(STATE.limiter.limit)
        self._record(request, response, principal, started)
        return response

    def _inject(self, request: HttpRequest, fault: FaultRule) -> HttpResponse:
        if fault.kind == "timeout":
            time.sleep(fault.after_ms / 1000)
            if fault.then == "drop":
                return _drop(request)
            return error_response(ApiError(504, "Gateway Timeout", error="Gateway Timeout"))
        if fault.kind == "malformed":
            return HttpResponse(MALFORMED_BODY, content_type="application/json")
        if fault.kind == "rate_limit":
            response = error_response(
                ApiError(429, "Too Many Attempts.", error="Rate limit exceeded")
            )
            response["Retry-After"] = str(fault.retry_after)
            return response
        message = "Internal Server Error" if fault.status == 500 else "Service unavailable"
        return error_response(ApiError(fault.status, message, error=message))

    def _record(
        self, request: HttpRequest, response: HttpResponse, principal: Any, started: float
    ) -> None:
        query: dict[str, str | list[str]] = {}
        for name, values in request.GET.lists():
            query[name] = values[0] if len(values) == 1 else values
        STATE.record_call(
            {
                "method": request.method,
                "path": request.path,
                "query": query,
                "status": response.status_code,
                "email": principal.user.email if principal else None,
                "auth": principal.kind if principal else None,
                "at": clock.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            }
        )


def _drop(request: HttpRequest) -> HttpResponse:
    """Close the client connection without an answer, when the server supports it."""
    drop = request.META.get("sandbox.drop_connection")
    if callable(drop):
        drop()
    response = HttpResponse(status=504)
    response["X-Sandbox-Dropped"] = "1"
    return response
