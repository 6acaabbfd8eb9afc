"""Reads that span planning and indicators: how well the golden thread covers the priorities."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery

from goldenthread.organisation.models import Department, Portfolio
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    MilestoneUpdate,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    PlanQuerySet,
    Priority,
    Task,
)

if TYPE_CHECKING:
    # Only for annotations: the indicators app builds on planning, not the other way round.
    from goldenthread.indicators.models import IndicatorQuerySet


@dataclass(frozen=True)
class CoverageRow:
    priority: str
    code: str
    objectives_milestones: int
    indicators: int

    @property
    def total(self) -> int:
        return self.objectives_milestones + self.indicators


@dataclass(frozen=True)
class ThreadItem:
    code: str
    title: str
    plan: str
    priorities: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Coverage:
    """The review's Table 2, computed from the data.

    Each objective, milestone and indicator counts once, under its primary priority: an
    objective's primary link, a milestone's objective's primary link, an indicator's first-listed
    priority. Objectives linked to no priority are reported apart, not in the rows.
    """

    rows: list[CoverageRow]
    unlinked: list[ThreadItem]
    multi_linked: list[ThreadItem]
    unlinked_indicators: int

    @property
    def totals(self) -> dict[str, int]:
        om = sum(row.objectives_milestones for row in self.rows)
        ind = sum(row.indicators for row in self.rows)
        return {"objectives_milestones": om, "indicators": ind, "total": om + ind}

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": [{**asdict(row), "total": row.total} for row in self.rows],
            "totals": self.totals,
            "unlinked": [asdict(item) for item in self.unlinked],
            "multi_linked": [asdict(item) for item in self.multi_linked],
            "unlinked_indicators": self.unlinked_indicators,
        }


def thread_coverage() -> Coverage:
    """Table 2 for the whole council, in a fixed number of queries whatever the data's size."""
    from goldenthread.indicators.models import Indicator, IndicatorPriority

    objectives = Counter(
        dict(
            ObjectiveLink.objects.filter(is_primary=True)
            .values_list("priority")
            .annotate(n=Count("objective", distinct=True))
        )
    )
    milestones = Counter(
        dict(
            Milestone.objects.filter(objective__links__is_primary=True)
            .values_list("objective__links__priority")
            .annotate(n=Count("id", distinct=True))
        )
    )
    indicators = Counter(
        dict(
            IndicatorPriority.objects.filter(position=0)
            .values_list("priority")
            .annotate(n=Count("indicator", distinct=True))
        )
    )
    rows = [
        CoverageRow(
            priority=priority.name,
            code=priority.code,
            objectives_milestones=objectives[priority.pk] + milestones[priority.pk],
            indicators=indicators[priority.pk],
        )
        for priority in Priority.objects.all()
    ]
    unlinked = [
        ThreadItem(code=o.code, title=o.title, plan=o.plan.title)
        for o in Objective.objects.unlinked().select_related("plan")
    ]
    multi = (
        Objective.objects.multi_linked().select_related("plan").prefetch_related("links__priority")
    )
    multi_linked = [
        ThreadItem(
            code=o.code,
            title=o.title,
            plan=o.plan.title,
            priorities=sorted({link.priority.name for link in o.links.all()}),
        )
        for o in multi
    ]
    unlinked_indicators = Indicator.objects.filter(priority_links__isnull=True).count()
    return Coverage(rows, unlinked, multi_linked, unlinked_indicators)


# -- the thread as pages: walked down from priorities and departments, up from objectives ------
#
# Each function takes the querysets the person may see (from goldenthread.access) and runs a
# fixed number of queries, whatever the number of rows it returns.

# A plan's ancestors, fetched in the same query: a personal plan sits four levels down.
PLAN_ANCESTORS = "parent__parent__parent__parent"


def plan_ancestors(plan: Plan) -> list[Plan]:
    """The plans above ``plan``, top first. Fetch ``plan`` with PLAN_ANCESTORS selected."""
    chain = []
    current = plan.parent
    while current is not None:
        chain.append(current)
        current = current.parent
    return chain[::-1]


@dataclass(frozen=True)
class KeyObjectiveAreas:
    key_objective: KeyObjective | None
    areas: list[AreaOfFocus]


@dataclass(frozen=True)
class PriorityOutline:
    priority: Priority
    key_objectives: list[KeyObjectiveAreas]


def priority_outline(priority: Priority) -> PriorityOutline:
    """Key objectives with their areas of focus, then areas of focus with no key objective.
    Expects key_objectives__areas_of_focus and areas_of_focus prefetched."""
    groups = [
        KeyObjectiveAreas(key, sorted(key.areas_of_focus.all(), key=lambda a: a.number))
        for key in priority.key_objectives.all()
    ]
    loose = [area for area in priority.areas_of_focus.all() if area.key_objective_id is None]
    if loose:
        groups.append(KeyObjectiveAreas(None, loose))
    return PriorityOutline(priority, groups)


def with_outline(priorities: QuerySet[Priority]) -> QuerySet[Priority]:
    return priorities.prefetch_related(
        "key_objectives__areas_of_focus",
        Prefetch("areas_of_focus", queryset=AreaOfFocus.objects.order_by("number")),
    )


@dataclass(frozen=True)
class PlansIndex:
    priorities: list[PriorityOutline]
    council_plans: list[Plan]
    departments: list[Department]


def plans_index(
    *, priorities: QuerySet[Priority], departments: QuerySet[Department], plans: PlanQuerySet
) -> PlansIndex:
    """The way in: priorities with key objectives and areas of focus; the council-wide plans;
    departments (by directorate) with their service plans as ``department.service_plans``."""
    outlines = [priority_outline(priority) for priority in with_outline(priorities)]
    council_plans = list(
        plans.filter(kind__in=[PlanKind.COMMUNITY_STRATEGY, PlanKind.CORPORATE_PLAN]).order_by(
            "kind", "-first_year", "title"
        )
    )
    department_rows: list[Department] = list(
        departments.select_related("directorate")
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=plans.service_plans().order_by("-first_year", "title"),
                to_attr="service_plans",
            )
        )
        .order_by("directorate__name", "name")
    )
    return PlansIndex(outlines, council_plans, department_rows)


@dataclass(frozen=True)
class ThreadObjective:
    """An objective as shown inside a tree, with what hangs under it."""

    objective: Objective
    milestones: list[Milestone]
    indicators: list[Any]  # Indicator rows annotated by with_latest_actual()


@dataclass(frozen=True)
class AreaThread:
    area: AreaOfFocus | None  # None: objectives linked to the priority with no area of focus
    objectives: list[ThreadObjective]


@dataclass(frozen=True)
class PriorityThread:
    outline: PriorityOutline
    areas: list[AreaThread]
    indicators: list[Any]  # annotated with latest actual and ``link_position`` (0 is primary)

    @property
    def priority(self) -> Priority:
        return self.outline.priority


def _linked_objectives(
    links: QuerySet[ObjectiveLink], objectives: QuerySet[Objective], indicators: IndicatorQuerySet
) -> QuerySet[ObjectiveLink]:
    """Links with their objectives, each objective's milestones and indicators prefetched."""
    return (
        links.filter(objective__in=objectives)
        .select_related("objective__plan", "area_of_focus")
        .prefetch_related(
            Prefetch("objective__milestones", queryset=Milestone.objects.order_by("due", "code")),
            Prefetch(
                "objective__indicators",
                queryset=indicators.with_latest_actual().order_by("code"),
            ),
        )
        .order_by("area_of_focus__number", "objective__code")
    )


def _thread_objective(link: ObjectiveLink) -> ThreadObjective:
    objective = link.objective
    return ThreadObjective(
        objective, list(objective.milestones.all()), list(objective.indicators.all())
    )


def priority_thread(
    priority: Priority, *, objectives: QuerySet[Objective], indicators: IndicatorQuerySet
) -> PriorityThread:
    """A priority walked down: key objectives and areas of focus, the objectives linked to
    each area (and those linked with no area), their milestones and indicators; then every
    indicator linked to the priority."""
    full_priority = with_outline(Priority.objects.filter(pk=priority.pk)).get()
    outline = priority_outline(full_priority)
    links = _linked_objectives(
        ObjectiveLink.objects.filter(priority=priority), objectives, indicators
    )
    by_area: dict[int | None, list[ThreadObjective]] = {}
    for link in links:
        by_area.setdefault(link.area_of_focus_id, []).append(_thread_objective(link))
    areas = [
        AreaThread(area, by_area.get(area.pk, [])) for area in full_priority.areas_of_focus.all()
    ]
    if None in by_area:
        areas.append(AreaThread(None, by_area[None]))
    return PriorityThread(outline, areas, list(priority_indicators(priority, indicators)))


def priority_indicators(priority: Priority, indicators: IndicatorQuerySet) -> QuerySet[Any]:
    """The indicators linked to ``priority``, primary ones first, with their latest actual."""
    from goldenthread.indicators.models import IndicatorPriority

    position = IndicatorPriority.objects.filter(indicator=OuterRef("pk"), priority=priority).values(
        "position"
    )[:1]
    return (
        indicators.filter(priority_links__priority=priority)
        .select_related("department")
        .with_latest_actual()
        .annotate(link_position=Subquery(position))
        .order_by("link_position", "code")
    )


@dataclass(frozen=True)
class AreaOfFocusThread:
    area: AreaOfFocus
    objectives: list[ThreadObjective]


def area_of_focus_thread(
    area: AreaOfFocus, *, objectives: QuerySet[Objective], indicators: IndicatorQuerySet
) -> AreaOfFocusThread:
    """An area of focus walked down: the objectives linked to it, their milestones and PIs."""
    links = _linked_objectives(
        ObjectiveLink.objects.filter(area_of_focus=area), objectives, indicators
    )
    return AreaOfFocusThread(area, [_thread_objective(link) for link in links])


def _objectives_with_links(objectives: QuerySet[Objective]) -> QuerySet[Objective]:
    """Objectives with their links up (primary first) and counts of what hangs below them."""
    return (
        objectives.select_related("plan")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=ObjectiveLink.objects.select_related("priority", "area_of_focus").order_by(
                    "-is_primary", "priority__number"
                ),
            )
        )
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            indicator_count=Count("indicators", distinct=True),
            task_count=Count("tasks", distinct=True),
        )
        .order_by("code")
    )


@dataclass(frozen=True)
class DepartmentPage:
    department: Department
    portfolios: list[Portfolio]
    service_plans: list[Plan]
    other_plans: list[Plan]
    objectives: list[Objective]  # of its service plans, with links and counts
    indicators: list[Any]  # with latest actual


def department_page(
    department: Department,
    *,
    plans: QuerySet[Plan],
    objectives: QuerySet[Objective],
    indicators: IndicatorQuerySet,
) -> DepartmentPage:
    """A department walked down: its service plan, other plans, the service plan's
    objectives and the department's indicators."""
    portfolios = list(department.portfolios.order_by("name"))
    own_plans = sorted(
        plans.filter(department=department).select_related("parent"),
        key=lambda p: (p.level, -p.first_year, p.title),
    )
    service_plans = [p for p in own_plans if p.kind == PlanKind.SERVICE_PLAN]
    other_plans = [p for p in own_plans if p.kind != PlanKind.SERVICE_PLAN]
    service_objectives = list(
        _objectives_with_links(
            objectives.filter(plan__department=department, plan__kind=PlanKind.SERVICE_PLAN)
        )
    )
    own_indicators = list(
        indicators.filter(department=department).with_latest_actual().order_by("code")
    )
    return DepartmentPage(
        department, portfolios, service_plans, other_plans, service_objectives, own_indicators
    )


@dataclass(frozen=True)
class PlanPage:
    plan: Plan
    ancestors: list[Plan]
    children: list[Plan]
    objectives: list[Objective]
    tasks: list[Task]


def plan_page(plan: Plan, *, plans: QuerySet[Plan], objectives: QuerySet[Objective]) -> PlanPage:
    """A plan with the plans above and below it, its objectives and its tasks."""
    plan = Plan.objects.select_related(PLAN_ANCESTORS, "department", "owner").get(pk=plan.pk)
    children = sorted(
        plans.filter(parent=plan).select_related("department", "owner"),
        key=lambda p: (p.level, p.title),
    )
    return PlanPage(
        plan=plan,
        ancestors=plan_ancestors(plan),
        children=children,
        objectives=list(_objectives_with_links(objectives.filter(plan=plan))),
        tasks=list(plan.tasks.select_related("objective", "owner").order_by("due", "id")),
    )


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    latest_update: MilestoneUpdate | None


@dataclass(frozen=True)
class ObjectivePage:
    objective: Objective
    links: list[ObjectiveLink]
    plan_ancestors: list[Plan]
    milestones: list[MilestoneRow]
    indicators: list[Any]  # with latest actual
    tasks: list[Task]


def objective_page(
    objective: Objective, *, indicators: IndicatorQuerySet, plans: QuerySet[Plan]
) -> ObjectivePage:
    """An objective walked up (its priorities and areas of focus, its plan and the plans above)
    and down (milestones with their latest update, indicators, tasks in lower plans)."""
    objective = Objective.objects.select_related(
        f"plan__{PLAN_ANCESTORS}", "plan__department", "owner"
    ).get(pk=objective.pk)
    links = list(
        objective.links.select_related("priority", "area_of_focus__key_objective").order_by(
            "-is_primary", "priority__number", "area_of_focus__number"
        )
    )
    milestones = [
        MilestoneRow(m, max(m.updates.all(), key=lambda u: u.period, default=None))
        for m in objective.milestones.select_related("owner")
        .prefetch_related("updates")
        .order_by("due", "code")
    ]
    return ObjectivePage(
        objective=objective,
        links=links,
        plan_ancestors=[*plan_ancestors(objective.plan), objective.plan],
        milestones=milestones,
        indicators=list(
            indicators.filter(objectives=objective)
            .select_related("department")
            .with_latest_actual()
            .order_by("code")
        ),
        tasks=list(
            objective.tasks.filter(plan__in=plans)
            .select_related("plan", "owner")
            .order_by("plan__kind", "plan__title", "id")
        ),
    )
