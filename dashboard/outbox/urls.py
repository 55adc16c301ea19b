from __future__ import annotations

from django.urls import path

from . import views

app_name = "outbox"

urlpatterns = [
    path("", views.outbox_list, name="list"),
]
