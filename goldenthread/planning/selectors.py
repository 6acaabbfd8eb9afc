"""Reads that span planning and indicators: how well the golden thread covers the priorities."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count

from goldenthread.planning.models import Milestone, Objective, ObjectiveLink, Priority


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
        Objective.objects.multi_linked()
        .select_related("plan")
        .prefetch_related("links__priority")
    )
    multi_linked = [
        ThreadItem(
            code=o.code, title=o.title, plan=o.plan.title,
            priorities=sorted({link.priority.name for link in o.links.all()}),
        )
        for o in multi
    ]
    unlinked_indicators = Indicator.objects.filter(priority_links__isnull=True).count()
    return Coverage(rows, unlinked, multi_linked, unlinked_indicators)
