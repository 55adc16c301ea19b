"""Members of the workspace: the list, an invitation, a change of role, rates or limit, archive."""

from __future__ import annotations

from typing import Any

from dashboard.webwork.errors import WebworkInvalid
from dashboard.webwork.records import Member
from dashboard.webwork.records.pages import Envelope, Page
from dashboard.webwork.records.parsing import as_int, as_mapping
from dashboard.webwork.resources.base import Resource, Saved
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed
from dashboard.webwork.resources.replies import record_or_none

# The roles POST and PUT /members take: Owner is not among them (ownership moves in WebWork).
GRANTABLE_ROLES = (
    "Regular User",
    "Project manager",
    "Team manager",
    "Executive manager",
    "Project viewer",
)
MAX_WEEKLY_HOURS = 168
# A member's role and name also show on their contracts (``user_role``, ``user_firstname``).
_TOUCHES = ("members", "contracts")


def _refuse(field: str, message: str, *, method: str, path: str) -> WebworkInvalid:
    """A certain 422, said before an upstream call is spent on it."""
    return WebworkInvalid(message, field_errors={field: [message]}, method=method, path=path)


def _check_role(role: str, *, method: str, path: str) -> None:
    if role in GRANTABLE_ROLES:
        return
    if role.strip().casefold() == "owner":
        message = "The Owner role cannot be granted: ownership moves in WebWork's own settings."
    else:
        message = f"WebWork has no role {role!r} to grant."
    raise _refuse("role", message, method=method, path=path)


def _invited_id(envelope: Envelope) -> int | None:
    # Reference: the answer is {user_id, invitation_link}; the link is the invitee's to use,
    # so it is not kept.
    return as_int(as_mapping(envelope.data).get("user_id"))


_member_or_none = record_or_none(Member.from_json)


class Members(Resource):
    def list(
        self,
        *,
        email: str | None = None,
        status: str | None = None,
        role: str | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Member]:
        """GET /members: list members, filtered by e-mail, status or role."""
        params = {"email": email, "status": status, "role": role}
        return listed(self._api, "members", "/members", params, Member.from_json, paging)

    def all(self, *, status: str | None = None, refresh: bool = False) -> Page[Member]:
        """GET /members (every page): all members, cached as reference data."""
        params = {"status": status}
        return self._api.all_pages("members", "/members", params, Member.from_json, refresh=refresh)

    def get(self, member_id: int) -> Member:
        """GET /members/{memberId}: one member."""
        return self._api.one(f"/members/{int(member_id)}", Member.from_json)

    def invite(self, *, email: str, firstname: str, lastname: str, role: str) -> Saved[int | None]:
        """POST /members: invite someone with a role; answers their member id and the message.

        A role WebWork does not grant (Owner, or a name it does not know) is refused unsent.
        """
        _check_role(role, method="POST", path="/members")
        body = {"email": email, "firstname": firstname, "lastname": lastname, "role": role}
        return self._api.saved("POST", "/members", body, _invited_id, touches=("members",))

    def update(
        self,
        member_id: int,
        *,
        role: str | None = None,
        rates_visible: bool | None = None,
        weekly_hours_limit: int | None = None,
    ) -> Saved[Member | None]:
        """PUT /members/{memberId}: change the role, rate visibility or weekly limit.

        Only what is given is sent; nothing given, or a value WebWork refuses for certain, is
        refused unsent. Answers the member when WebWork sends it back (``item`` None otherwise).
        """
        path = f"/members/{int(member_id)}"
        if role is None and rates_visible is None and weekly_hours_limit is None:
            raise WebworkInvalid("There is nothing to change.", method="PUT", path=path)
        if role is not None:
            _check_role(role, method="PUT", path=path)
        if weekly_hours_limit is not None and not 0 <= weekly_hours_limit <= MAX_WEEKLY_HOURS:
            message = f"A weekly limit is 0 to {MAX_WEEKLY_HOURS} hours."
            raise _refuse("weekly_hours_limit", message, method="PUT", path=path)
        body: dict[str, Any] = {"role": role, "weekly_hours_limit": weekly_hours_limit}
        body["rate_status"] = None if rates_visible is None else int(rates_visible)
        return self._api.saved("PUT", path, body, _member_or_none, touches=_TOUCHES)

    def archive(self, member_id: int) -> str:
        """DELETE /members/{memberId}: archive a member; they lose access to the workspace.

        Reference: the API has no operation to restore an archived member (WebWork's own UI
        does that), and archived members leave the list.
        """
        path = f"/members/{int(member_id)}"
        return self._api.action("DELETE", path, {}, touches=_TOUCHES)
