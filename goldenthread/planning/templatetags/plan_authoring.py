"""Whether the plan pages show the performance team's "Edit" and "Add …" links.

``{% load plan_authoring %}{% can_author as can_author %}`` on a plan page: true for the
performance team only (goldenthread.access decides), asked once per request."""

from __future__ import annotations

from django import template

from goldenthread import access
from goldenthread.planning.models import Plan, PlanKind

register = template.Library()


@register.simple_tag(takes_context=True)
def can_author(context: template.Context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    if not hasattr(request, "_gt_can_author"):
        request._gt_can_author = access.is_performance_team(request.user)
    return bool(request._gt_can_author)


# The kind of plan that usually sits below each kind: "Add a plan below this one" starts with it.
CHILD_KIND = {
    PlanKind.COMMUNITY_STRATEGY: PlanKind.CORPORATE_PLAN,
    PlanKind.CORPORATE_PLAN: PlanKind.SERVICE_PLAN,
    PlanKind.SERVICE_PLAN: PlanKind.DIVISIONAL_PLAN,
    PlanKind.DIVISIONAL_PLAN: PlanKind.PERSONAL_PLAN,
    PlanKind.TEAM_PLAN: PlanKind.PERSONAL_PLAN,
}


@register.filter
def child_kind(plan: Plan) -> str:
    """The kind of plan below ``plan``; blank for a personal plan, the bottom of the thread."""
    return str(CHILD_KIND.get(PlanKind(plan.kind), ""))
