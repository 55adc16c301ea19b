"""A member's row of the members list, written in Python: a page shows twenty or more, and each
through the template language cost more CPU than the rest of the page."""

from __future__ import annotations

from urllib.parse import quote

from django.utils.html import escapejs
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from dashboard.core.links import ITEM, item_url
from dashboard.core.rows import esc

from .roster import Row


def _url(name: str, member_id: int) -> str:
    return esc(item_url(name, (ITEM,), member_id))


def member_tr(row: Row, *, back: str, may_manage: bool, refocus: bool = False) -> SafeString:
    """What ``members/_row.html`` shows for one member."""
    m = row.member
    name = esc(m.name)
    title = f'\n    <span class="member-title" dir="auto">{esc(m.title)}</span>' if m.title else ""
    if row.archived:
        status = '<span class="pill pill-archived">Archived</span>'
    elif m.status == "active":
        status = '<span class="pill pill-active">Active</span>'
    elif m.status:
        status = f'<span class="pill">{esc(capfirst(m.status))}</span>'
    else:
        status = '<span class="pill">Unknown</span>'
    if row.offboarding and not row.archived:
        status += (
            f'\n      <a class="offboarding-note" href="{_url("members:offboard", m.id)}">'
            f"Offboarding: step {esc(row.offboarding.step)} of 3"
            f'<span class="visually-hidden"> for <bdi>{name}</bdi></span></a>'
        )
    team = f"<bdi>{esc(m.team_name)}</bdi>" if m.team_name else '<span class="muted">No team</span>'
    projects = (
        "".join(
            f'<span class="tag{" tag-paused" if work.paused else ""}" dir="auto">{esc(work.name)}'
            f"{' <span class="muted">(paused)</span>' if work.paused else ''}</span>"
            for work in row.projects
        )
        or '<span class="muted">None</span>'
    )
    limit = f"{esc(row.limit)} h" if row.limit is not None else "No limit"
    rates = {"shown": "Shown", "hidden": "Hidden"}.get(
        row.rates, '<span class="muted">Not told</span>'
    )
    cells = [
        '<th scope="row" data-label="Name">\n'
        f'    <span class="member-name"><bdi>{name}</bdi></span>\n'
        f'    <span class="member-email"><bdi>{esc(m.email)}</bdi></span>{title}\n  </th>',
        f'<td data-label="Role">{esc(m.role or "—")}</td>',
        f'<td data-label="Status">\n    {status}\n  </td>',
        f'<td data-label="Team">{team}</td>',
        f'<td data-label="Projects" class="member-projects">{projects}</td>',
        f'<td data-label="Weekly limit" class="num">{limit}</td>',
        f'<td data-label="Rates">{rates}</td>',
    ]
    if may_manage:
        cells.append(
            '<td class="row-actions" data-label="Actions"><div class="member-actions">'
            f"{_actions(row, back, refocus)}</div></td>"
        )
    archived = " is-archived" if row.archived else ""
    return SafeString(
        f'<tr id="member-{esc(m.id)}" class="member-row{archived}">\n  '
        + "\n  ".join(cells)
        + "\n</tr>\n"
    )


def _actions(row: Row, back: str, refocus: bool) -> str:
    m = row.member
    if row.archived:
        return '\n      <span class="muted">Restore in WebWork</span>\n    '
    name, next_q = esc(m.name), esc(quote(back, safe="/"))
    edit = _url("members:edit", m.id)
    focus = " data-autofocus" if refocus else ""
    found = [
        f'<a class="button ghost" href="{edit}?next={next_q}" hx-get="{edit}?next={next_q}"'
        f' hx-target="closest tr" aria-label="Change {name}"{focus}>Change</a>'
    ]
    if m.is_owner:
        found.append('<span class="muted owner-note">Workspace owner</span>')
    else:
        resume = "Resume offboarding" if row.offboarding else "Offboard"
        archive = _url("members:archive", m.id)
        found.append(
            f'<a class="button ghost" href="{_url("members:offboard", m.id)}"'
            f' aria-label="{resume} {name}">{resume}</a>'
        )
        vals = '{"next": "' + str(escapejs(back)) + '"}'  # escapejs leaves no quote or bracket
        found.append(
            f'<a class="button ghost" href="{archive}?next={next_q}" hx-post="{archive}"'
            f' hx-vals=\'{vals}\' hx-target="closest tr" hx-confirm="Archive {name}? They lose'
            ' access to the workspace, and only WebWork itself can restore them."'
            f' aria-label="Archive {name}">Archive</a>'
        )
    return "\n      " + "\n      ".join(found) + "\n    "
