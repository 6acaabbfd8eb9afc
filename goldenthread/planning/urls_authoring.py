"""Plan pages (urls_authoring): the performance team adds and edits the golden thread.

Each kind of item has two pages: ``<kind>_create`` (``priority_create``) adds one and
``<kind>_edit`` (``priority_edit``) edits one; views_authoring.KINDS says what each kind is.
Codes come last in a path and may hold spaces and slashes (``EH 1``, ``BV 12/a``)."""

from django.urls import URLPattern, path

from goldenthread.planning import views_authoring as views


def _pages(item_kind: str, new: str, edit: str) -> list[URLPattern]:
    return [
        path(new, views.item_create, {"item_kind": item_kind}, name=f"{item_kind}_create"),
        path(edit, views.item_edit, {"item_kind": item_kind}, name=f"{item_kind}_edit"),
    ]


urlpatterns: list[URLPattern] = [
    *_pages("priority", "priorities/new/", "priorities/edit/<path:code>/"),
    *_pages(
        "key_objective",
        "key-objectives/new/",
        "key-objectives/<str:priority>/<str:letter>/edit/",
    ),
    *_pages("area_of_focus", "areas-of-focus/new/", "areas-of-focus/<int:number>/edit/"),
    *_pages("plan", "plans/new/", "plans/edit/<path:code>/"),
    *_pages("objective", "objectives/new/", "objectives/edit/<path:code>/"),
    *_pages("milestone", "milestones/new/", "milestones/edit/<path:code>/"),
    *_pages("task", "tasks/new/", "tasks/edit/<path:code>/"),
]
