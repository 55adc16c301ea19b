"""OAuth2 clients registered through the control plane.

They are remembered in memory and put back after every reset: a client is set-up of
the application under test (the dashboard registers one when it starts), not data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from oauth2_provider.models import Application

_lock = threading.Lock()
_registered: dict[str, ClientSpec] = {}


@dataclass(frozen=True)
class ClientSpec:
    client_id: str
    client_secret: str
    redirect_uris: str
    name: str
    skip_authorization: bool
    public: bool


def register(spec: ClientSpec) -> tuple[Application, bool]:
    """Create or update the client; answers it and whether it was created."""
    with _lock:
        _registered[spec.client_id] = spec
    return _apply(spec)


def reapply_all() -> None:
    with _lock:
        specs = list(_registered.values())
    for spec in specs:
        _apply(spec)


def forget_all() -> None:
    with _lock:
        _registered.clear()


def _apply(spec: ClientSpec) -> tuple[Application, bool]:
    app = Application.objects.filter(client_id=spec.client_id).first()
    created = app is None
    if app is None:
        app = Application(client_id=spec.client_id, algorithm="")
    app.name = spec.name
    app.redirect_uris = spec.redirect_uris
    app.client_type = Application.CLIENT_PUBLIC if spec.public else Application.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    app.skip_authorization = spec.skip_authorization
    app.hash_client_secret = True
    app.client_secret = spec.client_secret
    app.save()
    return app, created
