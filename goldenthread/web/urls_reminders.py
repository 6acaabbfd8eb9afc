"""Collection pages (urls_reminders): the performance team's reminders for a round."""

from django.urls import URLPattern, path

from goldenthread.web import views_reminders

urlpatterns: list[URLPattern] = [
    path(
        "collection/<str:period>/reminders/",
        views_reminders.round_reminders,
        name="round_reminders",
    ),
    path(
        "collection/<str:period>/reminders/send/",
        views_reminders.round_reminders_send,
        name="round_reminders_send",
    ),
]
