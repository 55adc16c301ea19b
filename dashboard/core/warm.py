"""What a new server process loads before its first request, so that no user waits for it.

Without this, the first request a worker takes imports every view module (through the URLconf)
and compiles each template it renders: about 0.6 s, during which the requests that arrive queue
behind it (after a deploy, each worker's first users).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template.loader import get_template
from django.urls import get_resolver


def warm_up() -> None:
    """Import the URLconf's views and compile the project's templates (the cached loader keeps
    them when ``DEBUG`` is off), and the form renderer's widget templates."""
    get_resolver().url_patterns  # noqa: B018 (its import is the point)
    engine: dict[str, Any] = settings.TEMPLATES[0]
    for folder in engine["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(str(path.relative_to(folder)))
    get_default_renderer().get_template("django/forms/widgets/input.html")
