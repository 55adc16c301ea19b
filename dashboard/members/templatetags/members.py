"""``{% member_tr row %}``: a member's row of the members list (``members.rows``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from .. import rows
from ..roster import Row

register = template.Library()


@register.simple_tag(takes_context=True)
def member_tr(context: Any, row: Row) -> SafeString:
    return rows.member_tr(row, **rows.context_flags(context))
