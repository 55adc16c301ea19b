"""Bringing someone into a workspace: members invited and viewers created share these steps."""

from __future__ import annotations

from django.contrib.auth.models import User

from sandbox.api.envelope import invalid
from sandbox.api.operation import Ctx
from sandbox.workspace.models import Membership


def join(
    ctx: Ctx, email: str, firstname: str, lastname: str, *, role: str, status: str
) -> Membership:
    """A new membership for ``email`` (a known user, or a new one); 422 if already a member."""
    if Membership.objects.filter(workspace=ctx.workspace, user__email__iexact=email).exists():
        raise invalid("email", "The email has already been taken.")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, first_name=firstname, last_name=lastname)
        user.set_password("sandbox")
        user.save()
    return Membership.objects.create(
        workspace=ctx.workspace,
        user=user,
        role=role,
        status=status,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
