"""The documented contract enums, with the words the dashboard shows for them."""

from __future__ import annotations

SCREENSHOT_MODES = (
    ("full", "Screenshots"),
    ("blurred", "Blurred screenshots"),
    ("no_preview", "Screenshots, no preview"),
    ("no_screenshot", "No screenshots"),
    ("background_blurred", "Blurred background"),
    ("video_full", "Screen video"),
    ("video_blurred", "Blurred video"),
    ("video_full_silent", "Silent video"),
    ("video_blurred_silent", "Blurred silent video"),
)
SCREENSHOT_LABELS = dict(SCREENSHOT_MODES)

CUSTOM_RATE = 1
RATE_TYPES = (
    (CUSTOM_RATE, "Custom rate"),
    (2, "The member's rate"),
    (3, "The project's rate"),
)
RATE_TYPE_LABELS = dict(RATE_TYPES)

STATUSES = (("", "Any status"), ("active", "Active"), ("paused", "Paused"))
GROUPINGS = (("project", "By project"), ("member", "By member"))
MAX_WEEKLY_HOURS = 168
