"""The control plane under ``/__sandbox__/``: JSON in, JSON out, no auth, no CSRF.

It exists only in the sandbox, for tests, benchmarks and the demo. Every call is
described in docs/webwork-api/SANDBOX.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from sandbox.control import clients, snapshot, tokens
from sandbox.control.errors import ControlError
from sandbox.oauth.models import PersonalAccessToken
from sandbox.runtime import clock
from sandbox.runtime.faults import FaultConfigError, FaultRule, Latency
from sandbox.runtime.state import STATE, VARIANTS
from sandbox.workspace.models import SeedInfo, Workspace

Handler = Callable[[HttpRequest, dict[str, Any]], HttpResponse]


def control(*allowed: str) -> Callable[[Handler], Callable[[HttpRequest], HttpResponse]]:
    """Parse the JSON body, restrict methods and turn ControlError into a JSON 4xx."""

    def decorate(fn: Handler) -> Callable[[HttpRequest], HttpResponse]:
        @csrf_exempt
        def view(request: HttpRequest) -> HttpResponse:
            if request.method not in allowed:
                return JsonResponse({"error": f"use {' or '.join(allowed)}"}, status=405)
            try:
                body = json.loads(request.body or b"{}")
                if not isinstance(body, dict):
                    raise ControlError("the body must be a JSON object")
                return fn(request, body)
            except ValueError as exc:
                return JsonResponse({"error": f"invalid JSON: {exc}"}, status=400)
            except (ControlError, FaultConfigError) as exc:
                return JsonResponse({"error": str(exc)}, status=getattr(exc, "status", 400))

        view.__doc__ = fn.__doc__
        return view

    return decorate


def _state() -> dict[str, Any]:
    info = SeedInfo.objects.first()
    return {
        "variant": STATE.variant,
        "rate_limit": STATE.limiter.limit,
        "latency": {
            "min_ms": STATE.injector.latency.min_ms,
            "max_ms": STATE.injector.latency.max_ms,
        },
        "faults": [rule.to_json() for rule in STATE.injector.rules],
        "fault_seed": STATE.injector.seed,
        "clock": _clock(),
        "seed": info.options if info else None,
    }


def _clock() -> dict[str, Any]:
    return {
        "now": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "today": clock.today().isoformat(),
        "offset_seconds": int(clock.offset().total_seconds()),
    }


@control("GET")
def health(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Readiness probe."""
    return JsonResponse({"status": "ok"})


@control("GET")
def state(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """All switches at once."""
    return JsonResponse(_state())


@control("POST")
def reset(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Restore the seeded data and clear every switch and log."""
    snapshot.restore()
    STATE.reset()
    if body.get("keep_clients", True):
        clients.reapply_all()
    else:
        clients.forget_all()
    return JsonResponse({"status": "reset", **_state()})


@control("POST")
def issue_token(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """A personal access token for a seeded user."""
    email = body.get("email")
    user = User.objects.filter(email__iexact=email).first() if isinstance(email, str) else None
    if user is None:
        raise ControlError(f"no sandbox user with email {email!r}", 404)
    lifetime = timedelta(seconds=settings.PAT_SECONDS)
    _, raw = PersonalAccessToken.issue(user, now=clock.now(), lifetime=lifetime)
    return JsonResponse({"token": raw, "email": user.email, "user_id": user.pk})


@control("GET", "DELETE")
def calls(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """The API calls since the last reset (filter with ?method=&path=&email=)."""
    if request.method == "DELETE":
        with STATE.lock:
            STATE.calls.clear()
        return JsonResponse({"calls": []})
    with STATE.lock:
        found = list(STATE.calls)
    for key in ("method", "email"):
        if value := request.GET.get(key):
            found = [c for c in found if (c.get(key) or "").lower() == value.lower()]
    if prefix := request.GET.get("path"):
        found = [c for c in found if c["path"].startswith(prefix)]
    return JsonResponse({"count": len(found), "calls": found})


@control("GET", "POST", "DELETE")
def latency(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Fixed (``ms``) or jittered (``min_ms``/``max_ms``) delay before every API answer."""
    if request.method == "POST":
        STATE.injector.set_latency(Latency.from_json(body))
    elif request.method == "DELETE":
        STATE.injector.set_latency(Latency())
    current = STATE.injector.latency
    return JsonResponse({"min_ms": current.min_ms, "max_ms": current.max_ms})


@control("GET", "POST", "DELETE")
def faults(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Replace the fault plan: ``{"faults": [...], "seed": 0}``; DELETE clears it."""
    if request.method == "POST":
        rules = body.get("faults", [])
        if not isinstance(rules, list):
            raise ControlError("faults must be a list")
        seed = body.get("seed", 0)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ControlError("seed must be an integer")
        STATE.injector.configure([FaultRule.from_json(rule) for rule in rules], seed)
    elif request.method == "DELETE":
        STATE.injector.configure([], 0)
    return JsonResponse(
        {"faults": [r.to_json() for r in STATE.injector.rules], "seed": STATE.injector.seed}
    )


@control("GET", "POST")
def rate_limit(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Requests per sliding 60 s window per user: ``{"limit": 60}``."""
    if request.method == "POST":
        limit = body.get("limit")
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 1_000_000:
            raise ControlError("limit must be an integer between 1 and 1000000")
        STATE.limiter.set_limit(limit)
        if body.get("clear", False):
            STATE.limiter.clear()
    return JsonResponse({"limit": STATE.limiter.limit})


@control("GET", "POST")
def variant(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Which documented response shapes to serve: ``api`` or ``v2``."""
    if request.method == "POST":
        chosen = body.get("variant")
        if chosen not in VARIANTS:
            raise ControlError(f"variant must be one of {', '.join(VARIANTS)}")
        with STATE.lock:
            STATE.variant = chosen
    return JsonResponse({"variant": STATE.variant})


@control("GET", "POST")
def clock_view(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Advance the sandbox clock by ``seconds``, ``minutes``, ``hours`` and/or ``days``."""
    if request.method == "POST":
        units = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
        total = 0.0
        for unit, factor in units.items():
            value = body.get(unit, 0)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ControlError(f"{unit} must be a number")
            total += value * factor
        clock.advance(timedelta(seconds=total))
    return JsonResponse(_clock())


@control("POST")
def expire_token(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Make tokens expired now: by ``token`` value or by ``email`` (``kind`` narrows it)."""
    return JsonResponse({"expired": tokens.apply("expire", body)})


@control("POST")
def revoke_token(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Revoke tokens: by ``token`` value or by ``email`` (``kind`` narrows it)."""
    return JsonResponse({"revoked": tokens.apply("revoke", body)})


@control("POST")
def oauth_clients(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Create or update an OAuth2 client (idempotent)."""
    client_id, secret = body.get("client_id"), body.get("client_secret", "")
    uris = body.get("redirect_uris")
    if isinstance(uris, list):
        uris = " ".join(str(u) for u in uris)
    if not isinstance(client_id, str) or not client_id or not isinstance(uris, str) or not uris:
        raise ControlError("client_id and redirect_uris are required")
    public = bool(body.get("public", False))
    if not public and (not isinstance(secret, str) or not secret):
        raise ControlError("client_secret is required for a confidential client")
    spec = clients.ClientSpec(
        client_id=client_id,
        client_secret=secret if isinstance(secret, str) else "",
        redirect_uris=uris,
        name=str(body.get("name") or client_id),
        skip_authorization=bool(body.get("skip_authorization", False)),
        public=public,
    )
    app, created = clients.register(spec)
    data = {"client_id": app.client_id, "redirect_uris": app.redirect_uris.split()}
    return JsonResponse({**data, "created": created}, status=201 if created else 200)


@control("GET", "DELETE")
def webhook_deliveries(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Webhook deliveries attempted since the last reset."""
    with STATE.lock:
        if request.method == "DELETE":
            STATE.deliveries.clear()
        found = list(STATE.deliveries)
    return JsonResponse({"count": len(found), "deliveries": found})


@control("GET")
def workspaces(request: HttpRequest, body: dict[str, Any]) -> HttpResponse:
    """Seeded workspaces by name, so tests need not spend an API call to find ids."""
    rows = Workspace.objects.order_by("pk").values("id", "name", "owner__email")
    return JsonResponse(
        {
            "workspaces": [
                {"id": r["id"], "name": r["name"], "owner": r["owner__email"]} for r in rows
            ]
        }
    )
