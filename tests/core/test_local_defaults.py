"""Each request runs with the default time zone and language activated, and leaves none behind."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation

from dashboard.core.middleware import LocalDefaultsMiddleware


def test_a_request_starts_with_the_defaults_and_leaves_nothing_activated_behind():
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        seen["language"] = translation.get_language()
        timezone.activate("Asia/Tokyo")  # as a view showing one member's local times might
        return HttpResponse("ok")

    timezone.activate("America/Lima")  # left over from earlier work in this thread
    middleware = LocalDefaultsMiddleware(view)
    assert middleware(RequestFactory().get("/")).status_code == 200
    assert seen == {"zone": settings.TIME_ZONE, "language": settings.LANGUAGE_CODE}
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE  # deactivated: the default
    assert not hasattr(timezone._active, "value")
