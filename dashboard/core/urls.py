from __future__ import annotations

from django.urls import path

from dashboard.approvals.views import inbox

app_name = "core"

urlpatterns = [
    path("", inbox, name="inbox"),
]
