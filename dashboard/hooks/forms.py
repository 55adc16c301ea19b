"""What is checked before anything is sent to WebWork."""

from __future__ import annotations

from typing import Any

from django import forms

from . import registering


class RegisterForm(forms.Form):
    """Registering asks nothing of the manager: what is checked is the address WebWork will be
    given (``DASHBOARD_URL``), so that a webhook WebWork could never deliver to is not made."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problem = registering.address_problem()
        if problem:
            raise forms.ValidationError(problem, code="address")
        return data
