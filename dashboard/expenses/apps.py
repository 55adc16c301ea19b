from __future__ import annotations

from django.apps import AppConfig


class ExpensesConfig(AppConfig):
    name = "dashboard.expenses"
    label = "expenses"
