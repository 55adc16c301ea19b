"""A server process loads its views and compiles its templates before its first request."""

from __future__ import annotations

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import override_settings

from dashboard.core.warm import warm_up

CACHED = ("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])


def _templates(folder) -> list[dict]:
    backend = "django.template.backends.django.DjangoTemplates"
    return [{"BACKEND": backend, "DIRS": [folder], "OPTIONS": {"loaders": [CACHED]}}]


def test_every_template_of_the_project_is_compiled_and_kept(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_text("<p>{{ x }}</p>")
    (tmp_path / "two.html").write_text("{% if y %}y{% endif %}")
    with override_settings(TEMPLATES=_templates(tmp_path)):
        warm_up()
        loader = engines["django"].engine.template_loaders[0]
        assert {"pages/one.html", "two.html"} <= set(loader.get_template_cache)


def test_a_broken_template_stops_the_process_at_its_start_not_at_a_request(tmp_path):
    (tmp_path / "broken.html").write_text("{% if %}")
    with override_settings(TEMPLATES=_templates(tmp_path)), pytest.raises(TemplateSyntaxError):
        warm_up()
