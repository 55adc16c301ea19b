"""A deliberately cheap password hasher for the sandbox's published demo passwords."""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class SandboxPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with few iterations.

    Every sandbox user has the published password ``sandbox`` and DOT hashes client
    secrets too, so the full work factor would only slow down sign-ins and token calls.
    """

    algorithm = "sandbox_pbkdf2_sha256"
    iterations = 1000
