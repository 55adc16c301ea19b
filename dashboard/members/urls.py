from __future__ import annotations

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("invite/", views.member_invite, name="invite"),
    path("<int:member_id>/edit/", views.member_edit, name="edit"),
    path("<int:member_id>/archive/", views.member_archive, name="archive"),
    path("<int:member_id>/offboard/", views.offboard, name="offboard"),
    path("<int:member_id>/offboard/waiting/", views.offboard_waiting, name="offboard_waiting"),
    path(
        "<int:member_id>/offboard/contracts/", views.offboard_contracts, name="offboard_contracts"
    ),
    path("<int:member_id>/offboard/archive/", views.offboard_archive, name="offboard_archive"),
    path("<int:member_id>/offboard/restart/", views.offboard_restart, name="offboard_restart"),
]
