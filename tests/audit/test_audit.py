from __future__ import annotations

import csv
import io

import pytest

from dashboard.audit.log import audited, recent_reasons, record
from dashboard.audit.models import AuditEntry
from dashboard.webwork.errors import WebworkInvalid
from tests.conftest import HTMX


def _entry(user, **overrides):
    values = {
        "user": user,
        "action": "viewer.archive",
        "outcome": "ok",
        "target": ("viewer", 7, "Ada Lovelace"),
    }
    return record(**{**values, **overrides})


def test_record_keeps_who_what_and_outcome(manager):
    entry = _entry(manager, workspace_id=3, summary={"reason": "Late"}, message="Archived")
    entry.refresh_from_db()
    assert (entry.username, entry.workspace_id, entry.target_id) == ("manager", 3, "7")
    assert entry.summary == {"reason": "Late"}
    assert entry.upstream_message == "Archived"


def test_record_never_keeps_secrets_in_the_summary(manager):
    entry = _entry(manager, summary={"token": "abc", "password": "x", "email": "a@b.test"})
    assert entry.summary == {"email": "a@b.test"}


def test_audited_records_success_with_the_upstream_message(rf, manager):
    request = rf.post("/")
    request.user = manager
    with audited(request, "timesheet.approve", target=("timesheet", "ts-1", "Week 12")) as entry:
        entry.message = "Timesheet approved successfully"
    saved = AuditEntry.objects.get()
    assert saved.outcome == "ok"
    assert saved.upstream_message == "Timesheet approved successfully"


def test_audited_takes_a_target_id_that_exists_only_once_the_upstream_answered(rf, manager):
    request = rf.post("/")
    request.user = manager
    with audited(request, "viewer.invite", target=("viewer", "", "Ada Lovelace")) as entry:
        entry.message, entry.target_id = "Viewer invited", 321
    saved = AuditEntry.objects.get()
    assert (saved.target_type, saved.target_id, saved.target_label) == (
        "viewer",
        "321",
        "Ada Lovelace",
    )


def test_audited_records_an_upstream_failure_and_reraises(rf, manager):
    request = rf.post("/")
    request.user = manager
    with (
        pytest.raises(WebworkInvalid),
        audited(request, "timesheet.reject", summary={"reason": ""}),
    ):
        raise WebworkInvalid("The reason field is required.")
    saved = AuditEntry.objects.get()
    assert saved.outcome == "failed"
    assert saved.upstream_message == "The reason field is required."


def test_the_audit_page_lists_only_the_users_own_entries(manager_client, manager, outsider):
    _entry(manager, target=("viewer", 1, "Mine"))
    _entry(outsider, target=("viewer", 2, "Theirs"))
    html = manager_client.get("/audit/").content.decode()
    assert "Mine" in html
    assert "Theirs" not in html


def test_a_superuser_sees_everyones_entries(owner_client, manager, outsider):
    _entry(manager, target=("viewer", 1, "Mine"))
    _entry(outsider, target=("viewer", 2, "Theirs"))
    html = owner_client.get("/audit/").content.decode()
    assert "Mine" in html and "Theirs" in html


def test_the_audit_page_filters_by_outcome_and_returns_a_partial_for_htmx(manager_client, manager):
    _entry(manager, target=("viewer", 1, "Worked"))
    _entry(manager, target=("viewer", 2, "Broke"), outcome="failed")
    response = manager_client.get("/audit/?outcome=failed", headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "Broke" in html and "Worked" not in html


def test_bad_filter_input_is_reported_not_crashed(manager_client, manager):
    response = manager_client.get("/audit/?date_from=2026-02-10&date_to=2026-02-01")
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert manager_client.get("/audit/?date_from=yesterday&page=abc").status_code == 200


def test_hostile_labels_are_escaped_on_the_page(manager_client, manager):
    _entry(manager, target=("viewer", 1, "<script>alert(1)</script>"))
    html = manager_client.get("/audit/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_csv_export_is_safe_against_formula_injection(manager_client, manager):
    _entry(manager, target=("viewer", 1, '=HYPERLINK("http://evil")'), message="+1 & <b>")
    response = manager_client.get("/audit/?format=csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "time"
    assert rows[1][6] == '\'=HYPERLINK("http://evil")'
    assert rows[1][8] == "'+1 & <b>"


def test_the_csv_export_follows_the_filters(manager_client, manager):
    _entry(manager, target=("viewer", 1, "Worked"))
    _entry(manager, target=("viewer", 2, "Broke"), outcome="failed")
    body = b"".join(manager_client.get("/audit/?outcome=failed&format=csv").streaming_content)
    assert b"Broke" in body and b"Worked" not in body


def test_the_admin_shows_the_audit_log_read_only(owner_client, manager):
    _entry(manager)
    assert owner_client.get("/admin/audit/auditentry/").status_code == 200
    assert owner_client.get("/admin/audit/auditentry/add/").status_code == 403


def test_a_manager_also_sees_what_others_did_in_their_current_workspace(
    client, manager, outsider, connected
):
    _entry(outsider, target=("viewer", 1, "Same workspace"), workspace_id=7)
    _entry(outsider, target=("viewer", 2, "Other workspace"), workspace_id=9)
    client.force_login(manager)
    html = client.get("/audit/").content.decode()
    assert "Same workspace" in html
    assert "Other workspace" not in html


def test_recent_reasons_are_the_users_own_newest_first_and_follow_a_new_rejection(
    manager, outsider, django_assert_num_queries
):
    for reason in ("Hours too high", "Wrong project", "Hours too high"):
        record(user=manager, action="timesheet.reject", outcome="ok", summary={"reason": reason})
    record(user=manager, action="leave.reject", outcome="failed", summary={"reason": "Refused"})
    record(user=outsider, action="leave.reject", outcome="ok", summary={"reason": "Not mine"})
    assert recent_reasons(manager) == ["Hours too high", "Wrong project"]
    with django_assert_num_queries(0):  # kept until the next rejection
        assert recent_reasons(manager) == ["Hours too high", "Wrong project"]
    record(user=manager, action="leave.reject", outcome="ok", summary={"reason": "Overlaps"})
    assert recent_reasons(manager) == ["Overlaps", "Hours too high", "Wrong project"]
    assert recent_reasons(outsider) == ["Not mine"]
