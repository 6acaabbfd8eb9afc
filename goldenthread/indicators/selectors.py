"""Reads of the indicator library, targets and actuals for the pages that show them.

Every function takes the queryset of indicators the person may see (from goldenthread.access)
and runs a fixed number of queries, whatever the number of indicators or actuals.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from goldenthread.access import collecting_periods
from goldenthread.indicators.models import (
    Actual,
    Indicator,
    IndicatorPriority,
    IndicatorQuerySet,
    IndicatorSet,
    LAAIndicator,
    Target,
)
from goldenthread.planning.models import Objective
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

LAA = "LAA"
NO_PRIORITY = "none"

# The library's "set" filter: the four sets an indicator belongs to, and the LAA across them.
SET_FILTERS = [
    (IndicatorSet.NI.value, "National Indicators (NI)"),
    (IndicatorSet.BVPI.value, "Best Value Performance Indicators (BVPI)"),
    (IndicatorSet.LOCAL.value, "Local indicators"),
    (IndicatorSet.PARTNER.value, "Partner indicators"),
    (LAA, "Local Area Agreement (LAA)"),
]


def reporting_quarter(today: datetime.date | None = None, *, published: bool = False) -> Period:
    """The quarter being reported: the latest quarter any actual has been entered for (with
    ``published``, the latest with a published actual whose round is closed), or the quarter
    containing today while there is none."""
    actuals = Actual.objects.published() if published else Actual.objects.all()
    if published:  # a quarter still being collected is not yet reported, however much is out
        actuals = actuals.exclude(period__in=collecting_periods())
    latest = actuals.filter(period__contains=" Q").aggregate(latest=Max("period"))["latest"]
    if latest is not None:
        return latest if isinstance(latest, Period) else Period.parse(latest)
    return Period.quarter_of(today or timezone.localdate())


def with_primary_priority(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Prefetch each indicator's priority links, primary (position 0) first."""
    return indicators.prefetch_related(
        Prefetch(
            "priority_links",
            queryset=IndicatorPriority.objects.select_related("priority").order_by("position"),
        )
    )


def indicator_library(
    indicators: IndicatorQuerySet,
    *,
    indicator_set: str = "",
    priority: str = "",
    department: str = "",
    key_only: bool = False,
    search: str = "",
) -> QuerySet[Indicator]:
    """The library's rows: filtered, each with department, primary priority, latest actual and
    target. ``priority`` is a priority code, or ``"none"`` for indicators linked to none."""
    if indicator_set:
        indicators = indicators.of_set(indicator_set)
    if priority == NO_PRIORITY:
        indicators = indicators.filter(priority_links__isnull=True)
    elif priority:
        indicators = indicators.filter(priority_links__priority__code=priority)
    if department:
        indicators = indicators.filter(department__code=department)
    if key_only:
        indicators = indicators.key()
    if search:
        indicators = indicators.filter(Q(code__icontains=search) | Q(title__icontains=search))
    return with_primary_priority(
        indicators.select_related("department", "laa_membership").with_latest_actual()
    ).order_by("code")


@dataclass(frozen=True)
class HistoryRow:
    period: Period
    actual: Actual | None
    target: Target | None


@dataclass(frozen=True)
class IndicatorPage:
    indicator: Indicator
    priority_links: list[IndicatorPriority]
    laa: LAAIndicator | None
    objectives: list[Objective]
    targets: list[Target]
    history: list[HistoryRow]


def indicator_page(
    indicator: Indicator, *, objectives: QuerySet[Objective], actuals: QuerySet[Actual]
) -> IndicatorPage:
    """Everything the indicator page shows: its definition, links, targets and the actuals
    (of ``actuals``, those the person may see)."""
    indicator = Indicator.objects.select_related(
        "department",
        "responsible_officer",
        "collator",
        "laa_membership__agreement",
        "laa_membership__lead_partner",
    ).get(pk=indicator.pk)
    links = list(indicator.priority_links.select_related("priority").order_by("position"))
    linked_objectives = list(
        objectives.filter(indicators=indicator).select_related("plan__department").order_by("code")
    )
    targets = sorted(indicator.targets.all(), key=lambda t: t.period)
    target_for = {target.period: target for target in targets}
    shown = sorted(actuals.filter(indicator=indicator), key=lambda a: a.period, reverse=True)
    history = [HistoryRow(a.period, a, target_for.get(a.period)) for a in shown]
    try:
        laa = indicator.laa_membership
    except LAAIndicator.DoesNotExist:
        laa = None
    return IndicatorPage(indicator, links, laa, linked_objectives, targets, history)


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class CollectionProgress:
    """How far a quarter's collection has got: the figures entered, by state."""

    quarter: Period
    by_state: list[StateCount]
    expected: int

    @property
    def entered(self) -> int:
        return sum(row.count for row in self.by_state)

    @property
    def not_entered(self) -> int:
        return max(self.expected - self.entered, 0)


def collection_progress(indicators: QuerySet[Indicator], quarter: Period) -> CollectionProgress:
    """Counts of a quarter's actuals by state, against the indicators reported quarterly or
    more often (annual and biennial indicators are not expected every quarter)."""
    counts = dict(
        Actual.objects.filter(indicator__in=indicators, period=quarter)
        .values_list("state")
        .annotate(n=Count("id"))
    )
    by_state = [
        StateCount(state.value, state.label, counts.get(state.value, 0)) for state in WorkflowState
    ]
    expected = indicators.filter(frequency__in=["quarterly", "monthly"]).count()
    return CollectionProgress(quarter, by_state, expected)


def actuals_awaiting_validation(
    indicators: QuerySet[Indicator], *, limit: int = 20
) -> tuple[list[Actual], int]:
    """Submitted actuals, oldest period first, and how many there are in all."""
    waiting = Actual.objects.filter(indicator__in=indicators, state=WorkflowState.SUBMITTED)
    rows = list(
        waiting.select_related("indicator__department").order_by("period", "indicator__code")[
            :limit
        ]
    )
    return rows, waiting.count()


def recently_published(
    indicators: QuerySet[Indicator], *, relevant: Q | None = None, limit: int = 10
) -> list[Actual]:
    """The most recently published actuals, newest first, of indicators matching ``relevant``
    (a condition on Indicator); all of them when ``relevant`` is None."""
    if relevant is not None:
        indicators = indicators.filter(relevant)
    return list(
        Actual.objects.published()
        .filter(indicator__in=indicators)
        .select_related("indicator")
        .order_by("-updated_at", "indicator__code")[:limit]
    )
