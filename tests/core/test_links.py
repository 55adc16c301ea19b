"""Row URLs reversed once per URL name answer what ``reverse`` answers."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from dashboard.core.links import ITEM, item_url


@pytest.mark.parametrize(
    ("name", "item_id"),
    [
        ("projects:detail", 42),  # an id that must be a number
        ("members:edit", "17"),
        ("approvals:leave_review", "lv-1"),  # an opaque id
        ("approvals:leave_review", "a b?c&d"),  # one that needs quoting
    ],
)
def test_a_row_url_is_what_reverse_answers(name, item_id):
    assert item_url(name, (ITEM,), item_id) == reverse(name, args=[item_id])
    assert item_url(name, (ITEM,), item_id) == reverse(name, args=[item_id])  # once reversed


def test_an_id_a_url_does_not_take_is_refused_as_reverse_refuses_it():
    item_url("projects:detail", (ITEM,), 1)
    with pytest.raises(NoReverseMatch):
        item_url("projects:detail", (ITEM,), "not-a-number")
