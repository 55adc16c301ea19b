"""The service layer: the only code that speaks HTTP to WebWork. Start at ``client.py``."""

from __future__ import annotations

from dashboard.webwork.auth import StaticToken, TokenSource
from dashboard.webwork.client import WebworkClient
from dashboard.webwork.records.pages import Page

__all__ = ["Page", "StaticToken", "TokenSource", "WebworkClient"]
