"""Key rotation reaches the webhooks' secrets too."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from dashboard.hooks.models import Registration

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def test_rotation_seals_every_secret_under_the_newest_key(registration, settings):
    old = list(settings.TOKEN_ENCRYPTION_KEYS)
    new = Fernet.generate_key().decode()
    settings.TOKEN_ENCRYPTION_KEYS = [new, *old]
    call_command("rotate_webhook_keys")
    settings.TOKEN_ENCRYPTION_KEYS = [new]  # the old key removed
    assert Registration.objects.get().secret == SECRET


def test_a_secret_no_key_opens_stops_the_rotation_and_changes_nothing(registration, settings):
    before = Registration.objects.get().secret_sealed
    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="Register it again"):
        call_command("rotate_webhook_keys")
    assert Registration.objects.get().secret_sealed == before
