"""``{% contract_tr row %}``: a contract's row of the assignments table (``assignments.rows``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from dashboard.core.rows import context_values

from .. import rows
from ..hours import ContractRow

register = template.Library()


@register.simple_tag(takes_context=True)
def contract_tr(context: Any, row: ContractRow) -> SafeString:
    shared = context_values(
        context,
        by="project",
        show_rates=False,
        hours_shown=False,
        back="",
        csrf_token="",
        refocus=False,
    )
    return rows.contract_tr(row, **shared)
