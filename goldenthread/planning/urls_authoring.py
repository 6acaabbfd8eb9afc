"""Plan pages (urls_authoring)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
