"""The inbox at ``/`` and everything else under ``/approvals/``, generated from ``KINDS``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.urls import URLPattern, include, path, re_path

from . import views
from .kinds import KINDS, Kind

app_name = "approvals"


def kind_patterns(kinds: Iterable[Kind[Any]]) -> list[URLPattern]:
    """Each kind's list and its decisions; the view is given the kind."""
    patterns = []
    for kind in kinds:
        slug, verbs = re.escape(kind.slug), "|".join(map(re.escape, kind.verbs))
        patterns += [
            path(f"{kind.slug}/", views.approval_list, {"kind": kind}, name=kind.url_name),
            re_path(
                rf"^(?P<slug>{slug})/(?P<item_id>[^/]+)/(?P<verb>{verbs})/$",
                views.decide,
                {"kind": kind},
                name="decide",
            ),
        ]
    return patterns


def missing_patterns() -> list[URLPattern]:
    """The chase list: who has not submitted a week's timesheet, and what to do about it."""
    return [
        path("missing/", views.missing_list, name="missing"),
        path("missing/remind/", views.missing_remind, name="missing_remind"),
        path("missing/submit/", views.missing_submit, name="missing_submit"),
        path("missing/template/", views.missing_template, name="missing_template"),
        path("missing/schedule/", views.missing_schedule, name="missing_schedule"),
    ]


def approval_patterns(kinds: Iterable[Kind[Any]]) -> list[Any]:
    return [
        path("", views.inbox, name="inbox"),
        path(
            "approvals/",
            include(
                [
                    *kind_patterns(kinds),
                    path(
                        "timesheets/<str:item_id>/",
                        views.timesheet_review,
                        name="timesheet_review",
                    ),
                    path("leaves/<str:item_id>/", views.leave_review, name="leave_review"),
                    path(
                        "time-requests/<str:item_id>/",
                        views.time_request_review,
                        name="time_request_review",
                    ),
                    *missing_patterns(),
                    path("bulk/", views.bulk, name="bulk"),
                    path("jobs/<uuid:job_id>/", views.job_detail, name="job"),
                    path("jobs/<uuid:job_id>/cancel/", views.job_cancel, name="job_cancel"),
                    path("jobs/<uuid:job_id>/retry/", views.job_retry, name="job_retry"),
                ]
            ),
        ),
    ]


urlpatterns = approval_patterns(KINDS.values())
