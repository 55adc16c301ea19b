"""A read-only check of a WebWork connection: does the real service answer what the dashboard reads?

One GET per read operation of the service layer (the first page only, a few items), through the
client's own pacing, token refresh and retries, read as raw JSON. Each answer is held against
``OPERATIONS``, the one declared table of what the dashboard relies on: per operation, the fields
of each item with the type its record reads them as, and the record that parses the item. A field
is listed when its record cannot be built without it (``require_int``/``require_id``) or when a
dashboard feature reads it with no fallback; alternatives (``total_minutes`` or ``total_hours``)
are the names the record tries, in its order. Ids for the per-item reads come from the lists.

Used by ``manage.py webwork_check`` and the "Check the connection" page. Nothing here writes,
so where a write's ``workspace_id`` goes (body or query: the doc variants disagree) is not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import (
    WebworkAuthError,
    WebworkError,
    WebworkRateLimited,
    WebworkUnavailable,
)
from dashboard.webwork.records import (
    Contract,
    CurrentTracking,
    Expense,
    ExpenseCategory,
    Leave,
    LeaveBalance,
    LeavePolicy,
    Member,
    Project,
    Task,
    TaskAssignee,
    TimeEntry,
    TimeRequest,
    Timesheet,
    Viewer,
    Webhook,
    Workspace,
)
from dashboard.webwork.records.parsing import Json, as_mapping
from dashboard.webwork.resources.base import segment
from dashboard.webwork.transport.budget import Priority

from .models import WebworkConnection
from .shapes import (
    DATE,
    DISPLAY_DATE,
    ID,
    INTEGER,
    LIST,
    MOMENT,
    NUMBER,
    TEXT,
    ConnectionCheck,
    Field,
    From,
    Operation,
    Outcome,
    Params,
    decoded,
    fields,
    inspect,
    rate_limit_headers,
)
from .tokens import ConnectionTokens

PER_PAGE = 3
Record = Callable[[Json], object]
Sources = tuple[From, ...]


def listing(path: str, needs: tuple[Field, ...], record: Record, **kw: Any) -> Operation:
    return Operation(f"GET {path}", path, needs, record, **kw)


def one(
    path: str, needs: tuple[Field, ...], record: Record, *, of: str, also: Sources = (), **kw: Any
) -> Operation:
    """A per-item read: ``{id}`` in ``path`` is the first id the list ``of`` answered."""
    sources = (From("{id}", of), *also)
    return Operation(f"GET {path}", path, needs, record, "object", False, sources=sources, **kw)


def by_id(path: str, needs: tuple[Field, ...], record: Record, **kw: Any) -> Operation:
    """The list ``path`` filtered by the id of its own first item (``?id=``)."""
    sources = (From("id", f"GET {path}"),)
    return Operation(f"GET {path}?id=", path, needs, record, sources=sources, **kw)


def report(path: str, needs: tuple[Field, ...], params: Params, paged: bool = True) -> Operation:
    return Operation(f"GET {path}", path, needs, shape="report", paged=paged, params=params)


def _recent(today: date) -> dict[str, Any]:
    return {"start_date": today - timedelta(days=7), "end_date": today - timedelta(days=1)}


def _last_weekday(today: date) -> dict[str, Any]:
    day = today - timedelta(days=1)
    while day.weekday() >= 5:  # a day people work, so that there is something to read
        day -= timedelta(days=1)
    return {"date": day}


def _this_year(today: date) -> dict[str, Any]:
    return {"date_from": date(today.year, 1, 1), "date_to": date(today.year, 12, 31)}


def _a_year_back(today: date) -> dict[str, Any]:
    return {"date_from": today - timedelta(days=365), "date_to": today + timedelta(days=31)}


# What each record needs (records/workspace.py, approvals.py, work.py), then the report rows as
# ``report_rows`` flattens them and ``dashboard/reports`` reads them.
WORKSPACE = fields(("id", INTEGER), (("workspace_name", "name"), TEXT), ("role", TEXT))
MEMBER = fields(("id", INTEGER), ("email", TEXT), (("current_role", "role"), TEXT))
MEMBER += fields(("status", TEXT))
PROJECT = fields(("id", INTEGER), ("name", TEXT))
VIEWER = fields(("id", INTEGER), ("email", TEXT), ("projects", LIST))
VIEWER += fields(("projects[].project_id", INTEGER))
CONTRACT = fields(("id", INTEGER), ("project_id", INTEGER), ("user_id", INTEGER))
CONTRACT += fields(("status", TEXT))
TIMESHEET = fields(("id", ID), ("status", TEXT), ("user_id", INTEGER))
TIMESHEET += fields(("date_from", DATE), ("date_to", DATE))
TIMESHEET += fields((("total_minutes", "total_hours"), NUMBER))
TIME_REQUEST = fields(("id", ID), ("status", TEXT), ("user_id", INTEGER))
TIME_REQUEST += fields(("start", MOMENT), ("end", MOMENT))
LEAVE = fields(("id", ID), ("status", TEXT), ("user_id", INTEGER))
LEAVE += fields((("start_date", "start"), DATE), (("end_date", "end"), DATE))
LEAVE_BALANCE = fields(("user_id", INTEGER), ("user_name", TEXT), ("leave_information", LIST))
LEAVE_POLICY = fields(("id", INTEGER), ("name", TEXT))
WEBHOOK = fields(("id", ID), ("url", TEXT), ("events", LIST))
TASK = fields(("id", INTEGER), ("title", TEXT), ("status", INTEGER))
ASSIGNEE = fields(("id", INTEGER))
TIME_ENTRY = fields(("id", ID), ("start_time", MOMENT), ("end_time", MOMENT), ("method", TEXT))
TRACKING = fields(("user_id", INTEGER), ("total_minutes", INTEGER))
EXPENSE = fields(("id", ID), (("expense_name", "name"), TEXT), ("amount", NUMBER))
EXPENSE += fields((("date", "expense_date"), DISPLAY_DATE))
CATEGORY = fields(("id", ID), ("name", TEXT))
NAMED_ROW = fields(("user_id", INTEGER), ("user_name", TEXT))
DAY_ROW = fields(("user_id", INTEGER), ("date", DATE), ("total_minutes", INTEGER))
# records/pages.py: ``all()`` and every pager follow ``last_page``.
PAGINATION = fields(
    ("total", INTEGER), ("per_page", INTEGER), ("current_page", INTEGER), ("last_page", INTEGER)
)

# Reference: NOTES.md §4, and records/work.py for expenses: what only one doc variant sends.
TIMESHEET_SIGNS = (
    ("total_minutes", None, "api"),
    ("member", None, "api"),
    ("daily_breakdown", None, "api"),
    ("status", "pending", "api"),
    ("total_hours", None, "v2"),
    ("status", "open", "v2"),
)
TIME_REQUEST_SIGNS = (("activity_description", None, "api"), ("notes", None, "v2"))
EXPENSE_SIGNS = (("date", None, "api"), ("user_id", None, "api"))
# Tasks are read within a project; a member with a contract is one who tracks time.
IN_PROJECT = (From("project_id", "GET /projects"),)
TRACKER = (From("user_id", "GET /contracts", "user_id"),)

OPERATIONS: tuple[Operation, ...] = (
    listing("/workspaces", WORKSPACE, Workspace.from_json, workspace=False),
    listing("/members", MEMBER, Member.from_json),
    one("/members/{id}", MEMBER, Member.from_json, of="GET /members"),
    listing("/projects", PROJECT, Project.from_json),
    one("/projects/{id}", PROJECT, Project.from_json, of="GET /projects"),
    listing("/project-viewers", VIEWER, Viewer.from_json),
    one("/project-viewers/{id}", VIEWER, Viewer.from_json, of="GET /project-viewers"),
    listing("/contracts", CONTRACT, Contract.from_json),
    one("/contracts/{id}", CONTRACT, Contract.from_json, of="GET /contracts"),
    listing("/tasks", TASK, Task.from_json, sources=IN_PROJECT),
    one("/tasks/{id}", TASK, Task.from_json, of="GET /tasks", also=IN_PROJECT),
    listing(
        "/tasks/{id}/assignees",
        ASSIGNEE,
        TaskAssignee.from_json,
        paged=False,
        sources=(From("{id}", "GET /tasks"), *IN_PROJECT),
    ),
    listing(
        "/time-entries", TIME_ENTRY, TimeEntry.from_json, params=_last_weekday, sources=TRACKER
    ),
    Operation(
        "GET /time-tracking/current-data",
        "/time-tracking/current-data",
        TRACKING,
        CurrentTracking.from_json,
        shape="object",
        paged=False,
        sources=TRACKER,
    ),
    listing("/timesheets", TIMESHEET, Timesheet.from_json, signs=TIMESHEET_SIGNS),
    by_id("/timesheets", TIMESHEET, Timesheet.from_json, signs=TIMESHEET_SIGNS),
    listing(
        "/time-requests",
        TIME_REQUEST,
        TimeRequest.from_json,
        params=_a_year_back,
        signs=TIME_REQUEST_SIGNS,
    ),
    one(
        "/time-requests/{id}",
        TIME_REQUEST,
        TimeRequest.from_json,
        of="GET /time-requests",
        signs=TIME_REQUEST_SIGNS,
    ),
    listing("/leaves", LEAVE, Leave.from_json),
    by_id("/leaves", LEAVE, Leave.from_json),
    listing("/leaves/balances", LEAVE_BALANCE, LeaveBalance.from_json, params=_this_year),
    listing("/leaves/policies", LEAVE_POLICY, LeavePolicy.from_json, paged=False),
    listing("/expenses", EXPENSE, Expense.from_json, params=_a_year_back, signs=EXPENSE_SIGNS),
    by_id("/expenses", EXPENSE, Expense.from_json, signs=EXPENSE_SIGNS),
    listing("/expenses/categories", CATEGORY, ExpenseCategory.from_json, paged=False),
    listing("/webhooks", WEBHOOK, Webhook.from_json),
    one("/webhooks/{id}", WEBHOOK, Webhook.from_json, of="GET /webhooks"),
    report("/reports/tracked-hours", DAY_ROW, _recent, paged=False),
    report("/reports/daily-timeline", (*NAMED_ROW, *fields(("entries", LIST))), _last_weekday),
    report("/reports/task-report", (*NAMED_ROW, *fields(("tasks_breakdown", LIST))), _recent),
    report(
        "/reports/activity-level",
        (*NAMED_ROW, *fields(("total_minutes", INTEGER), ("days", LIST))),
        _recent,
    ),
    report(
        "/reports/daily-attendance",
        (*NAMED_ROW, *fields(("statuses", LIST), ("tracked_minutes", INTEGER))),
        _last_weekday,
    ),
    report("/reports/activity-descriptions", DAY_ROW, _recent),
)


def connection_client(connection: WebworkConnection, priority: Priority) -> WebworkClient:
    """The connection's client, paced by its budget but not held to one page's deadline: at
    WebWork's 60 a minute the whole check takes about 40 seconds."""
    tokens = ConnectionTokens(connection)
    client = WebworkClient(tokens, connection.workspace_id, for_page=False)
    return client.background() if priority == "background" else client


def check_connection(
    connection: WebworkConnection,
    *,
    priority: Priority = "background",
    today: date | None = None,
) -> ConnectionCheck:
    """Read each operation once with ``connection``; stops early if WebWork refuses the token,
    does not answer, or the request budget runs out (the rest is then marked as not tried)."""
    client = connection_client(connection, priority)
    today = today or timezone.localdate()
    outcomes: list[Outcome] = []
    firsts: dict[str, Json] = {}
    stop = ""
    for operation in OPERATIONS:
        outcome = Outcome(operation)
        outcomes.append(outcome)
        if stop:
            outcome.note = stop
            continue
        try:
            _read(client, outcome, firsts, today)
        except WebworkError as exc:
            outcome.status, outcome.error = exc.status, exc.message
            # A refused token, a spent budget or a WebWork that does not answer at all (no
            # status: a timeout or a refused connection) would fail every other read the same way.
            silent = isinstance(exc, WebworkUnavailable) and exc.status is None
            if silent or isinstance(exc, WebworkAuthError | WebworkRateLimited):
                stop = f"not tried: {exc.message}"
        if outcome.first_item is not None:
            firsts[operation.name] = outcome.first_item
    return ConnectionCheck(outcomes)


def _read(client: WebworkClient, outcome: Outcome, firsts: dict[str, Json], today: date) -> None:
    op = outcome.operation
    if op.workspace and client.workspace_id is None:
        outcome.note = "not tried: no workspace is chosen"
        return
    path, params, asked = op.path, op.params(today), None
    for source in op.sources:
        value = as_mapping(firsts.get(source.operation)).get(source.field)
        if not ID.accepts(value):
            outcome.note = f"not tried: {source.operation} listed no item to read"
            return
        if source.target == "{id}":
            path = path.replace("{id}", segment(str(value)))
        else:
            params[source.target] = value
        if source.target == "id":
            asked = str(value)
    if op.paged:
        params |= {"page": 1, "per_page": PER_PAGE}
    answer = client.raw_get(path, params, workspace=op.workspace)
    outcome.status, outcome.rate_limit = answer.status, rate_limit_headers(answer.headers)
    inspect(outcome, decoded(answer.content), PAGINATION, asked=asked)
