"""Contracts: which member works on which project, with limits and rates."""

from __future__ import annotations

from typing import Any

from dashboard.webwork.records import Contract
from dashboard.webwork.records.pages import Envelope, Page
from dashboard.webwork.resources.base import Resource, Saved, data_object
from dashboard.webwork.resources.query import FIRST_PAGE, Paging, listed
from dashboard.webwork.resources.replies import record_or_none

# Contracts change who is on a project (projects' contracts_count) and what members work on.
_TOUCHES = ("contracts", "projects", "reports")


def _contract(envelope: Envelope) -> Contract:
    return Contract.from_json(data_object(envelope))


_contract_or_none = record_or_none(Contract.from_json)


class Contracts(Resource):
    def list(
        self,
        *,
        project_id: int | None = None,
        user_id: int | None = None,
        status: str | None = None,
        paging: Paging = FIRST_PAGE,
    ) -> Page[Contract]:
        """GET /contracts: list contracts, filtered by project, member or status."""
        # Reference: this list's documented example puts `pagination` at the top level.
        params = {"project_id": project_id, "user_id": user_id, "status": status}
        return listed(self._api, "contracts", "/contracts", params, Contract.from_json, paging)

    def all(
        self,
        *,
        project_id: int | None = None,
        user_id: int | None = None,
        status: str | None = None,
        refresh: bool = False,
    ) -> Page[Contract]:
        """GET /contracts (every page): all matching contracts."""
        params = {"project_id": project_id, "user_id": user_id, "status": status}
        return self._api.all_pages(
            "contracts", "/contracts", params, Contract.from_json, refresh=refresh
        )

    def get(self, contract_id: int) -> Contract:
        """GET /contracts/{contractId}: one contract."""
        return self._api.one(f"/contracts/{int(contract_id)}", Contract.from_json)

    def create(
        self,
        *,
        project_id: int,
        user_id: int,
        weekly_hours_limit: int | None = None,
        screenshots: str | None = None,
        rate: float | None = None,
    ) -> Saved[Contract]:
        """POST /contracts: put a member on a project; answers the contract and the message."""
        body: dict[str, Any] = {"project_id": int(project_id), "user_id": int(user_id)}
        body |= {"weekly_hours_limit": weekly_hours_limit, "screenshots": screenshots}
        body |= {"rate": rate}
        return self._api.saved("POST", "/contracts", body, _contract, touches=_TOUCHES)

    def update(
        self,
        contract_id: int,
        *,
        weekly_hours_limit: int | None = None,
        screenshots: str | None = None,
        rate: float | None = None,
        status: str | None = None,
    ) -> Saved[Contract | None]:
        """PUT /contracts/{contractId}: change limits, screenshots, rate or status.

        Only the given fields are sent. Answers WebWork's message, with the contract when
        WebWork sends it back (``item`` is None otherwise).
        """
        # Reference: no delete or archive operation exists for contracts; status "paused" is
        # the way to stop a member tracking on a project, and "active" lets them again.
        body: dict[str, Any] = {"weekly_hours_limit": weekly_hours_limit}
        body |= {"screenshots": screenshots, "rate": rate, "status": status}
        path = f"/contracts/{int(contract_id)}"
        return self._api.saved("PUT", path, body, _contract_or_none, touches=_TOUCHES)
