"""App configuration."""

from __future__ import annotations

from django.apps import AppConfig


class OauthConfig(AppConfig):
    name = "sandbox.oauth"
    label = "sandbox_oauth"
