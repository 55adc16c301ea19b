"""The small world every test stands in: an owner, a manager, an outsider."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

pytest_plugins = ["tests.plugins.sandbox", "tests.plugins.reshape"]

# Headers of a request htmx makes: ``client.get(url, headers=HTMX)``.
HTMX = {"HX-Request": "true"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Browser tests last: Playwright's sync API keeps an event loop running for the rest of the
    # session, which would get in the way of any test after it that uses asyncio.
    items.sort(key=lambda item: "/e2e/" in str(item.path).replace("\\", "/"))


@pytest.fixture(autouse=True)
def _fresh_cache_and_budget():
    """Each test starts with an empty cache and a full request budget, as a new user would."""
    from django.core.cache import cache

    from dashboard.webwork.transport import budget

    cache.clear()
    budget._defaults.clear()
    yield
    budget._defaults.clear()


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def owner(db) -> User:
    return User.objects.create_superuser("owner", "owner@example.test", "owner-password")


@pytest.fixture
def manager(db) -> User:
    return User.objects.create_user("manager", "manager@example.test", "manager-password")


@pytest.fixture
def outsider(db) -> User:
    return User.objects.create_user("outsider", "outsider@example.test", "outsider-password")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


VIEW_TEST_API = "https://webwork.test/api/v2"
VIEW_TEST_WORKSPACE = 7


@pytest.fixture
def upstream(settings):
    """A fake WebWork behind every view: route what the test expects; anything else fails."""
    import httpx

    from dashboard.webwork import client
    from dashboard.webwork.transport import retry
    from dashboard.webwork.transport.http import using_transport
    from tests.fakes import FakeUpstream

    settings.WEBWORK_API_BASE_URL = VIEW_TEST_API
    fake = FakeUpstream()
    no_wait = retry.RetryPolicy(sleep=lambda seconds: None)
    with pytest.MonkeyPatch.context() as patch, using_transport(httpx.MockTransport(fake)):
        patch.setattr(client, "DEFAULT_RETRY", no_wait)
        yield fake
    assert not fake.unexpected, f"requests nobody expected: {fake.unexpected}"


@pytest.fixture
def connected(manager):
    """The manager's connection: a personal token, working as Owner in workspace 7."""
    from dashboard.accounts.models import WebworkConnection

    connection = WebworkConnection(
        user=manager,
        kind="token",
        webwork_user_id=100,
        workspace_id=VIEW_TEST_WORKSPACE,
        workspace_name="Acme Studio",
        workspace_role="Owner",
    )
    connection.set_tokens("view-test-token")
    connection.save()
    return connection


@pytest.fixture
def connected_client(client, manager, connected):
    client.force_login(manager)
    return client
