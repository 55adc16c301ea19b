"""A contract's row of the assignments table, written in Python: a page shows twenty or more,
and each through the template language cost more CPU than the rest of the page."""

from __future__ import annotations

from urllib.parse import quote

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString

from dashboard.core.links import ITEM, item_url
from dashboard.core.rows import esc

from .hours import ContractRow


def contract_tr(
    row: ContractRow,
    *,
    by: str,
    show_rates: bool,
    hours_shown: bool,
    back: str,
    csrf_token: str,
    refocus: bool = False,
) -> SafeString:
    """What ``assignments/_row.html`` shows for one contract."""
    c, week = row.contract, row.week
    level, limit, hours = week.level, week.limit, week.hours
    user, project = esc(c.user_name), esc(c.project_name)
    if by == "project":
        who = (
            f'<bdi>{user}</bdi><span class="matrix-email">{esc(c.user_role or "No role")} · '
            f"<bdi>{esc(c.user_email)}</bdi></span>"
        )
    else:
        role = esc(c.user_role or "no role")
        who = f'<bdi>{project}</bdi><span class="matrix-email">as {role}</span>'
    cells = [f'<th scope="row">\n    {who}\n  </th>']
    if show_rates:
        if c.rate is not None:
            rate = (
                f"{esc(floatformat(c.rate, 2))} {esc(c.currency or '')}"
                f'<span class="matrix-email">{esc(row.rate_type_label)}</span>'
            )
        else:
            rate = '<span class="muted">—</span>'
        cells.append(f'<td class="num rate">{rate}</td>')
    cells.append(f'<td class="num">{f"{esc(limit)} h" if limit is not None else "No limit"}</td>')
    if hours_shown:
        top = esc(str(week.meter_max))
        low = round(week.meter_max / 10 * 8) if week.meter_max else 0
        note = {
            "over": '<span class="hours-note limit-flag">At or over the weekly limit</span>',
            "near": '<span class="hours-note limit-flag">Near the weekly limit</span>',
        }.get(level, "")
        of = f" of {esc(limit)}" if limit is not None else ""
        cells.append(
            '<td>\n    <div class="hours">\n'
            f'      <meter min="0" max="{top}" low="{low}" high="{top}" optimum="0"'
            f' value="{esc(str(hours))}" aria-label="Hours this week against the limit">'
            f"{esc(hours)} h</meter>\n"
            f'      <span class="num">{esc(hours)} h{of}</span>\n'
            f"      {note}\n    </div>\n  </td>"
        )
    cells.append(f"<td>{esc(row.screenshots_label or '—')}</td>")
    pill = (
        '<span class="pill pill-paused">Paused</span>'
        if c.is_paused
        else '<span class="pill pill-active">Active</span>'
    )
    cells.append(f"<td>{pill}</td>")
    verb = "Resume" if c.is_paused else "Pause"
    toggle = item_url(f"assignments:{verb.lower()}", (ITEM,), c.id)
    edit = item_url("assignments:edit", (ITEM,), c.id)
    back_html = esc(back)
    flags = "".join(
        f'<input type="hidden" name="{name}" value="{"1" if on else ""}">'
        for name, on in (("rates", show_rates), ("hours", hours_shown))
    )
    focus = " data-autofocus" if refocus else ""
    cells.append(
        '<td class="row-actions">\n'
        f'    <a class="button ghost" href="{esc(edit)}?next={esc(quote(back, safe="/"))}"'
        f' aria-label="Edit {user} on {project}">Edit</a>\n    \n'
        f'    <form method="post" action="{esc(toggle)}" hx-post="{esc(toggle)}"'
        ' hx-target="closest tr">\n'
        f'      <input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">'
        f'<input type="hidden" name="next" value="{back_html}">'
        f'<input type="hidden" name="by" value="{esc(by)}">{flags}\n'
        f'      <button type="submit" class="button" aria-label="{verb} {user} on {project}"'
        f"{focus}>{verb}</button>\n    </form>\n  </td>"
    )
    classes = f' class="is-{esc(level)}"' if level else ""
    return SafeString(
        f'<tr id="contract-{esc(c.id)}"{classes}>\n  ' + "\n  ".join(cells) + "\n</tr>\n"
    )
