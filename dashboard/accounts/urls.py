from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("connect/", views.connect, name="connect"),
    path("connect/callback/", views.connect_callback, name="connect_callback"),
    path("connect/disconnect/", views.disconnect, name="disconnect"),
    path("connect/check/", views.connection_check, name="check"),
    path("workspace/", views.workspace, name="workspace"),
]
