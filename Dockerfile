# syntax=docker/dockerfile:1
# Build: docker build -t webwork-dashboard .   Run: see compose.yaml.

FROM python:3.13-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.13 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY . .
# collectstatic needs settings that load; these throwaway values never reach the final image's env.
# (One process, so the local-memory cache is allowed for it.)
RUN DEBUG=false SECRET_KEY=build-only TOKEN_ENCRYPTION_KEYS=build-only SINGLE_PROCESS=true \
    .venv/bin/python manage.py collectstatic --noinput

FROM python:3.13-slim-bookworm
RUN groupadd --system app && useradd --system --gid app --home /app app
WORKDIR /app
COPY --from=build --chown=app:app /app /app
# Several web workers need a shared cache (CACHE_URL on Redis): settings refuse to start otherwise.
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1 DEBUG=false VAR_DIR=/app/var WEB_CONCURRENCY=2 \
    WEB_THREADS=8 CONN_MAX_AGE=60
RUN mkdir -p /app/var && chown app:app /app/var
USER app
EXPOSE 8000
# WSGI with blocking threads: a warm page costs a third less CPU than through Django's ASGI
# handler (docs/performance.md), and granian hands the body over as it arrives, so the webhook
# receiver's cap holds. dashboard.asgi serves the same application over ASGI.
# The same image runs the worker (tasks, mail and periodic jobs): `python manage.py worker`.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
CMD ["sh", "-c", "exec granian --interface wsgi --host 0.0.0.0 --port 8000 --workers \"${WEB_CONCURRENCY}\" --blocking-threads \"${WEB_THREADS}\" dashboard.wsgi:application"]
