"""Collection pages (urls_closing): closing a round, with its confirmation."""

from django.urls import URLPattern, path

from goldenthread.web import views_closing

urlpatterns: list[URLPattern] = [
    path(
        "collection/<str:period>/close/",
        views_closing.round_close_confirm,
        name="collection_round_close",
    ),
]
