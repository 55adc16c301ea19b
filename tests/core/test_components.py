"""The shared template components."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    email = forms.EmailField(help_text="Their WebWork address.")


def test_a_fields_help_text_is_what_its_input_is_described_by():
    form = _Form(data={"email": "not an address"})
    form.is_valid()
    html = render_to_string("components/field.html", {"field": form["email"]})
    described_by = re.search(r'aria-describedby="([^"]+)"', html)
    assert described_by is not None
    for target in described_by.group(1).split():
        assert f'id="{target}"' in html
