from __future__ import annotations

from django.urls import path

from dashboard.core.views import not_built

app_name = "approvals"

urlpatterns = [
    path("timesheets/", not_built, {"area": "Timesheet approvals"}, name="timesheets"),
    path("leaves/", not_built, {"area": "Leave approvals"}, name="leaves"),
    path("time-requests/", not_built, {"area": "Time-request approvals"}, name="time_requests"),
    path("jobs/<int:job_id>/", not_built, {"area": "Bulk job"}, name="job"),
]
