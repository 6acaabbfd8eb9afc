"""Counts for the overview tables of the home pages: each department's service plan, each
priority. A fixed number of queries whatever the size of the council's data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from goldenthread.access import (
    Person,
    visible_departments,
    visible_indicators,
    visible_objectives,
    visible_plans,
    visible_priorities,
)
from goldenthread.indicators.models import Actual, IndicatorPriority
from goldenthread.organisation.models import Department
from goldenthread.planning.models import Milestone, ObjectiveLink, Plan, Priority
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState


@dataclass
class PlanSummary:
    """One department's service plan in counts: a line of an overview table."""

    department: Department
    plan: Plan | None
    objectives: int = 0
    milestones: int = 0
    indicators: int = 0
    reported: int = 0  # actuals entered for the reporting quarter
    published: int = 0  # of which published


@dataclass
class PrioritySummary:
    priority: Priority
    key_objectives: int = 0
    areas_of_focus: int = 0
    objectives: int = 0
    milestones: int = 0
    indicators: int = 0
    published: int = 0  # published actuals for the quarter asked about


def plan_summaries(
    user: Person, departments: QuerySet[Department], quarter: Period
) -> list[PlanSummary]:
    """Each department's latest service plan in counts, in five queries."""
    departments = visible_departments(user).filter(pk__in=departments.values("pk"))
    plans = visible_plans(user).service_plans().filter(department__in=departments)
    latest_plan: dict[int, Plan] = {}
    for plan in plans.order_by("first_year", "pk"):
        latest_plan[plan.department_id] = plan  # type: ignore[index]
    rows = {
        d.pk: PlanSummary(d, latest_plan.get(d.pk))
        for d in departments.select_related("directorate").order_by("name")
    }
    plan_ids = [p.pk for p in latest_plan.values()]
    objectives = visible_objectives(user).filter(plan__in=plan_ids)
    for department_id, n in (
        objectives.values_list("plan__department").annotate(n=Count("id")).order_by()
    ):
        rows[department_id].objectives = n
    for department_id, n in (
        Milestone.objects.filter(objective__in=objectives)
        .values_list("objective__plan__department")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[department_id].milestones = n
    indicators = visible_indicators(user).filter(department__in=departments)
    for department_id, n in indicators.values_list("department").annotate(n=Count("id")).order_by():
        rows[department_id].indicators = n
    for department_id, state, n in (
        Actual.objects.filter(indicator__in=indicators, period=quarter)
        .values_list("indicator__department", "state")
        .annotate(n=Count("id"))
        .order_by()
    ):
        rows[department_id].reported += n
        if state == WorkflowState.PUBLISHED:
            rows[department_id].published += n
    return list(rows.values())


def priority_summaries(
    user: Person, priorities: QuerySet[Priority], quarter: Period
) -> list[PrioritySummary]:
    """Each priority in counts of everything linked to it (an objective linked to two
    priorities counts under both), in six queries."""
    rows = {
        p.pk: PrioritySummary(p)
        for p in visible_priorities(user)
        .filter(pk__in=priorities.values("pk"))
        .annotate(
            key_objective_count=Count("key_objectives", distinct=True),
            area_count=Count("areas_of_focus", distinct=True),
        )
    }
    for row in rows.values():
        row.key_objectives = row.priority.key_objective_count  # type: ignore[attr-defined]
        row.areas_of_focus = row.priority.area_count  # type: ignore[attr-defined]
    objectives = visible_objectives(user)
    links = ObjectiveLink.objects.filter(priority__in=list(rows), objective__in=objectives)
    for priority_id, n in (
        links.values_list("priority").annotate(n=Count("objective", distinct=True)).order_by()
    ):
        rows[priority_id].objectives = n
    for priority_id, n in (
        Milestone.objects.filter(objective__links__in=links)
        .values_list("objective__links__priority")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    ):
        rows[priority_id].milestones = n
    indicator_links = IndicatorPriority.objects.filter(
        priority__in=list(rows), indicator__in=visible_indicators(user)
    )
    counts = indicator_links.values_list("priority").annotate(n=Count("id")).order_by()
    for priority_id, n in counts:
        rows[priority_id].indicators = n
    published = Counter(
        dict(
            Actual.objects.published()
            .filter(period=quarter, indicator__priority_links__in=indicator_links)
            .values_list("indicator__priority_links__priority")
            .annotate(n=Count("id", distinct=True))
            .order_by()
        )
    )
    for priority_id, row in rows.items():
        row.published = published[priority_id]
    return list(rows.values())
