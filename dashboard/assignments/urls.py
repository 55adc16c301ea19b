from __future__ import annotations

from django.urls import path

from dashboard.core.views import not_built

app_name = "assignments"

urlpatterns = [
    path("", not_built, {"area": "Project assignments"}, name="list"),
]
