"""The decorator every API view uses: scope, workspace, role, body parsing, errors."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt

from sandbox.api.envelope import ApiError, error_response, forbidden, invalid, not_found
from sandbox.api.inputs import Inputs, given
from sandbox.runtime import clock
from sandbox.runtime.state import STATE
from sandbox.workspace.models import Membership, Role, Workspace

log = logging.getLogger("sandbox.api")
READ_METHODS = frozenset({"GET", "HEAD"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass
class Ctx:
    """What a view needs to know about the call it is answering."""

    request: HttpRequest
    user: User
    query: Inputs
    body: Inputs
    now: datetime
    variant: str
    membership: Membership | None = None

    @property
    def member(self) -> Membership:
        assert self.membership is not None
        return self.membership

    @property
    def workspace(self) -> Workspace:
        return self.member.workspace

    @property
    def is_manager(self) -> bool:
        return self.member.is_manager

    @property
    def show_rates(self) -> bool:
        """Rates are visible to owners and executive managers, or with rate permission."""
        return self.member.is_manager or self.member.rate_status == 1

    def inputs(self) -> Inputs:
        """The body for writes, the query string for reads."""
        return self.query if self.request.method in READ_METHODS else self.body


View = Callable[..., HttpResponse]


def operation(
    *,
    workspace: bool = True,
    manager_only: bool = False,
    viewer_allowed: bool = False,
    roles: frozenset[str] | None = None,
) -> Callable[[View], View]:
    """Wrap a view ``fn(ctx, **path_params)`` with the checks every operation shares.

    ``roles``, when given, are the only roles allowed (403 for the others).
    """

    def decorate(fn: View) -> View:
        @functools.wraps(fn)
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            try:
                ctx = _context(request)
                if workspace:
                    ctx.membership = _membership(ctx)
                    _check_role(ctx.member, manager_only, viewer_allowed)
                    if roles is not None and ctx.member.role not in roles:
                        raise forbidden(f"Your role ({ctx.member.role}) may not do this")
                if request.method in READ_METHODS:
                    return fn(ctx, **kwargs)
                with transaction.atomic():
                    return fn(ctx, **kwargs)
            except ApiError as exc:
                return error_response(exc)
            except Exception:
                log.exception("Unhandled error in %s %s", request.method, request.path)
                return error_response(
                    ApiError(500, "An error occurred", error="Internal Server Error")
                )

        return csrf_exempt(view)

    return decorate


def methods(**views: View) -> View:
    """One URL, one view per HTTP method; anything else is a 405 in the envelope."""

    @csrf_exempt
    def dispatch(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        view = views.get(request.method or "")
        if view is None:
            response = error_response(
                ApiError(405, "Method not allowed", error="Method Not Allowed")
            )
            response["Allow"] = ", ".join(views)
            return response
        return view(request, **kwargs)

    return dispatch


def path_id(value: str, thing: str) -> int:
    """An integer id from the URL; anything else cannot name a record, hence 404."""
    if value.isdigit() and len(value) <= 15:
        return int(value)
    raise not_found(thing)


def _context(request: HttpRequest) -> Ctx:
    principal = getattr(request, "principal", None)
    if principal is None:
        raise ApiError(401, "Unauthenticated.", error="Missing, invalid or expired token")
    needed = "read" if request.method in READ_METHODS else "write"
    if needed not in principal.scopes:
        raise ApiError(403, f"This token lacks the '{needed}' scope", error="insufficient_scope")
    body = {} if request.method in READ_METHODS else _body(request)
    return Ctx(
        request=request,
        user=principal.user,
        query=Inputs(request.GET),
        body=Inputs(body),
        now=clock.now(),
        variant=STATE.variant,
    )


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        raw = request.body
    except RequestDataTooBig as exc:
        raise ApiError(400, "The request body is too large", error="Bad Request") from exc
    if not raw:
        return {}
    if request.content_type in FORM_TYPES:
        form = QueryDict(raw.decode(errors="replace"))
        data: dict[str, Any] = {}
        for key, values in form.lists():
            if key.endswith("[]"):
                data[key[:-2]] = values
            else:
                data[key] = values if len(values) > 1 else values[0]
        return data
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "Malformed JSON body", error="Bad Request") from exc
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object", error="Bad Request")
    return data


def _membership(ctx: Ctx) -> Membership:
    # Accepted in the query string or the body (the doc variants disagree); when both are
    # given they must both be valid and agree.
    sources = [i for i in (ctx.query, ctx.body) if "workspace_id" in i.source]
    if not any(i.has("workspace_id") for i in sources):
        raise ApiError(400, "workspace_id is required", error="Bad Request")
    ids = {i.integer("workspace_id") for i in sources}
    for inputs in sources:
        inputs.check()
    if len(ids) > 1:
        raise invalid("workspace_id", "The workspace_id in the query and the body differ.")
    workspace_id = given(ids.pop())
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace_id=workspace_id, user=ctx.user, archived_at__isnull=True)
        .exclude(status=Membership.Status.LEFT)
        .first()
    )
    if membership is None:
        raise not_found("Workspace")
    return membership


def _check_role(membership: Membership, manager_only: bool, viewer_allowed: bool) -> None:
    if membership.role == Role.PROJECT_VIEWER and not viewer_allowed:
        raise forbidden("Project viewers may not use this operation")
    if manager_only and not membership.is_manager:
        raise forbidden("Only the workspace owner or an executive manager may do this")
