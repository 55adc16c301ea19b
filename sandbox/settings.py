"""Django settings of the WebWork sandbox.

Everything comes from the environment with local defaults; ``python -m sandbox`` sets
``SANDBOX_DATABASE`` from its ``--database`` option before Django starts.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# The sandbox holds only made-up identities with a published password, so a fixed
# development key is acceptable; it can still be overridden.
SECRET_KEY = os.environ.get(
    "SANDBOX_SECRET_KEY", "sandbox-insecure-development-key-not-for-production"
)
DEBUG = os.environ.get("SANDBOX_DEBUG", "").lower() in {"1", "true", "yes"}
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"] + [
    host for host in os.environ.get("SANDBOX_ALLOWED_HOSTS", "").split(",") if host
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "sandbox.workspace",
    "sandbox.oauth",
    "sandbox.api",
    "sandbox.control",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sandbox.api.gateway.ApiGatewayMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sandbox.urls"
WSGI_APPLICATION = "sandbox.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sandbox" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]

DATABASE_PATH = Path(os.environ.get("SANDBOX_DATABASE", str(BASE_DIR / "var" / "sandbox.sqlite3")))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATABASE_PATH,
        "OPTIONS": {
            # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock
            # at BEGIN so two writers queue on the busy timeout instead of deadlocking.
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sandbox users all share a published password and DOT hashes client secrets with the
# default hasher on every token request: a cheap hasher keeps sign-in and token calls fast.
PASSWORD_HASHERS = ["sandbox.oauth.hashers.SandboxPBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []

# The dashboard runs on the same host name on another port and browsers share cookies
# across ports, so the sandbox's cookies need names of their own.
SESSION_COOKIE_NAME = "sandbox_sessionid"
CSRF_COOKIE_NAME = "sandbox_csrftoken"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/login/done/"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

ACCESS_TOKEN_SECONDS = _env_int("SANDBOX_ACCESS_TOKEN_SECONDS", 15 * 24 * 3600)
REFRESH_TOKEN_SECONDS = _env_int("SANDBOX_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600)
PAT_SECONDS = _env_int("SANDBOX_PAT_SECONDS", 183 * 24 * 3600)

OAUTH2_PROVIDER = {
    "SCOPES": {
        "read": "Read workspace data",
        "write": "Create and modify data",
        "admin": "Administrative operations",
    },
    "DEFAULT_SCOPES": ["read"],
    "PKCE_REQUIRED": True,
    "ROTATE_REFRESH_TOKEN": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": ACCESS_TOKEN_SECONDS,
    # Refresh-token age is checked by our validator against the sandbox clock.
    "REFRESH_TOKEN_EXPIRE_SECONDS": None,
    "OAUTH2_VALIDATOR_CLASS": "sandbox.oauth.validator.SandboxOAuth2Validator",
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
}

SANDBOX_VARIANT = os.environ.get("SANDBOX_VARIANT", "api")
SANDBOX_RATE_LIMIT = _env_int("SANDBOX_RATE_LIMIT", 60)
SANDBOX_SEED = _env_int("SANDBOX_SEED", 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "sandbox": {"handlers": ["console"], "level": os.environ.get("SANDBOX_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "oauth2_provider": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
