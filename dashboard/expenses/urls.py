from __future__ import annotations

from django.urls import path

from . import editing, views

app_name = "expenses"

urlpatterns = [
    path("", views.expense_list, name="list"),
    path("categories/", views.category_list, name="categories"),
    path("new/", editing.expense_new, name="new"),
    path("<str:expense_id>/edit/", editing.expense_edit, name="edit"),
    path("<str:expense_id>/delete/", editing.expense_delete, name="delete"),
]
