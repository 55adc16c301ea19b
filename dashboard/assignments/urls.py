from __future__ import annotations

from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("new/", views.contract_new, name="new"),
    path("<int:contract_id>/edit/", views.contract_edit, name="edit"),
    path("<int:contract_id>/pause/", views.contract_pause, name="pause"),
    path("<int:contract_id>/resume/", views.contract_resume, name="resume"),
]
