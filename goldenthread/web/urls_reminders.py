"""Collection pages (urls_reminders)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
