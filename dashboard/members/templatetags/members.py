"""``{% member_tr row %}``: a member's row of the members list (``members.rows``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from dashboard.core.rows import context_values

from .. import rows
from ..roster import Row

register = template.Library()


@register.simple_tag(takes_context=True)
def member_tr(context: Any, row: Row) -> SafeString:
    shared = context_values(context, back="", may_manage=False, refocus=False)
    return rows.member_tr(row, **shared)
