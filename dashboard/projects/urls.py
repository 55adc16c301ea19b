from __future__ import annotations

from django.urls import path

from . import assigning, detail, tasks, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("<int:project_id>/", detail.project_detail, name="detail"),
    path("<int:project_id>/edit/", views.project_edit, name="edit"),
    path("<int:project_id>/archive/", views.project_archive, name="archive"),
    path("<int:project_id>/tasks/", tasks.task_list, name="tasks"),
    path("<int:project_id>/tasks/new/", tasks.task_new, name="task_new"),
    path("<int:project_id>/tasks/<int:task_id>/edit/", tasks.task_edit, name="task_edit"),
    path("<int:project_id>/tasks/<int:task_id>/delete/", tasks.task_delete, name="task_delete"),
    path(
        "<int:project_id>/tasks/<int:task_id>/assignees/",
        assigning.task_assignees,
        name="task_assignees",
    ),
    path(
        "<int:project_id>/tasks/<int:task_id>/unassign/<int:user_id>/",
        assigning.task_unassign,
        name="task_unassign",
    ),
]
