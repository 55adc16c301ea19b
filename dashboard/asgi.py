"""ASGI entry point: ``granian --interface asgi dashboard.asgi:application``."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

from dashboard.hooks.asgi import capped

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
# Webhook deliveries are capped before Django's handler, which would read any body whole.
application = capped(get_asgi_application())

from dashboard.core.warm import warm_up  # noqa: E402 (needs the settings set up above)

warm_up()
