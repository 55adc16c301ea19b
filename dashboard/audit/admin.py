from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: an audit log that can be edited proves nothing."""

    list_display = ["created_at", "username", "workspace_name", "action", "target_label", "outcome"]
    list_filter = ["outcome", "action", "created_at"]
    search_fields = ["username", "target_label", "target_id", "upstream_message", "request_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
