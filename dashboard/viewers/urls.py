from __future__ import annotations

from django.urls import path

from dashboard.core.views import not_built

app_name = "viewers"

urlpatterns = [
    path("", not_built, {"area": "Client viewers"}, name="list"),
    path("new/", not_built, {"area": "Invite a viewer"}, name="new"),
    path("access/", not_built, {"area": "Access review"}, name="access"),
    path("<int:viewer_id>/", not_built, {"area": "Client viewer"}, name="detail"),
]
