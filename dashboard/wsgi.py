"""WSGI entry point, for gunicorn or ``granian --interface wsgi dashboard.wsgi:application``."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard.settings")
application = get_wsgi_application()

from dashboard.core.warm import warm_up  # noqa: E402 (needs the settings set up above)

warm_up()
