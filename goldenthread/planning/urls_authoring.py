"""Plan pages (urls_authoring): the performance team adds and edits the golden thread.

Codes come last in a path and may hold spaces and slashes (``EH 1``, ``BV 12/a``)."""

from django.urls import URLPattern, path

from goldenthread.planning import views_authoring as views

urlpatterns: list[URLPattern] = [
    path("priorities/new/", views.priority_create, name="priority_create"),
    path("priorities/edit/<path:code>/", views.priority_edit, name="priority_edit"),
    path("key-objectives/new/", views.key_objective_create, name="key_objective_create"),
    path(
        "key-objectives/<str:priority>/<str:letter>/edit/",
        views.key_objective_edit,
        name="key_objective_edit",
    ),
    path("areas-of-focus/new/", views.area_of_focus_create, name="area_of_focus_create"),
    path("areas-of-focus/<int:number>/edit/", views.area_of_focus_edit, name="area_of_focus_edit"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/edit/<path:code>/", views.plan_edit, name="plan_edit"),
    path("objectives/new/", views.objective_create, name="objective_create"),
    path("objectives/edit/<path:code>/", views.objective_edit, name="objective_edit"),
    path("milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/edit/<path:code>/", views.milestone_edit, name="milestone_edit"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/edit/<path:code>/", views.task_edit, name="task_edit"),
]
