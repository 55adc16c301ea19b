from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection as db

from dashboard.accounts.models import WebworkConnection
from dashboard.core import sealing


@pytest.fixture
def keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [old]
    return old, new


def _stored(user, token="secret-access-token", refresh="secret-refresh-token"):
    connection = WebworkConnection(user=user, kind="oauth", webwork_user_id=10)
    connection.set_tokens(token, refresh, 3600)
    connection.save()
    return connection


def test_the_database_holds_no_token_in_clear_text(manager, keys):
    connection = _stored(manager)
    with db.cursor() as cursor:
        cursor.execute(
            "SELECT access_token_encrypted, refresh_token_encrypted FROM accounts_webworkconnection"
        )
        raw = " ".join(cursor.fetchone())
    assert "secret-access-token" not in raw
    assert "secret-refresh-token" not in raw
    assert WebworkConnection.objects.get(pk=connection.pk).access_token == "secret-access-token"


def test_the_repr_of_a_connection_shows_no_token(manager, keys):
    connection = _stored(manager)
    assert "secret" not in repr(connection) and "secret" not in str(connection)
    assert connection.access_token_encrypted not in repr(connection)


def test_rotation_reencrypts_under_the_newest_key(manager, keys, settings):
    old, new = keys
    connection = _stored(manager)
    settings.TOKEN_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_token_keys", stdout=None)
    settings.TOKEN_ENCRYPTION_KEYS = [new]
    connection.refresh_from_db()
    assert connection.access_token == "secret-access-token"
    assert connection.refresh_token == "secret-refresh-token"


def test_a_token_under_a_removed_key_is_reported_unreadable(manager, keys, settings):
    connection = _stored(manager)
    settings.TOKEN_ENCRYPTION_KEYS = [keys[1]]
    connection.refresh_from_db()
    with pytest.raises(sealing.Unreadable):
        _ = connection.access_token
