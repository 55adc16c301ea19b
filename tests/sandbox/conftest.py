"""Black-box tests of the sandbox: they talk to the real process over HTTP only."""

from __future__ import annotations

import pytest

PLUGIN = "tests.plugins.sandbox"


def pytest_configure(config: pytest.Config) -> None:
    # The root conftest normally loads the plugin; load it here when it does not.
    if not config.pluginmanager.has_plugin(PLUGIN):
        config.pluginmanager.import_plugin(PLUGIN)
