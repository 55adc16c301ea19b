"""The site's URLs with the approvals area generated from the kinds plus ``OVERTIME``."""

from __future__ import annotations

from django.urls import include, path

from dashboard import urls as site
from dashboard.approvals.kinds import KINDS
from dashboard.approvals.urls import approval_patterns

from .overtime import OVERTIME

urlpatterns = [
    path("", include((approval_patterns([*KINDS.values(), OVERTIME]), "approvals"))),
    *(p for p in site.urlpatterns if getattr(p, "namespace", None) != "approvals"),
]
handler404 = site.handler404
