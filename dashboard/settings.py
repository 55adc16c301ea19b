"""Settings for the WebWork manager dashboard.

One file, every value from the environment (twelve-factor), with safe local defaults: SQLite and
a secret under ``var/``, a local-memory cache. With ``DEBUG=false`` (the production profile) it
refuses to start without ``SECRET_KEY`` and ``TOKEN_ENCRYPTION_KEYS``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import tempfile
import warnings
from datetime import timedelta
from pathlib import Path

import environ
from authlib.deprecate import AuthlibDeprecationWarning
from django.utils.csp import CSP

# Authlib 1.9 would rather run on the httpx2 fork; the httpx client it ships works as before.
# (Importing its warning class first, since Authlib installs an "always" filter of its own.)
warnings.filterwarnings(
    "ignore", message="The httpx module is deprecated", category=AuthlibDeprecationWarning
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)


def _local_secret() -> str:
    """A random secret kept under var/, so that a local install needs no configuration."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise SystemExit(f"{name} must be set when DEBUG is false (see README: Configuration).")
    return value


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret()
    _derived = base64.urlsafe_b64encode(hashlib.sha256(f"tokens:{SECRET_KEY}".encode()).digest())
    TOKEN_ENCRYPTION_KEYS = env.list("TOKEN_ENCRYPTION_KEYS", default=[_derived.decode()])
else:
    SECRET_KEY = _required("SECRET_KEY")
    TOKEN_ENCRYPTION_KEYS = _required("TOKEN_ENCRYPTION_KEYS").split(",")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Where people open the dashboard: the base of the absolute links in digests and alerts.
DASHBOARD_URL = env.str("DASHBOARD_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "dashboard.core",
    "dashboard.accounts",
    "dashboard.audit",
    "dashboard.viewers",
    "dashboard.members",
    "dashboard.assignments",
    "dashboard.projects",
    "dashboard.expenses",
    "dashboard.approvals",
    "dashboard.reports",
    "dashboard.scheduling",
    "dashboard.outbox",
    "dashboard.hooks",
    "dashboard.notifications",
]

MIDDLEWARE = [
    "dashboard.core.middleware.HealthCheckMiddleware",
    "dashboard.core.middleware.LocalDefaultsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dashboard.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dashboard.core.middleware.NoStoreMiddleware",
    "dashboard.accounts.sessions.HtmxLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "dashboard.accounts.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dashboard.core.middleware.UpstreamErrorMiddleware",
    "dashboard.accounts.middleware.WebworkMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dashboard.urls"
WSGI_APPLICATION = "dashboard.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dashboard.core.context_processors.navigation",
                "dashboard.core.context_processors.freshness",
            ],
        },
    },
]

# Form widgets are written with Django's own Jinja2 widget templates: through the template
# language a field costs about half a millisecond and each option of a select a tenth, and a
# list page's filters have several fields and selects of every member.
FORM_RENDERER = "django.forms.renderers.Jinja2"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dashboard.sqlite3'}")
}
# Seconds a request thread keeps its database connection (0: one connection per request). The
# Docker image sets 60: opening a connection costs more CPU than a cached page's view.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", DATABASES["default"]["CONN_MAX_AGE"] != 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )
    # Tests use a file too: threads and the live server then see the same database, with WAL.
    # One file per test process, so that two test runs on one machine never share a database.
    _test_db = Path(tempfile.gettempdir()) / f"webwork-dashboard-test-{os.getpid()}.sqlite3"
    DATABASES["default"].setdefault("TEST", {"NAME": str(_test_db)})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://dashboard")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, keeping its Redis clients (see the module).
    CACHES["default"]["BACKEND"] = "dashboard.webwork.transport.backend.RedisCache"


def _refuse_a_cache_of_its_own() -> None:
    """A local-memory cache is per process: several processes would each keep their own token-
    refresh lock and request budget, and two refreshes of one connection would break it."""
    if not env.bool("SINGLE_PROCESS", default=False):
        raise SystemExit(
            "CACHE_URL is a local-memory cache, which each process keeps to itself: point it at "
            "Redis (rediscache://redis:6379/1), or set SINGLE_PROCESS=true when one process "
            "serves everything (see README: Configuration)."
        )
    workers = env.int("WEB_CONCURRENCY", default=1)
    if workers != 1:
        raise SystemExit(
            f"SINGLE_PROCESS=true, but WEB_CONCURRENCY={workers} starts several processes: set "
            "WEB_CONCURRENCY=1, or point CACHE_URL at Redis (see README: Configuration)."
        )


if not DEBUG and CACHES["default"]["BACKEND"].endswith(".LocMemCache"):
    _refuse_a_cache_of_its_own()

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail (digests, alerts, reminders) goes out through the outbox and the worker. Locally to the SMTP
# sink `manage.py demo` runs on port 1025 (its catch shows on /outbox/), never to the console;
# in production e.g. smtp+tls://user:pass@smtp.example.com:587 (without it: localhost:25).
_mail = env.email_url(
    "EMAIL_URL", default="smtp://127.0.0.1:1025" if DEBUG else "smtp://localhost:25"
)
_mail_options: dict[str, object] = {}
if _mail["EMAIL_BACKEND"].endswith(".smtp.EmailBackend"):
    _mail_options = {
        "host": _mail["EMAIL_HOST"],
        "port": _mail["EMAIL_PORT"],
        "username": _mail["EMAIL_HOST_USER"] or "",
        "password": _mail["EMAIL_HOST_PASSWORD"] or "",
        "use_tls": _mail.get("EMAIL_USE_TLS", False),
        "use_ssl": _mail.get("EMAIL_USE_SSL", False),
        "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
elif _mail["EMAIL_FILE_PATH"]:
    _mail_options = {"file_path": "/" + _mail["EMAIL_FILE_PATH"].lstrip("/")}
MAILERS = {"default": {"BACKEND": _mail["EMAIL_BACKEND"], "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="WebWork dashboard <dashboard@localhost>"
)
# A directory the local SMTP sink keeps what it catches in (a maildir); /outbox/ shows it.
MAIL_SINK_DIR = env.str("MAIL_SINK_DIR", default="")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "approvals:inbox"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in lockouts (django-axes): failures count per account and per address alike.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "dashboard.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "dashboard.accounts.lockout.locked_out"
# Production sits behind a TLS proxy (see SECURE_PROXY_SSL_HEADER), whose X-Forwarded-For entry
# is the client's address; without it every sign-in would share the proxy's address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

SESSION_COOKIE_NAME = "dashboard_sessionid"
# A sign-in ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after it began
# (dashboard.accounts.sessions); the cookie lives no longer than that either.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_COOKIE_AGE = env.int("SESSION_MAX_HOURS", default=12) * 3600
CSRF_COOKIE_NAME = "dashboard_csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "dashboard.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes: failures and lockouts (WARNING), not every successful sign-in (INFO).
    "loggers": {
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# WebWork: the upstream API and the OAuth2 client registered there.
WEBWORK_API_BASE_URL = env.str("WEBWORK_API_BASE_URL", default="http://127.0.0.1:8001/api/v2")
WEBWORK_OAUTH_AUTHORIZE_URL = env.str(
    "WEBWORK_OAUTH_AUTHORIZE_URL", default="http://127.0.0.1:8001/oauth/authorize/"
)
WEBWORK_OAUTH_TOKEN_URL = env.str(
    "WEBWORK_OAUTH_TOKEN_URL", default="http://127.0.0.1:8001/oauth/token/"
)
# Optional: WebWork's sign-out page, for "Use another WebWork account" (it gets ?next=).
WEBWORK_LOGOUT_URL = env.str("WEBWORK_LOGOUT_URL", default="")
# Where members submit their timesheets in WebWork: the {link} of timesheet reminders.
WEBWORK_TIMESHEETS_URL = env.str("WEBWORK_TIMESHEETS_URL", default="https://webwork-tracker.com/")
WEBWORK_CLIENT_ID = env.str("WEBWORK_CLIENT_ID", default="")
WEBWORK_CLIENT_SECRET = env.str("WEBWORK_CLIENT_SECRET", default="")
WEBWORK_SCOPES = env.str("WEBWORK_SCOPES", default="read write")
WEBWORK_TIMEOUT = env.float("WEBWORK_TIMEOUT", default=10.0)
WEBWORK_RATE_PER_MINUTE = env.int("WEBWORK_RATE_PER_MINUTE", default=60)
# What a hostile or broken upstream may cost (dashboard/webwork/transport/session.py).
# Seconds a page may spend on WebWork in all; past it the page shows its last good data.
WEBWORK_PAGE_DEADLINE = env.float("WEBWORK_PAGE_DEADLINE", default=4.0)
WEBWORK_MAX_RESPONSE_BYTES = env.int("WEBWORK_MAX_RESPONSE_BYTES", default=8 * 1024 * 1024)
WEBWORK_MAX_PAGE_ITEMS = env.int("WEBWORK_MAX_PAGE_ITEMS", default=1000)
WEBWORK_MAX_PAGES = env.int("WEBWORK_MAX_PAGES", default=100)
WEBWORK_MAX_RETRY_AFTER = env.float("WEBWORK_MAX_RETRY_AFTER", default=120.0)
WEBWORK_CONCURRENCY_PER_IDENTITY = env.int("WEBWORK_CONCURRENCY_PER_IDENTITY", default=8)
# Seconds a report part whose days are all over is kept (dashboard/webwork/resources/reports.py).
WEBWORK_REPORT_PAST_TTL = env.int("WEBWORK_REPORT_PAST_TTL", default=24 * 3600)
