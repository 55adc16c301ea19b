"""The workspace's own records: the workspace, members, projects, viewers, contracts, webhooks.

Views see these, never the JSON. Ids are ``int`` where the contract says integer (workspace,
member, project, contract, viewer, leave policy) and opaque ``str`` elsewhere (timesheets, time
requests, leaves, webhooks). Money is a currency → amount map (see ``parsing.amounts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Self

from dashboard.webwork.records import parsing as p


@dataclass(frozen=True)
class Workspace:
    id: int
    name: str
    role: str
    status: str
    owner_id: int | None = None
    user_id: int | None = None
    created_at: datetime | None = None
    activated_at: datetime | None = None

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        return cls(
            id=p.require_int(raw, "id"),
            name=p.as_str(raw.get("workspace_name") or raw.get("name")),
            role=p.as_str(raw.get("role")),
            status=p.as_str(raw.get("status")),
            owner_id=p.as_int(raw.get("owner_id")),
            user_id=p.as_int(raw.get("user_id")),
            created_at=p.parse_datetime(raw.get("created_at")),
            activated_at=p.parse_datetime(raw.get("activated_at")),
        )


@dataclass(frozen=True)
class Member:
    """A person in the workspace. ``rate_status`` (1 shows them rates, 0 hides them) is None
    when WebWork does not tell the caller; ``weekly_hours_limit`` None is no limit."""

    id: int
    email: str
    firstname: str
    lastname: str
    role: str
    status: str
    timezone: str | None = None
    team_name: str | None = None
    title: str | None = None
    rate_status: int | None = None
    weekly_hours_limit: int | None = None
    archived_at: datetime | None = None

    @property
    def name(self) -> str:
        return p.full_name(self.firstname, self.lastname, self.email)

    @property
    def is_owner(self) -> bool:
        return self.role.strip().casefold() == "owner"

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        return cls(
            id=p.require_int(raw, "id"),
            email=p.as_str(raw.get("email")),
            firstname=p.as_str(raw.get("firstname")),
            lastname=p.as_str(raw.get("lastname")),
            role=p.as_str(raw.get("current_role") or raw.get("role")),
            status=p.as_str(raw.get("status")),
            timezone=p.as_opt_str(raw.get("timezone")),
            team_name=p.as_opt_str(raw.get("team_name")),
            title=p.as_opt_str(raw.get("title")),
            rate_status=p.as_int(raw.get("rate_status")),
            weekly_hours_limit=p.as_int(raw.get("weekly_hours_limit")),
            archived_at=p.parse_datetime(raw.get("deleted_at")),
        )


@dataclass(frozen=True)
class Project:
    """A project. ``estimation`` is in hours; ``budget`` is WebWork's ``budget_estimation``;
    ``archived_at`` is ``deleted_at``, set once the project is archived."""

    id: int
    name: str
    status: int | None = None
    is_billable: bool | None = None
    start_date: date | None = None
    deadline: date | None = None
    contracts_count: int | None = None
    tags: tuple[str, ...] = ()
    estimation: float | None = None
    budget: float | None = None
    notes: str | None = None
    archived_at: datetime | None = None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        return cls(
            id=p.require_int(raw, "id"),
            name=p.as_str(raw.get("name")),
            status=p.as_int(raw.get("status")),
            is_billable=p.as_bool(raw.get("is_billable")),
            start_date=p.parse_date(raw.get("start_date")),
            deadline=p.parse_date(raw.get("deadline")),
            contracts_count=p.as_int(raw.get("contracts_count")),
            tags=tuple(p.as_str(p.as_mapping(t).get("name")) for t in p.as_list(raw.get("tags"))),
            estimation=p.as_float(raw.get("estimation")),
            budget=p.as_float(raw.get("budget_estimation")),
            notes=p.as_opt_str(raw.get("notes")),
            archived_at=p.parse_datetime(raw.get("deleted_at")),
        )


@dataclass(frozen=True)
class ViewerProject:
    project_id: int
    project_name: str


@dataclass(frozen=True)
class Viewer:
    """A client "project viewer" and the projects they may see."""

    id: int
    email: str
    firstname: str
    lastname: str
    status: str | None = None
    member_since: datetime | None = None
    projects: tuple[ViewerProject, ...] = ()

    @property
    def name(self) -> str:
        return p.full_name(self.firstname, self.lastname, self.email)

    @property
    def project_ids(self) -> frozenset[int]:
        return frozenset(vp.project_id for vp in self.projects)

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        projects = [p.as_mapping(item) for item in p.as_list(raw.get("projects"))]
        return cls(
            id=p.require_int(raw, "id"),
            email=p.as_str(raw.get("email")),
            firstname=p.as_str(raw.get("firstname")),
            lastname=p.as_str(raw.get("lastname")),
            status=p.as_opt_str(raw.get("status")),
            member_since=p.parse_datetime(raw.get("member_since")),
            projects=tuple(
                ViewerProject(p.require_int(item, "project_id"), p.as_str(item.get("project_name")))
                for item in projects
            ),
        )


@dataclass(frozen=True)
class Contract:
    """A member assigned to a project. ``rate`` and ``currency`` only when WebWork shows rates."""

    id: int
    project_id: int
    user_id: int
    status: str
    project_name: str = ""
    user_name: str = ""
    user_email: str = ""
    user_role: str | None = None
    weekly_hours_limit: int | None = None
    screenshots: str | None = None
    rate: float | None = None
    rate_type: int | None = None
    currency: str | None = None

    @property
    def is_paused(self) -> bool:
        return self.status == "paused"

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        first, last = p.as_str(raw.get("user_firstname")), p.as_str(raw.get("user_lastname"))
        return cls(
            id=p.require_int(raw, "id"),
            project_id=p.require_int(raw, "project_id"),
            user_id=p.require_int(raw, "user_id"),
            status=p.as_str(raw.get("status")),
            project_name=p.as_str(raw.get("project_name")),
            user_name=p.full_name(first, last, p.as_str(raw.get("user_email"))),
            user_email=p.as_str(raw.get("user_email")),
            user_role=p.as_opt_str(raw.get("user_role")),
            weekly_hours_limit=p.as_int(raw.get("weekly_hours_limit")),
            screenshots=p.as_opt_str(raw.get("screenshots")),
            rate=p.as_float(raw.get("rate")),
            rate_type=p.as_int(raw.get("rate_type")),
            currency=p.as_opt_str(raw.get("currency")),
        )


@dataclass(frozen=True)
class Webhook:
    """A webhook; ``secret`` (the upstream ``token``) is only sent back on create."""

    id: str
    url: str
    events: tuple[str, ...] = ()
    secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_json(cls, raw: p.Json) -> Self:
        return cls(
            id=p.require_id(raw),
            url=p.as_str(raw.get("url")),
            events=tuple(p.as_str(e) for e in p.as_list(raw.get("events"))),
            secret=p.as_opt_str(raw.get("token")),
        )
