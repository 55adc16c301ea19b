"""The list rows of each kind, written out in Python from the strings its ``row()`` made.

A list shows up to 100 rows, and through the template language each cell of a row costs more
than the rest of the row together (as the inbox's rows, ``inbox.inbox_tr``). The markup is the
same as the templates wrote it: a timesheet is a ``<tbody>`` (its daily breakdown follows its
row), leave and a time request a ``<tr>``.
"""

from __future__ import annotations

from django.utils.safestring import SafeString

from dashboard.core.rows import esc

from .rows import Row


def _select(row: Row, label: str, may_decide: bool) -> str:
    if not may_decide:
        return ""
    disabled = "" if row.get("waiting") else " disabled"
    return (
        f'<td class="select"><input type="checkbox" name="items" value="{esc(row.get("key", ""))}"'
        f' form="bulk-form" data-key-select aria-label="{esc(label)}"{disabled}></td>'
    )


def _opening(row: Row, decided: bool, more: str = "") -> str:
    """A row's attributes as the templates wrote them (``more`` after its id)."""
    mark = " data-decided" if decided else ""
    return (
        f'id="{esc(row.get("ref", ""))}"{more} data-row data-kind="{esc(row.get("kind", ""))}"'
        f' data-name="{esc(row.get("name", ""))}" tabindex="-1"{mark}'
    )


def _status(row: Row, reason: str = "") -> str:
    status, text = esc(row.get("status", "")), esc(row.get("status_text", ""))
    pill = f'<span class="pill pill-{status}">{text}</span>'
    if reason:
        pill += f'<br><small class="muted" dir="auto">{esc(reason)}</small>'
    return f"<td>{pill}</td>"


def _decide(row: Row, may_decide: bool) -> str:
    return f'<td class="row-actions">{esc(row.get("decide", ""))}</td>' if may_decide else ""


def sheet_tbody(row: Row, *, may_decide: bool, decided: bool = False) -> SafeString:
    """A timesheet's ``<tbody>``: its row, and its daily breakdown when it is open."""
    label = esc(row.get("label", ""))
    member = esc(row.get("link", ""))
    if row.get("projects"):
        member += f' <small class="muted projects">{esc(row.get("projects", ""))}</small>'
    days_id = f"days-{esc(row.get('id', ''))}"
    hidden = f'<span class="visually-hidden"> of {label}</span>'
    href = f"{esc(row.get('days_url', ''))}#{esc(row.get('ref', ''))}"
    if row.get("days"):
        member += (
            f'\n      <a class="expand" role="button" href="{href}" data-expand'
            f' aria-expanded="true" aria-controls="{days_id}">Days{hidden}</a>'
        )
    elif row.get("days_url"):
        member += (
            f'\n      <a class="expand" role="button" href="{href}"'
            f' hx-get="{esc(row.get("days_url", ""))}" hx-target="closest tbody"'
            ' hx-swap="beforeend"'
            f' hx-trigger="click once" data-expand aria-expanded="false"'
            f' data-days="{days_id}">Days{hidden}</a>'
        )
    cells = [
        _select(row, f"Select {row.get('label', '')}", may_decide),
        f'<th scope="row">\n      {member}\n    </th>',
        f'<td class="nowrap">{esc(row.get("period", ""))}</td>',
        f'<td class="num">{esc(row.get("hours", ""))}</td>',
        f'<td class="num">{esc(row.get("amount", ""))}</td>',
        _status(row, row.get("reject_reason", "")),
        f'<td class="nowrap">{esc(row.get("submitted", ""))}</td>',
        _decide(row, may_decide),
    ]
    body = "\n    ".join(cell for cell in cells if cell)
    days = sheet_days(row, may_decide=may_decide) if row.get("days") else ""
    opening = _opening(row, decided, ' class="sheet"')
    return SafeString(f"<tbody {opening}>\n  <tr>\n    {body}\n  </tr>\n{days}</tbody>\n")


def sheet_days(row: Row, *, may_decide: bool) -> SafeString:
    """A timesheet's daily breakdown: a row of the sheet's ``<tbody>``."""
    lines = "".join(
        f"          <tr><td>{esc(day)}</td><td><bdi>{esc(project)}</bdi></td>"
        f'<td class="num">{esc(hours)}</td><td class="num">{esc(amount)}</td></tr>\n'
        for day, project, hours, amount in row.get("days") or ()
    )
    return SafeString(
        f'  <tr id="days-{esc(row.get("id", ""))}" class="breakdown" data-breakdown>\n'
        + ("    <td></td>\n" if may_decide else "")
        + f'    <td colspan="{7 if may_decide else 6}">\n      <table class="days">\n'
        f'        <caption class="visually-hidden">Daily breakdown of'
        f" <bdi>{esc(row.get('member', ''))}</bdi>'s timesheet</caption>\n"
        '        <thead><tr><th scope="col">Day</th><th scope="col">Project</th>'
        '<th scope="col" class="num">Hours</th><th scope="col" class="num">Amount</th>'
        "</tr></thead>\n        <tbody>\n"
        f"{lines}        </tbody>\n      </table>\n    </td>\n  </tr>\n"
    )


def leave_tr(row: Row, *, may_decide: bool, decided: bool = False) -> SafeString:
    """A leave request's ``<tr>``."""
    policy, paid = esc(row.get("policy", "")), esc(row.get("paid", ""))
    policy = f'<bdi>{policy}</bdi> <span class="muted">{paid}</span>'
    if row.get("note"):
        policy += f'<br><small class="muted" dir="auto">{esc(row.get("note", ""))}</small>'
    balance = esc(row.get("balance", ""))
    if row.get("below_zero"):
        balance += f'<br><span class="flag flag-below-zero">{esc(row.get("below_zero", ""))}</span>'
    cells = [
        _select(row, row.get("select", ""), may_decide),
        f'<th scope="row">{esc(row.get("link", ""))}</th>',
        f"<td>{policy}</td>",
        f"<td>{esc(row.get('dates', ''))}</td>",
        f'<td class="num">{esc(row.get("days", ""))}</td>',
        f'<td dir="auto">{balance}</td>',
        _status(row, row.get("reject_reason", "")),
        _decide(row, may_decide),
    ]
    body = "\n  ".join(cell for cell in cells if cell)
    return SafeString(f"<tr {_opening(row, decided)}>\n  {body}\n</tr>\n")


def request_tr(row: Row, *, may_decide: bool, decided: bool = False) -> SafeString:
    """A time request's ``<tr>``."""
    notes = f'<span dir="auto">{esc(row.get("notes", ""))}</span>'
    if row.get("comment"):
        comment = esc(row.get("comment", ""))
        notes += f'<br><small class="muted">Comment: <bdi>{comment}</bdi></small>'
    when, summary = esc(row.get("when", "")), esc(row.get("summary", ""))
    cells = [
        _select(row, f"Select {row.get('label', '')}", may_decide),
        f'<th scope="row">{esc(row.get("link", ""))}</th>',
        f'<td>{when}<br><span class="muted"><bdi>{summary}</bdi></span></td>',
        f"<td>{notes}</td>",
        _status(row),
        _decide(row, may_decide),
    ]
    body = "\n  ".join(cell for cell in cells if cell)
    return SafeString(f"<tr {_opening(row, decided)}>\n  {body}\n</tr>\n")
