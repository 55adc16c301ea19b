"""django-oauth-toolkit's validator, on the sandbox clock.

Token expiry follows the sandbox's notion of "now" (which the control plane can advance),
and a refresh token dies a fixed time after it was issued.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from oauth2_provider.models import RefreshToken
from oauth2_provider.oauth2_validators import OAuth2Validator

from sandbox.runtime import clock


class SandboxOAuth2Validator(OAuth2Validator):
    def _create_access_token(
        self, expires: Any, request: Any, token: Any, source_refresh_token: Any = None
    ) -> Any:
        # DOT computes ``expires`` from real time; move it onto the sandbox clock.
        return super()._create_access_token(
            expires + clock.offset(), request, token, source_refresh_token=source_refresh_token
        )

    def _create_refresh_token(
        self, request: Any, refresh_token_code: Any, access_token: Any, previous_refresh_token: Any
    ) -> Any:
        refresh = super()._create_refresh_token(
            request, refresh_token_code, access_token, previous_refresh_token
        )
        issued = clock.now()
        RefreshToken.objects.filter(pk=refresh.pk).update(created=issued)
        refresh.created = issued
        return refresh

    def validate_refresh_token(
        self, refresh_token: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        if not super().validate_refresh_token(refresh_token, client, request, *args, **kwargs):
            return False
        instance = getattr(request, "refresh_token_instance", None)
        lifetime = timedelta(seconds=settings.REFRESH_TOKEN_SECONDS)
        return not (instance is not None and instance.created + lifetime <= clock.now())
