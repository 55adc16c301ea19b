from __future__ import annotations

from django.urls import path, re_path

from . import views

app_name = "approvals"

urlpatterns = [
    path("timesheets/", views.timesheets, name="timesheets"),
    path("leaves/", views.leaves, name="leaves"),
    path("time-requests/", views.time_requests, name="time_requests"),
    re_path(
        r"^(?P<slug>timesheets|leaves|time-requests)/(?P<item_id>[^/]+)/"
        r"(?P<verb>approve|reject|submit|unsubmit)/$",
        views.decide,
        name="decide",
    ),
    path("bulk/", views.bulk, name="bulk"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="job"),
    path("jobs/<uuid:job_id>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<uuid:job_id>/retry/", views.job_retry, name="job_retry"),
]
