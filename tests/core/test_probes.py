from __future__ import annotations

from unittest import mock

import pytest
from django.db.utils import OperationalError


def test_healthz_answers_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_the_database_as_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_fails(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_ip_address_whatever_the_allowed_hosts(client, settings):
    settings.ALLOWED_HOSTS = ["dashboard.example.com"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_healthz_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
