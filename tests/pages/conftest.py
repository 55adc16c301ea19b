"""The dashboard's pages against the real sandbox process, in every shape WebWork may answer in.

``webwork`` is one way of reaching the sandbox: its ``api`` or ``v2`` doc variant, straight or
through the shape-rewriting proxy (pagination at the top level, ids as strings). ``live`` is a
signed-in test client connected to it as the owner of Acme Studio; ``truth`` asks the sandbox
itself (never through the proxy), so the pages' numbers can be held against the upstream's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from dashboard.accounts.connecting import establish
from dashboard.webwork.oauth import TokenSet
from tests.plugins.sandbox import Sandbox

FAST = 6000  # requests a minute: these tests are about what pages say, not about pacing
OWNER = "owner@acme.test"
SHAPES = [("api", False), ("v2", False), ("api", True), ("v2", True)]


@dataclass(frozen=True)
class Shape:
    variant: str
    reshaped: bool

    def __str__(self) -> str:
        return f"{self.variant}{'-reshaped' if self.reshaped else ''}"


@pytest.fixture(params=[Shape(*shape) for shape in SHAPES], ids=str)
def shape(request: pytest.FixtureRequest) -> Shape:
    return request.param


@pytest.fixture
def webwork(request: pytest.FixtureRequest, shape: Shape, sandbox: Sandbox, settings) -> str:
    """The API URL the dashboard talks to, in the chosen shape."""
    sandbox.set_variant(shape.variant)
    sandbox.set_rate_limit(FAST)
    settings.WEBWORK_RATE_PER_MINUTE = FAST
    url = request.getfixturevalue("reshaped").api_url if shape.reshaped else sandbox.api_url
    settings.WEBWORK_API_BASE_URL = url
    return url


def connect_as(client, user, sandbox: Sandbox, email: str = OWNER):
    establish(user, "token", TokenSet(sandbox.token(email), "", None, ""))
    client.force_login(user)
    return client


@pytest.fixture
def live(client, manager, sandbox: Sandbox, webwork: str):
    """The manager, signed in and connected to the sandbox as the owner of Acme Studio."""
    return connect_as(client, manager, sandbox)


class Truth:
    """What the sandbox itself says, read straight from it as the owner."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.workspace = sandbox.workspace_id("Acme Studio")

    def get(self, path: str, **params: Any) -> Any:
        with self.sandbox.api(OWNER) as api:
            response = api.get(path, params={"workspace_id": self.workspace, **params})
            response.raise_for_status()
            return response.json()

    def total(self, path: str, **params: Any) -> int:
        body = self.get(path, per_page=1, **params)
        pagination = (body.get("meta") or {}).get("pagination") or body.get("pagination") or {}
        return int(pagination["total"])


@pytest.fixture
def truth(sandbox: Sandbox) -> Truth:
    return Truth(sandbox)
