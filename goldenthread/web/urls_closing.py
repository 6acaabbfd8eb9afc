"""Collection pages (urls_closing)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
