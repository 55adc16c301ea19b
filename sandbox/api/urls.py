"""Routes of the WebWork API v2 (mounted under ``/api/v2/``)."""

from __future__ import annotations

from django.urls import path

from sandbox.api.operation import methods
from sandbox.api.views import (
    contracts,
    expenses,
    leaves,
    org,
    projects,
    reports_day,
    reports_range,
    tasks,
    time_entries,
    time_requests,
    time_tracking,
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
    path("tasks", methods(GET=tasks.list_tasks, POST=tasks.create_task)),
    path(
        "tasks/<str:task_id>",
        methods(GET=tasks.get_task, PUT=tasks.update_task, DELETE=tasks.delete_task),
    ),
    path("tasks/<str:task_id>/assignees", methods(GET=tasks.task_assignees)),
    path("tasks/<str:task_id>/assign/<str:user_id>", methods(POST=tasks.assign_task)),
    path("tasks/<str:task_id>/unassign/<str:user_id>", methods(DELETE=tasks.unassign_task)),
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
    path("time-tracking/start", methods(POST=time_tracking.start_tracking)),
    path("time-tracking/stop", methods(POST=time_tracking.stop_tracking)),
    path("time-tracking/current-data", methods(GET=time_tracking.current_data)),
    path(
        "time-entries",
        methods(GET=time_entries.list_time_entries, POST=time_entries.create_time_entry),
    ),
    path(
        "time-entries/<str:time_entry_id>",
        methods(PUT=time_entries.update_time_entry, DELETE=time_entries.delete_time_entry),
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
    path("leaves", methods(GET=leaves.list_leaves, POST=leaves.create_leave)),
    path("leaves/balances", methods(GET=leaves.leave_balances)),
    path("leaves/policies", methods(GET=leaves.leave_policies)),
    path("leaves/<str:leave_id>/approve", methods(PUT=leaves.approve_leave)),
    path("leaves/<str:leave_id>/reject", methods(PUT=leaves.reject_leave)),
    path("expenses", methods(GET=expenses.list_expenses, POST=expenses.create_expense)),
    path("expenses/categories", methods(GET=expenses.list_categories)),
    path(
        "expenses/<str:expense_id>",
        methods(PUT=expenses.update_expense, DELETE=expenses.delete_expense),
    ),
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
