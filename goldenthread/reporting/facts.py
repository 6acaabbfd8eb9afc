"""The published figures behind a report: every indicator and milestone in its scope, rated for
each of its periods, in a fixed number of queries however many there are.

Reports are built from published figures only: what boards, partners and the public see. An
item with nothing published for a period still being collected (its round is open) is
awaiting publication, not "not reported" (goldenthread.performance.rating.as_reported).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from goldenthread.indicators.models import Actual, Frequency, Indicator, IndicatorPriority
from goldenthread.monitoring.models import DepartmentNarrative
from goldenthread.performance.milestones import rate_milestone
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.rating import as_reported
from goldenthread.performance.selectors import IndicatorAssessment, period_assessments
from goldenthread.planning.models import (
    Milestone,
    MilestoneProgress,
    MilestoneUpdate,
    ObjectiveLink,
)
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.reporting.choices import Content
from goldenthread.reporting.document import IndicatorRow, MilestoneRow
from goldenthread.reporting.scope import Scope, set_filter
from goldenthread.reporting.spec import ReportSpec
from goldenthread.workflow import WorkflowState

PUBLISHED = [WorkflowState.PUBLISHED]
QUARTERLY: list[str] = [Frequency.MONTHLY, Frequency.QUARTERLY]
ANNUAL: list[str] = [Frequency.ANNUAL, Frequency.BIENNIAL]


def rating_periods(period: Period) -> list[tuple[Period, list[str]]]:
    """Which figures a report for ``period`` rates: quarterly ones at its last quarter (a half
    year is reported by its second quarter's year-to-date figures), annual ones at a year."""
    if period.kind is PeriodKind.QUARTER:
        return [(period, QUARTERLY)]
    last_quarter = period.quarters()[-1]
    if period.kind is PeriodKind.HALF:
        return [(last_quarter, QUARTERLY)]
    return [(last_quarter, QUARTERLY), (period, ANNUAL)]


@dataclass
class Item:
    """An indicator or milestone in a report, with what it is grouped by."""

    department: str  # department code, or empty
    priorities: tuple[str, ...]  # priority codes, primary first
    indicator: IndicatorRow | None = None
    milestone: MilestoneRow | None = None
    revision: int = 0  # how many times the published figure has been corrected

    @property
    def status(self) -> str:
        row = self.indicator or self.milestone
        assert row is not None
        return row.status

    @property
    def is_exception(self) -> bool:
        if self.indicator is not None:
            return self.indicator.exception is not None
        return self.status == "red"

    @property
    def key(self) -> str:
        return f"i:{self.indicator.code}" if self.indicator else f"m:{self.milestone.code}"  # type: ignore[union-attr]


@dataclass
class PeriodFacts:
    period: Period
    items: list[Item] = field(default_factory=list)
    narratives: dict[str, DepartmentNarrative] = field(default_factory=dict)  # by department
    described: dict[str, Indicator] = field(default_factory=dict)  # the indicators, by code

    @property
    def indicators(self) -> list[Item]:
        return [item for item in self.items if item.indicator is not None]

    @property
    def milestones(self) -> list[Item]:
        return [item for item in self.items if item.milestone is not None]


def gather(
    spec: ReportSpec, scope: Scope, *, collecting: Iterable[Period] = ()
) -> list[PeriodFacts]:
    """Everything published in ``scope`` for each of ``spec``'s periods, before the spec's
    status and exception filters; ``collecting``: the periods whose rounds are still open
    (goldenthread.access.collecting_periods). Queries: 3, plus 4 per rated period, plus 3 per
    period for milestones and narratives."""
    still_open = frozenset(collecting)
    council = RatingSettings.current().council_rules()
    base = Indicator.objects.filter(scope.indicators).filter(set_filter(spec.sets))
    indicators = Indicator.objects.filter(pk__in=base.values("pk"))
    links = Prefetch(
        "priority_links",
        queryset=IndicatorPriority.objects.select_related("priority").order_by("position"),
    )
    described = {
        i.pk: i
        for i in indicators.select_related("department", "laa_membership").prefetch_related(links)
    }
    facts = []
    for period in spec.periods:
        found = PeriodFacts(period, described={i.code: i for i in described.values()})
        for rated_at, frequencies in rating_periods(period):
            published_then = Actual.objects.filter(
                indicator=OuterRef("pk"), period=rated_at, state=WorkflowState.PUBLISHED
            )
            chosen = indicators.filter(Q(frequency__in=frequencies) | Exists(published_then))
            for result in period_assessments(chosen, rated_at, council=council, states=PUBLISHED):
                indicator = described[result.indicator.pk]
                found.items.append(_indicator_item(indicator, result, rated_at in still_open))
        # Milestones belong to no indicator set: a report narrowed to sets has none.
        if spec.shows(Content.MILESTONES) and not spec.sets and not _no_milestones(scope):
            quarter = rating_periods(period)[0][0]
            found.items += _milestone_items(scope, quarter, quarter in still_open)
        if not spec.shows(Content.COMMENTARY) or not scope.narratives:
            facts.append(found)
            continue
        found.narratives = {
            n.department.code: n
            for n in DepartmentNarrative.objects.filter(
                round__quarter=rating_periods(period)[0][0],
                department__in=scope.departments,
                state=WorkflowState.PUBLISHED,
            ).select_related("department")
        }
        facts.append(found)
    return facts


def _no_milestones(scope: Scope) -> bool:
    return scope.milestones == Q(pk__in=[])


def _indicator_item(indicator: Indicator, result: IndicatorAssessment, collecting: bool) -> Item:
    actual: Actual | None = result.actual
    status, explanation = as_reported(
        result.status,
        result.explanation,
        collecting=collecting,
        period=result.period,
        what="figure",
    )
    priorities = tuple(link.priority.code for link in indicator.priority_links.all())
    department = indicator.department
    row = IndicatorRow(
        code=indicator.code,
        title=indicator.title,
        period=result.period,
        department=department.name if department else "",
        indicator_set=indicator.indicator_set,
        is_key=indicator.is_key,
        in_laa=hasattr(indicator, "laa_membership"),
        unit=indicator.unit,
        decimals=indicator.decimals,
        target=result.target,
        actual=actual.value if actual else None,
        status=status,
        direction=result.direction,
        exception=result.exception,
        explanation=explanation,
        commentary=actual.commentary if actual else "",
        priorities=priorities,
        url=reverse("indicator", args=[indicator.code]),
        history_url=reverse("item_history", args=["actual", actual.pk]) if actual else "",
    )
    return Item(
        department=department.code if department else "",
        priorities=priorities,
        indicator=row,
        revision=actual.revision if actual else 0,
    )


def _milestone_items(scope: Scope, quarter: Period, collecting: bool) -> list[Item]:
    """Milestones due this financial year, and earlier ones not yet complete, rated as at the
    end of ``quarter`` from their published progress reports (``collecting``: the quarter's
    round is still open)."""
    year = quarter.financial_year
    this_year = [year, *year.quarters(), Period(year.year, PeriodKind.HALF, 1)]
    this_year.append(Period(year.year, PeriodKind.HALF, 2))
    in_scope = Milestone.objects.filter(scope.milestones)
    completed_earlier = MilestoneUpdate.objects.filter(
        milestone=OuterRef("pk"),
        progress=MilestoneProgress.COMPLETE,
        state=WorkflowState.PUBLISHED,
        period__lt=year,
    )
    milestones = list(
        Milestone.objects.filter(pk__in=in_scope.values("pk"))
        .annotate(done_earlier=Exists(completed_earlier))
        .filter(Q(due__in=this_year) | Q(due__lt=year, done_earlier=False))
        .select_related("objective__plan__department")
        .prefetch_related(
            Prefetch(
                "objective__links",
                queryset=ObjectiveLink.objects.select_related("priority").order_by(
                    "-is_primary", "priority__number"
                ),
            )
        )
        .order_by("code")
    )
    # This year's progress reports up to the quarter (periods are stored as text, which sorts
    # by year first: the bounds are coarse, made exact below).
    updates: dict[int, list[MilestoneUpdate]] = defaultdict(list)
    for update in MilestoneUpdate.objects.filter(
        milestone__in=[m.pk for m in milestones],
        state=WorkflowState.PUBLISHED,
        period__gte=year,
        period__lte=quarter,
    ).order_by("period"):
        inside = update.period.kind is PeriodKind.QUARTER and year.contains(update.period)
        if inside and update.period <= quarter:
            updates[update.milestone_id].append(update)
    items = []
    for milestone in milestones:
        reported = updates.get(milestone.pk, [])
        now = next((u for u in reported if u.period == quarter), None)
        complete = next((u for u in reported if u.progress == MilestoneProgress.COMPLETE), None)
        shown = now or complete
        progress = shown.progress if shown else None
        if milestone.done_earlier and not shown:
            progress = MilestoneProgress.COMPLETE  # completed in an earlier year
        rating = rate_milestone(progress=progress, due=milestone.due, as_at=quarter)
        status, explanation = as_reported(
            rating.status,
            rating.explanation,
            collecting=collecting,
            period=quarter,
            what="progress",
        )
        objective = milestone.objective
        department = objective.plan.department
        priorities = tuple(dict.fromkeys(link.priority.code for link in objective.links.all()))
        items.append(
            Item(
                department=department.code if department else "",
                priorities=priorities,
                milestone=MilestoneRow(
                    code=milestone.code,
                    title=milestone.title,
                    period=quarter,
                    objective=f"{objective.code} {objective.title}",
                    department=department.name if department else "",
                    due=milestone.due,
                    progress=shown.get_progress_display() if shown else "",
                    status=status,
                    explanation=explanation,
                    commentary=shown.commentary if shown else "",
                    url=reverse("objective", args=[objective.code]),
                    history_url=reverse("item_history", args=["milestone", shown.pk])
                    if shown
                    else "",
                ),
            )
        )
    return items
