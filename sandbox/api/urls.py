"""Routes of the WebWork API v2 (mounted under ``/api/v2/``)."""

from __future__ import annotations

from django.urls import path

from sandbox.api.operation import methods
from sandbox.api.views import (
    contracts,
    leaves,
    org,
    projects,
    reports_day,
    reports_range,
    time_requests,
    timesheets,
    viewers,
    webhooks,
)

urlpatterns = [
    path("workspaces", methods(GET=org.list_workspaces)),
    path("members", methods(GET=org.list_members, POST=org.invite_member)),
    path(
        "members/<str:member_id>",
        methods(GET=org.get_member, PUT=org.update_member, DELETE=org.archive_member),
    ),
    path("projects", methods(GET=projects.list_projects, POST=projects.create_project)),
    path(
        "projects/<str:project_id>",
        methods(
            GET=projects.get_project,
            PUT=projects.update_project,
            DELETE=projects.archive_project,
        ),
    ),
    path("project-viewers", methods(GET=viewers.list_viewers, POST=viewers.create_viewer)),
    path(
        "project-viewers/<str:viewer_id>",
        methods(GET=viewers.get_viewer, DELETE=viewers.archive_viewer),
    ),
    path("project-viewers/<str:viewer_id>/restore", methods(POST=viewers.restore_viewer)),
    path("project-viewers/<str:viewer_id>/assign-project", methods(POST=viewers.assign_project)),
    path(
        "project-viewers/<str:viewer_id>/unassign-project",
        methods(DELETE=viewers.unassign_project),
    ),
    path("contracts", methods(GET=contracts.list_contracts, POST=contracts.create_contract)),
    path(
        "contracts/<str:contract_id>",
        methods(GET=contracts.get_contract, PUT=contracts.update_contract),
    ),
    path("timesheets", methods(GET=timesheets.list_timesheets)),
    path("timesheets/<str:timesheet_id>/approve", methods(PUT=timesheets.approve_timesheet)),
    path("timesheets/<str:timesheet_id>/reject", methods(PUT=timesheets.reject_timesheet)),
    path("timesheets/<str:timesheet_id>/submit", methods(PUT=timesheets.submit_timesheet)),
    path("timesheets/<str:timesheet_id>/unsubmit", methods(PUT=timesheets.unsubmit_timesheet)),
    path(
        "time-requests",
        methods(GET=time_requests.list_time_requests, POST=time_requests.create_time_request),
    ),
    path("time-requests/<str:request_id>", methods(GET=time_requests.get_time_request)),
    path(
        "time-requests/<str:request_id>/approve",
        methods(POST=time_requests.approve_time_request),
    ),
    path("time-requests/<str:request_id>/reject", methods(POST=time_requests.reject_time_request)),
    path("leaves", methods(GET=leaves.list_leaves)),
    path("leaves/balances", methods(GET=leaves.leave_balances)),
    path("leaves/policies", methods(GET=leaves.leave_policies)),
    path("leaves/<str:leave_id>/approve", methods(PUT=leaves.approve_leave)),
    path("leaves/<str:leave_id>/reject", methods(PUT=leaves.reject_leave)),
    path("webhooks", methods(GET=webhooks.list_webhooks, POST=webhooks.create_webhook)),
    path(
        "webhooks/<str:webhook_id>",
        methods(
            GET=webhooks.get_webhook, PUT=webhooks.update_webhook, DELETE=webhooks.delete_webhook
        ),
    ),
    path("reports/tracked-hours", methods(GET=reports_range.tracked_hours)),
    path("reports/daily-timeline", methods(GET=reports_day.daily_timeline)),
    path("reports/task-report", methods(GET=reports_range.task_report)),
    path("reports/activity-level", methods(GET=reports_range.activity_level)),
    path("reports/daily-attendance", methods(GET=reports_day.daily_attendance)),
    path("reports/activity-descriptions", methods(GET=reports_range.activity_descriptions)),
]
