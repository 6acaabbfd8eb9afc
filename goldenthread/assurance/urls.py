"""Plan quality assurance pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
