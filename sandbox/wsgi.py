"""WSGI entry point of the sandbox (``python -m sandbox serve`` uses it)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "sandbox.settings"
application = get_wsgi_application()
