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
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from goldenthread.indicators.models import (
    Actual,
    ActualQuerySet,
    Indicator,
    IndicatorQuerySet,
    Target,
)
from goldenthread.monitoring.models import DepartmentNarrative
from goldenthread.organisation.models import Department, Role, RoleAssignment, User
from goldenthread.planning.models import (
    AreaOfFocus,
    Milestone,
    MilestoneUpdate,
    Objective,
    ObjectiveQuerySet,
    Plan,
    PlanQuerySet,
    Priority,
)
from goldenthread.planning.periods import Period, PeriodError
from goldenthread.planning.selectors import Coverage, thread_coverage
from goldenthread.reporting.models import SavedReport, SavedReportQuerySet
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
    """Every indicator; their figures as this person may see them (drafts only for their
    department and the performance team)."""
    return _only_if_signed_in(user, Indicator.objects.all()).seen_through(visible_actuals(user))


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


# -- quarterly collection: who may enter, validate and see figures on their way -------------
#
# A figure is entered by the indicator's responsible officer or collator, or by a manager or
# operational director of its department (a milestone's progress likewise by its owner or its
# plan's department); the performance team may enter anything, and alone validates, returns,
# publishes and corrects. Drafts and submissions are seen by their department and the
# performance team only; validated figures by the council's officers; published ones by all.

ENTERING_ROLES = (Role.MANAGER, Role.OPERATIONAL_DIRECTOR)


class _Standing:
    """The roles a person holds and the departments they may enter for, from one query."""

    def __init__(self, user: Person) -> None:
        self.signed_in = _signed_in(user)
        self.user_id: int | None = user.pk if self.signed_in else None
        rows: list[tuple[str, int | None]] = []
        if self.user_id is not None:
            assignments = RoleAssignment.objects.filter(user_id=self.user_id)
            rows = list(assignments.values_list("role", "department_id"))
        self.roles = {role for role, _ in rows}
        self.departments = {dept for role, dept in rows if role in ENTERING_ROLES and dept}

    @property
    def performance_team(self) -> bool:
        return Role.PERFORMANCE_OFFICER in self.roles

    @property
    def officer(self) -> bool:
        return bool(self.roles & OFFICER_ROLES)

    def indicator_q(self, prefix: str = "") -> Q:
        return (
            Q(**{f"{prefix}responsible_officer_id": self.user_id})
            | Q(**{f"{prefix}collator_id": self.user_id})
            | Q(**{f"{prefix}department_id__in": self.departments})
        )

    def milestone_q(self, prefix: str = "") -> Q:
        return Q(**{f"{prefix}owner_id": self.user_id}) | Q(
            **{f"{prefix}objective__plan__department_id__in": self.departments}
        )

    def seen_q(self, own: Q) -> Q:
        """Which items in which states this person sees, given the Q of their own items."""
        seen = Q(state=WorkflowState.PUBLISHED) | own
        if self.officer:
            seen |= Q(state=WorkflowState.VALIDATED)
        return seen


def enterable_indicators(user: Person) -> IndicatorQuerySet:
    """The indicators whose figures this person may enter and submit: "my items"."""
    standing = _Standing(user)
    if not standing.signed_in:
        return Indicator.objects.none()
    if standing.performance_team:
        return Indicator.objects.all()
    return Indicator.objects.filter(standing.indicator_q())


def enterable_milestones(user: Person) -> QuerySet[Milestone]:
    standing = _Standing(user)
    if not standing.signed_in:
        return Milestone.objects.none()
    if standing.performance_team:
        return Milestone.objects.all()
    return Milestone.objects.filter(standing.milestone_q())


def narratable_departments(user: Person) -> QuerySet[Department]:
    standing = _Standing(user)
    if not standing.signed_in:
        return Department.objects.none()
    if standing.performance_team:
        return Department.objects.all()
    return Department.objects.filter(pk__in=standing.departments)


def visible_actuals(user: Person) -> ActualQuerySet:
    standing = _Standing(user)
    if not standing.signed_in:
        return Actual.objects.none()
    if standing.performance_team:
        return Actual.objects.all()
    return Actual.objects.filter(standing.seen_q(standing.indicator_q("indicator__")))


def visible_milestone_updates(user: Person) -> QuerySet[MilestoneUpdate]:
    standing = _Standing(user)
    if not standing.signed_in:
        return MilestoneUpdate.objects.none()
    if standing.performance_team:
        return MilestoneUpdate.objects.all()
    return MilestoneUpdate.objects.filter(standing.seen_q(standing.milestone_q("milestone__")))


def visible_narratives(user: Person) -> QuerySet[DepartmentNarrative]:
    standing = _Standing(user)
    if not standing.signed_in:
        return DepartmentNarrative.objects.none()
    if standing.performance_team:
        return DepartmentNarrative.objects.all()
    return DepartmentNarrative.objects.filter(
        standing.seen_q(Q(department_id__in=standing.departments))
    )


def access_indicator_to_enter(user: Person, code: str) -> Indicator:
    return _get(enterable_indicators(user).select_related("department"), code=code)


def access_actual(user: Person, pk: int) -> Actual:
    return _get(visible_actuals(user).select_related("indicator"), pk=pk)


def access_actual_to_enter(user: Person, pk: int) -> Actual:
    return _get(
        Actual.objects.filter(indicator__in=enterable_indicators(user)).select_related(
            "indicator__department"
        ),
        pk=pk,
    )


def access_actual_to_validate(user: Person, pk: int) -> Actual:
    """Validating, returning, publishing and correcting are the performance team's."""
    if not is_performance_team(user):
        raise Http404("Not found")
    return _get(Actual.objects.select_related("indicator__department"), pk=pk)


def access_milestone_to_enter(user: Person, code: str) -> Milestone:
    return _get(enterable_milestones(user).select_related("objective__plan__department"), code=code)


def access_milestone_update(user: Person, pk: int) -> MilestoneUpdate:
    return _get(visible_milestone_updates(user).select_related("milestone"), pk=pk)


def access_milestone_update_to_enter(user: Person, pk: int) -> MilestoneUpdate:
    return _get(
        MilestoneUpdate.objects.filter(milestone__in=enterable_milestones(user)).select_related(
            "milestone__objective__plan__department"
        ),
        pk=pk,
    )


def access_milestone_update_to_validate(user: Person, pk: int) -> MilestoneUpdate:
    if not is_performance_team(user):
        raise Http404("Not found")
    return _get(
        MilestoneUpdate.objects.select_related("milestone__objective__plan__department"), pk=pk
    )


def access_department_to_narrate(user: Person, code: str) -> Department:
    return _get(narratable_departments(user), code=code)


def access_narrative(user: Person, pk: int) -> DepartmentNarrative:
    return _get(visible_narratives(user).select_related("round", "department"), pk=pk)


def access_narrative_to_enter(user: Person, pk: int) -> DepartmentNarrative:
    return _get(
        DepartmentNarrative.objects.filter(
            department__in=narratable_departments(user)
        ).select_related("round", "department"),
        pk=pk,
    )


def access_narrative_to_validate(user: Person, pk: int) -> DepartmentNarrative:
    if not is_performance_team(user):
        raise Http404("Not found")
    return _get(DepartmentNarrative.objects.select_related("round", "department"), pk=pk)


def access_department_return(user: Person, code: str) -> Department:
    """A department's return for a quarter: for the performance team, the department's
    managers and operational directors, and anyone responsible for one of its items (who sees
    only their own items on it)."""
    standing = _Standing(user)
    if not standing.signed_in:
        raise Http404("Not found")
    departments = Department.objects.all()
    if not standing.performance_team:
        departments = departments.filter(
            Q(pk__in=standing.departments)
            | Q(pk__in=enterable_indicators(user).values("department_id"))
            | Q(pk__in=enterable_milestones(user).values("objective__plan__department_id"))
        )
    return _get(departments.select_related("directorate"), code=code)


def access_collection(user: Person) -> User:
    """Opening rounds, validating, returning and publishing: the performance team's."""
    return access_performance_team(user)


def access_published_actual(user: Person, code: str, period: str) -> Actual:
    """A published figure, by its indicator's code and its period, for the performance team
    to correct; 404 for anyone else, and for a figure that is not published."""
    if not is_performance_team(user):
        raise Http404("Not found")
    try:
        when = Period.parse(period)
    except PeriodError:
        raise Http404("Not found") from None
    return _get(
        Actual.objects.select_related("indicator").filter(state=WorkflowState.PUBLISHED),
        indicator__code=code,
        period=when,
    )


def access_target(user: Person, pk: int) -> Target:
    """A target, to anyone who may see its indicator (targets are not drafts)."""
    return _get(
        Target.objects.select_related("indicator").filter(indicator__in=visible_indicators(user)),
        pk=pk,
    )


# -- reports ---------------------------------------------------------------------------------
#
# Reports are built from published figures only, so for now every signed-in person may open
# any report. A saved report is seen by its owner, the members of the boards it is shared with,
# and the performance team; only its owner changes who it is shared with, or deletes it.


def access_reports(user: Person) -> User:
    """The person, if they may open reports: anyone signed in."""
    if not _signed_in(user):
        raise Http404("Not found")
    assert isinstance(user, User)
    return user


def visible_saved_reports(user: Person) -> SavedReportQuerySet:
    if not _signed_in(user):
        return SavedReport.objects.none()
    assert isinstance(user, User)
    if is_performance_team(user):
        return SavedReport.objects.all()
    return SavedReport.objects.open_to(user)


def access_saved_report(user: Person, pk: int) -> SavedReport:
    return _get(visible_saved_reports(user).select_related("owner"), pk=pk)


def access_saved_report_to_change(user: Person, pk: int) -> SavedReport:
    """A saved report its owner shares, re-shares or deletes; 404 for anyone else."""
    if not _signed_in(user):
        raise Http404("Not found")
    return _get(SavedReport.objects.filter(owner_id=user.pk).select_related("owner"), pk=pk)
