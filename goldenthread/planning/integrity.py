"""Golden-thread integrity: the places where the thread is broken or tangled.

Each finding is a kind of problem with the items that have it, for the performance team's page
and for `goldenthread check-thread`. A fixed number of queries, whatever the data's size.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Max, Q

from goldenthread.planning.models import Objective, Plan, PlanKind, Task
from goldenthread.planning.periods import Period


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    where: str = ""  # the plan or department it belongs to


@dataclass(frozen=True)
class Finding:
    key: str
    title: str
    advice: str
    items: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class ThreadCheck:
    year: Period
    findings: list[Finding]

    @property
    def problems(self) -> int:
        return sum(f.count for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": str(self.year),
            "problems": self.problems,
            "findings": [
                {
                    "key": f.key,
                    "title": f.title,
                    "advice": f.advice,
                    "count": f.count,
                    "items": [asdict(item) for item in f.items],
                }
                for f in self.findings
            ],
        }


def current_year() -> Period:
    """The financial year now being reported: that of the latest figure entered, or, before
    any figures exist, the one containing today."""
    from django.utils import timezone

    from goldenthread.indicators.models import Actual

    latest = Actual.objects.aggregate(latest=Max("period"))["latest"]
    if latest:
        return Period.parse(latest).financial_year
    return Period.year_of(timezone.localdate())


def _objective_items(objectives: Any) -> list[Item]:
    return [Item(o.code, o.title, o.plan.title) for o in objectives.select_related("plan")]


def _unlinked_personal_tasks() -> list[Item]:
    """Tasks in personal plans (EDRs) that serve no objective: the thread stops above the
    person. Shown with the plan's code, the task, and whose plan it is."""
    tasks = (
        Task.objects.filter(plan__kind=PlanKind.PERSONAL_PLAN, objective__isnull=True)
        .select_related("plan__owner")
        .order_by("plan__code", "id")
    )
    return [
        Item(
            t.plan.code,
            t.title,
            f"{t.plan.title} ({t.plan.owner})" if t.plan.owner else t.plan.title,
        )
        for t in tasks
    ]


def check_thread(year: Period | None = None) -> ThreadCheck:
    from goldenthread.indicators.models import Indicator

    year = year or current_year()
    indicators = Indicator.objects.select_related("department").order_by("code")

    def indicator_items(queryset: Any) -> list[Item]:
        return [Item(i.code, i.title, i.department.name if i.department else "") for i in queryset]

    year_quarters = [str(q) for q in year.quarters()] + [str(year)]
    findings = [
        Finding(
            "objectives_unlinked",
            "Objectives linked to no priority",
            "Link each objective to the priority it serves, or drop it.",
            _objective_items(Objective.objects.unlinked()),
        ),
        Finding(
            "objectives_multi_linked",
            "Objectives linked to several priorities",
            "The thread is clearer with one priority; keep secondary links only where "
            "the work truly serves both.",
            _objective_items(Objective.objects.multi_linked().order_by("code")),
        ),
        Finding(
            "objectives_unmeasured",
            "Objectives with no indicator and no milestone",
            "Say how progress will be known: add a milestone or link an indicator.",
            _objective_items(
                Objective.objects.filter(indicators__isnull=True, milestones__isnull=True)
            ),
        ),
        Finding(
            "indicators_without_objective",
            "Indicators linked to no objective",
            "Link the indicator to the objective it measures.",
            indicator_items(indicators.filter(objectives__isnull=True)),
        ),
        Finding(
            "indicators_without_priority",
            "Indicators linked to no priority",
            "List the priorities the indicator serves, the main one first.",
            indicator_items(indicators.filter(priority_links__isnull=True)),
        ),
        Finding(
            "plans_without_parent",
            "Plans with no parent plan",
            "Every plan below the community strategy should sit under the plan it serves.",
            [
                Item(p.code, p.title, p.department.name if p.department else "")
                for p in Plan.objects.without_parent().select_related("department").order_by("code")
            ],
        ),
        Finding(
            "indicators_without_owner",
            "Indicators with no responsible officer",
            "Name the officer responsible for each indicator.",
            indicator_items(indicators.filter(responsible_officer__isnull=True)),
        ),
        Finding(
            "indicators_without_target",
            f"Indicators with no target for {year}",
            f"Set a target for {year} or one of its quarters.",
            indicator_items(indicators.exclude(Q(targets__period__in=year_quarters)).distinct()),
        ),
        Finding(
            "tasks_without_objective",
            "Tasks in personal plans linked to no objective",
            "Link each task to the objective it serves, so the person can see where their work "
            "fits; drop a task that serves none.",
            _unlinked_personal_tasks(),
        ),
    ]
    return ThreadCheck(year, findings)
