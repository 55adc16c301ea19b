from __future__ import annotations

from django.urls import path

from . import access, views

app_name = "viewers"

urlpatterns = [
    path("", views.viewer_list, name="list"),
    path("new/", views.viewer_new, name="new"),
    path("access/", access.access_review, name="access"),
    path("<int:viewer_id>/", views.viewer_detail, name="detail"),
    path("<int:viewer_id>/archive/", views.viewer_archive, name="archive"),
    path("<int:viewer_id>/restore/", views.viewer_restore, name="restore"),
    path("<int:viewer_id>/projects/", access.access_save, name="access_save"),
    path("<int:viewer_id>/projects/<int:project_id>/", access.access_change, name="access_change"),
]
