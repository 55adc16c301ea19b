"""URLs of rows, reversed once per URL name: a page of rows asks for hundreds of them, and
Django's URL resolver is slow enough per call to show in a page's CPU time."""

from __future__ import annotations

import re

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

ITEM = "__item__"  # where the item's id goes in ``item_url``'s arguments
DIGITS = "90817263541"  # the same, in a URL whose id must be a number
_PLAIN_ID = re.compile(r"[A-Za-z0-9._~-]+")
_patterns: dict[tuple[str, object, str, tuple[str, ...]], tuple[str, bool]] = {}


def item_url(name: str, args: tuple[str, ...], item_id: object) -> str:
    """``reverse(name, args)`` with ``item_id`` in place of ``ITEM``, reversed once per URL name
    and other arguments."""
    text = str(item_id)
    if _PLAIN_ID.fullmatch(text):  # anything quoting would change goes the long way
        key = (get_script_prefix(), get_urlconf(), name, args)
        found = _patterns.get(key)
        if found is None:
            found = _patterns[key] = _pattern(name, args)
        pattern, numbered = found
        if text.isdigit() or not numbered:
            return pattern.replace(ITEM, text)
    return reverse(name, args=[text if arg == ITEM else arg for arg in args])


def _pattern(name: str, args: tuple[str, ...]) -> tuple[str, bool]:
    """The URL with ``ITEM`` for the id, and whether the id must be a number."""
    try:
        return reverse(name, args=list(args)), False
    except NoReverseMatch:
        numbered = reverse(name, args=[DIGITS if arg == ITEM else arg for arg in args])
        return numbered.replace(DIGITS, ITEM), True
