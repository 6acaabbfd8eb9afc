from django.urls import path, register_converter

from goldenthread.web import urls_closing, urls_reminders, views, views_collection


class CodeConverter:
    """A code as written in the data: spaces allowed (``NI 39``, ``HL LI 3``), slashes too
    (``BV 12/a``). Use it only as the last part of a path."""

    regex = r"[^/]+(?:/[^/]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CodeConverter, "code")

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("plans/", views.plans_index, name="plans"),
    path("plans/priorities/<code:code>/", views.priority, name="priority"),
    path("plans/areas-of-focus/<int:number>/", views.area_of_focus, name="area_of_focus"),
    path("plans/departments/<code:code>/", views.department, name="department"),
    path("plans/<code:code>/", views.plan, name="plan"),
    path("objectives/<code:code>/", views.objective, name="objective"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<code:code>/", views.indicator, name="indicator"),
    path("coverage/", views.coverage, name="coverage"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/settings/", views.rating_settings, name="rating_settings"),
    path("ratings/settings/recalculate/", views.recalculate_statuses, name="recalculate_statuses"),
    path("integrity/", views.integrity, name="integrity"),
    path(
        "returns/<str:code>/<str:period>/",
        views_collection.department_return,
        name="department_return",
    ),
    path(
        "returns/<str:code>/<str:period>/spreadsheet/",
        views_collection.return_spreadsheet,
        name="return_spreadsheet",
    ),
    path(
        "returns/<str:code>/<str:period>/submit/",
        views_collection.return_submit,
        name="return_submit",
    ),
    path(
        "returns/<str:code>/<str:period>/sign-off/",
        views_collection.return_sign_off,
        name="return_sign_off",
    ),
    path("collection/", views_collection.collection_index, name="collection"),
    path("collection/<str:period>/", views_collection.collection_round, name="collection_round"),
    path(
        "collection/<str:period>/publish/",
        views_collection.round_publish,
        name="collection_round_publish",
    ),
    path("history/<str:kind>/<int:pk>/", views_collection.item_history, name="item_history"),
    path(
        "corrections/<str:period>/<code:code>/",
        views_collection.actual_correction,
        name="actual_correction",
    ),
    *urls_closing.urlpatterns,
    *urls_reminders.urlpatterns,
]
