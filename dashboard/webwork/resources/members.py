"""Members of the workspace (read-only here: the dashboard does not manage people)."""

from __future__ import annotations

from typing import Any

from dashboard.webwork.records import Member
from dashboard.webwork.records.pages import Page
from dashboard.webwork.resources.base import Resource


class Members(Resource):
    def list(
        self,
        *,
        email: str | None = None,
        status: str | None = None,
        role: str | None = None,
        page: int = 1,
        per_page: int = 20,
        refresh: bool = False,
    ) -> Page[Member]:
        """GET /members: list members, filtered by e-mail, status or role."""
        params: dict[str, Any] = {"email": email, "status": status, "role": role}
        params |= {"page": page, "per_page": per_page}
        return self._api.list_page("members", "/members", params, Member.from_json, refresh=refresh)

    def all(self, *, status: str | None = None, refresh: bool = False) -> Page[Member]:
        """GET /members (every page): all members, cached as reference data."""
        params = {"status": status}
        return self._api.all_pages("members", "/members", params, Member.from_json, refresh=refresh)

    def get(self, member_id: int) -> Member:
        """GET /members/{memberId}: one member."""
        return self._api.one(f"/members/{int(member_id)}", Member.from_json)
