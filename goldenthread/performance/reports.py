"""The status report of FORMATS.md: one row per indicator for a period, with its rating."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from goldenthread.indicators.models import Frequency, Indicator
from goldenthread.organisation.models import Department
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.selectors import RATED_STATES, period_assessments
from goldenthread.planning.models import Priority
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.workflow import WorkflowState

COLUMNS = [
    "indicator",
    "title",
    "polarity",
    "target",
    "actual",
    "status",
    "direction",
    "exception",
    "explanation",
    "period",
    "department",
    "unit",
    "state",
    "direction_explanation",
    "rule",
]

# Which indicators are due in a period of each length, even before anything is reported.
DUE_FREQUENCIES = {
    PeriodKind.QUARTER: [Frequency.MONTHLY, Frequency.QUARTERLY],
    PeriodKind.HALF: [Frequency.MONTHLY, Frequency.QUARTERLY],
    PeriodKind.YEAR: [Frequency.ANNUAL, Frequency.BIENNIAL],
}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


def indicators_in_report(
    period: Period, *, department: Department | None = None, priority: Priority | None = None
) -> QuerySet[Indicator]:
    """Indicators due in ``period`` by their frequency, and any with a figure or target for it."""
    indicators = Indicator.objects.filter(
        Q(frequency__in=DUE_FREQUENCIES[period.kind])
        | Q(actuals__period=period)
        | Q(targets__period=period)
    )
    if department is not None:
        indicators = indicators.filter(department=department)
    if priority is not None:
        indicators = indicators.filter(priority_links__priority=priority)
    return Indicator.objects.filter(pk__in=indicators.values("pk")).select_related("department")


@dataclass(frozen=True)
class StatusReport:
    period: Period
    rows: list[dict[str, Any]]
    published_only: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": "status",
            "period": str(self.period),
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "published_only": self.published_only,
            "rows": self.rows,
        }


def status_report(
    period: Period,
    *,
    department: Department | None = None,
    priority: Priority | None = None,
    published_only: bool = False,
) -> StatusReport:
    """Rate every indicator in the report for ``period``. As the performance team, validated
    and published figures count; ``published_only`` narrows that to what boards and the public
    see."""
    states = [WorkflowState.PUBLISHED] if published_only else list(RATED_STATES)
    indicators = indicators_in_report(period, department=department, priority=priority)
    results = period_assessments(
        indicators, period, council=RatingSettings.current().council_rules(), states=states
    )
    rows = [
        {
            "indicator": r.indicator.code,
            "title": r.indicator.title,
            "polarity": r.indicator.polarity,
            "target": _number(r.target),
            "actual": _number(r.actual.value) if r.actual else None,
            "status": r.status,
            "direction": r.direction,
            "exception": r.exception,
            "explanation": r.explanation,
            "period": str(period),
            "department": r.indicator.department.code if r.indicator.department else None,
            "unit": r.indicator.unit,
            "state": r.actual.state if r.actual else None,
            "direction_explanation": r.direction_explanation,
            "rule": r.record.rule if r.record else str(r.assessment.rules.rule),
        }
        for r in results
    ]
    return StatusReport(period, rows, published_only)
