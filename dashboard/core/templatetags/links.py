"""``{% id_url "members:edit" m.id %}``: ``{% url %}`` for the rows of a list (``core.links``)."""

from __future__ import annotations

from django import template

from dashboard.core.links import ITEM, item_url

register = template.Library()


@register.simple_tag
def id_url(name: str, item_id: object) -> str:
    """The URL ``name`` of one item, by its id: what ``{% url name item_id %}`` answers."""
    return item_url(name, (ITEM,), item_id)
