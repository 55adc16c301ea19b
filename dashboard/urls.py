"""The dashboard's URL map (DESIGN.md §5); every area keeps its own ``urls.py``."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from dashboard.core import views as core_views

urlpatterns = [
    path("", include("dashboard.approvals.urls")),  # the inbox at /, the rest under approvals/
    path("", include("dashboard.accounts.urls")),
    path("viewers/", include("dashboard.viewers.urls")),
    path("members/", include("dashboard.members.urls")),
    path("assignments/", include("dashboard.assignments.urls")),
    path("projects/", include("dashboard.projects.urls")),
    path("expenses/", include("dashboard.expenses.urls")),
    path("reports/", include("dashboard.reports.urls")),
    path("audit/", include("dashboard.audit.urls")),
    path("", include("dashboard.hooks.urls")),  # settings/webhooks/ and hooks/webwork/<key>/
    path("notifications/", include("dashboard.notifications.urls")),
    path("outbox/", include("dashboard.outbox.urls")),
    path("admin/", admin.site.urls),
    path("readyz", core_views.readyz, name="readyz"),
]

handler400 = "dashboard.core.views.bad_request"
handler403 = "dashboard.core.views.permission_denied"
handler404 = "dashboard.core.views.page_not_found"
handler500 = "dashboard.core.views.server_error"
