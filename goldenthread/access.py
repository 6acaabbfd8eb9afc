"""Who may see what: the one place that decides.

Every view and API endpoint gets its objects through these functions. Each ``access_*`` function
takes the person asking and an identifier and returns the object, or raises ``Http404``: the
same answer for "there is no such thing" and "it is not yours to see", so a page never reveals
that something exists. Each ``visible_*`` function is the queryset a list may show.

For now every signed-in person may see every plan, objective and indicator. When audiences are
restricted (DESIGN.md, "Audiences"), the change is made here and nowhere else.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

from goldenthread.indicators.models import Indicator, IndicatorQuerySet
from goldenthread.organisation.models import Department, Role, RoleAssignment, User
from goldenthread.planning.models import (
    AreaOfFocus,
    Objective,
    ObjectiveQuerySet,
    Plan,
    PlanQuerySet,
    Priority,
)
from goldenthread.planning.selectors import Coverage, thread_coverage
from goldenthread.workflow import WorkflowState

Person = User | AnonymousUser
M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])


def _signed_in(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _only_if_signed_in(user: Person, queryset: QS) -> QS:
    return queryset if _signed_in(user) else queryset.none()


def _get(queryset: QuerySet[M], **lookup: object) -> M:
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


# -- what a list may show --------------------------------------------------------------------


def visible_priorities(user: Person) -> QuerySet[Priority]:
    return _only_if_signed_in(user, Priority.objects.all())


def visible_areas_of_focus(user: Person) -> QuerySet[AreaOfFocus]:
    return _only_if_signed_in(user, AreaOfFocus.objects.all())


def visible_departments(user: Person) -> QuerySet[Department]:
    return _only_if_signed_in(user, Department.objects.all())


def visible_plans(user: Person) -> PlanQuerySet:
    return _only_if_signed_in(user, Plan.objects.all())


def visible_objectives(user: Person) -> ObjectiveQuerySet:
    return _only_if_signed_in(user, Objective.objects.all())


def visible_indicators(user: Person) -> IndicatorQuerySet:
    return _only_if_signed_in(user, Indicator.objects.all())


# -- one object, or 404 ----------------------------------------------------------------------


def access_priority(user: Person, code: str) -> Priority:
    return _get(visible_priorities(user).select_related("ppb", "ssp", "portfolio"), code=code)


def access_area_of_focus(user: Person, number: int) -> AreaOfFocus:
    return _get(
        visible_areas_of_focus(user).select_related("priority", "key_objective"), number=number
    )


def access_department(user: Person, code: str) -> Department:
    return _get(visible_departments(user).select_related("directorate"), code=code)


def access_plan(user: Person, code: str) -> Plan:
    return _get(
        visible_plans(user).select_related("department", "organisation", "owner"), code=code
    )


def access_objective(user: Person, code: str) -> Objective:
    return _get(visible_objectives(user).select_related("plan__department", "owner"), code=code)


def access_indicator(user: Person, code: str) -> Indicator:
    return _get(visible_indicators(user), code=code)


def access_thread_coverage(user: Person) -> Coverage:
    """The council-wide coverage report (the review's Table 2)."""
    if not _signed_in(user):
        raise Http404("Not found")
    return thread_coverage()


# -- whose figures are rated, and the performance team's own pages ---------------------------

# The council's officers, who see a figure rated once the performance team has validated it.
# Everyone else (councillors, partners, regulators, the public) sees ratings of published
# figures only, as DESIGN.md's audiences say.
OFFICER_ROLES = frozenset(
    {
        Role.PERFORMANCE_OFFICER,
        Role.MANAGER,
        Role.OPERATIONAL_DIRECTOR,
        Role.STRATEGIC_DIRECTOR,
        Role.MANAGEMENT_TEAM,
    }
)
OFFICER_STATES = (WorkflowState.VALIDATED, WorkflowState.PUBLISHED)
PUBLISHED_STATES = (WorkflowState.PUBLISHED,)


def _roles(user: Person) -> set[str]:
    if not _signed_in(user):
        return set()
    assert user.is_authenticated  # _signed_in checked it; this tells mypy user is a User
    return set(RoleAssignment.objects.filter(user_id=user.pk).values_list("role", flat=True))


def rated_states(user: Person) -> tuple[WorkflowState, ...]:
    """The workflow states of the figures whose ratings this person sees (one query)."""
    return OFFICER_STATES if _roles(user) & OFFICER_ROLES else PUBLISHED_STATES


def is_performance_team(user: Person) -> bool:
    return Role.PERFORMANCE_OFFICER in _roles(user)


def access_performance_team(user: Person) -> User:
    """The person, if they are in the performance team; the pages that change how the council
    rates performance, and the thread-integrity report, are theirs alone."""
    if not is_performance_team(user):
        raise Http404("Not found")
    assert isinstance(user, User)
    return user
