from __future__ import annotations

from django.urls import path

from dashboard.core.views import not_built

app_name = "reports"

urlpatterns = [
    path("", not_built, {"area": "Reports"}, name="index"),
    path("<slug:kind>/", not_built, {"area": "Reports"}, name="report"),
]
