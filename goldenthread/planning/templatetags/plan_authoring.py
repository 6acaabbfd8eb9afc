"""Whether the plan pages show the performance team's "Edit" and "Add …" links.

``{% load plan_authoring %}{% can_author as can_author %}`` on a plan page: true for the
performance team only (goldenthread.access decides), asked once per request."""

from __future__ import annotations

from django import template

from goldenthread import access

register = template.Library()


@register.simple_tag(takes_context=True)
def can_author(context: template.Context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    if not hasattr(request, "_gt_can_author"):
        request._gt_can_author = access.is_performance_team(request.user)
    return bool(request._gt_can_author)
