"""``{% contract_tr row %}``: a contract's row of the assignments table (``assignments.rows``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from .. import rows
from ..hours import ContractRow

register = template.Library()


@register.simple_tag(takes_context=True)
def contract_tr(context: Any, row: ContractRow) -> SafeString:
    return rows.contract_tr(row, **rows.context_flags(context))
