"""Gathers the figures the pure rating logic needs, for many indicators at once, in a fixed
number of queries whatever the number of indicators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db.models import Max, Q, QuerySet

from goldenthread.indicators.models import Actual, Aggregation, Indicator, Target
from goldenthread.performance.assess import (
    Assessment,
    CouncilRules,
    IndicatorFacts,
    PeriodFigures,
    assess,
    target_for,
)
from goldenthread.performance.models import StatusRecord
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

RATED_STATES = (WorkflowState.VALIDATED, WorkflowState.PUBLISHED)
M = TypeVar("M", Actual, Target, StatusRecord)


def indicator_facts(indicator: Indicator) -> IndicatorFacts:
    profile = [Decimal(str(share)) for share in indicator.profile] if indicator.profile else None
    return IndicatorFacts(
        polarity=indicator.polarity,
        cumulative=indicator.aggregation == Aggregation.CUMULATIVE,
        decimals=indicator.decimals,
        tolerance=indicator.tolerance,
        tolerance_kind=indicator.tolerance_kind,
        rule=indicator.rating_rule,
        profile=profile,
    )


@dataclass(frozen=True)
class IndicatorAssessment:
    """An indicator's rating for a period: the stored one for a published figure that has
    one (history is not recoloured), otherwise worked out now."""

    indicator: Indicator
    period: Period
    actual: Actual | None
    assessment: Assessment
    record: StatusRecord | None

    @property
    def status(self) -> str:
        return self.record.status if self.record else str(self.assessment.rating.status)

    @property
    def exception(self) -> str | None:
        if self.record:
            return self.record.exception or None
        exception = self.assessment.rating.exception
        return str(exception) if exception else None

    @property
    def direction(self) -> str | None:
        if self.record:
            return self.record.direction or None
        direction = self.assessment.travel.direction
        return str(direction) if direction else None

    @property
    def explanation(self) -> str:
        return self.record.explanation if self.record else self.assessment.explanation

    @property
    def direction_explanation(self) -> str:
        if self.record:
            return self.record.direction_explanation
        return self.assessment.travel.explanation

    @property
    def target(self) -> Decimal | None:
        return self.record.target if self.record else self.assessment.rating.target


def period_assessments(
    indicators: QuerySet[Indicator],
    period: Period,
    *,
    council: CouncilRules,
    states: Iterable[str] = RATED_STATES,
    use_records: bool = True,
    validated_too: Iterable[int] = (),
    withheld: Iterable[Period] = (),
) -> list[IndicatorAssessment]:
    """Rate every indicator in ``indicators`` for ``period``, counting only actuals in
    ``states`` (and validated ones of the indicators ``validated_too`` names, by id: those
    the reader sees before publication), leaving out figures for the ``withheld`` periods.
    Four queries, whatever the number of indicators."""
    counted = Q(state__in=list(states))
    if validated_too:
        counted |= Q(state=WorkflowState.VALIDATED, indicator_id__in=list(validated_too))
    withheld = list(withheld)  # periods whose figures the reader may not see yet
    if withheld:
        counted &= ~Q(period__in=withheld)
    previous, last_year = period.previous(), period.same_period_last_year()
    year = period.financial_year
    rows = list(indicators.order_by("code"))
    actuals: dict[tuple[int, Period], Actual] = {
        (a.indicator_id, a.period): a
        for a in Actual.objects.filter(
            counted, indicator__in=indicators, period__in=[period, previous, last_year]
        )
    }
    targets: dict[tuple[int, Period], Target] = {
        (t.indicator_id, t.period): t
        for t in Target.objects.filter(indicator__in=indicators, period__in={period, year})
    }
    records: dict[int, StatusRecord] = {}
    if use_records:
        records = {
            r.indicator_id: r
            for r in StatusRecord.objects.filter(indicator__in=indicators, period=period)
        }

    def value(indicator_id: int, when: Period) -> Decimal | None:
        actual = actuals.get((indicator_id, when))
        return actual.value if actual else None

    results = []
    for indicator in rows:
        actual = actuals.get((indicator.pk, period))
        own_target = targets.get((indicator.pk, period))
        annual = targets.get((indicator.pk, year))
        floor_from = own_target or annual
        figures = PeriodFigures(
            actual=actual.value if actual else None,
            target=own_target.value if own_target else None,
            annual_target=annual.value if annual else None,
            floor=floor_from.floor if floor_from else None,
            previous_period=value(indicator.pk, previous),
            same_period_last_year=value(indicator.pk, last_year),
        )
        record = records.get(indicator.pk)
        if record is not None and (
            actual is None
            or actual.state != WorkflowState.PUBLISHED
            or record.actual != actual.value
        ):
            record = None  # the stored rating no longer describes a published figure
        results.append(
            IndicatorAssessment(
                indicator,
                period,
                actual,
                assess(
                    facts=indicator_facts(indicator),
                    figures=figures,
                    period=period,
                    council=council,
                ),
                record,
            )
        )
    return results


# -- for the pages: which period a list is rated for, and one indicator's whole history -------


@dataclass(frozen=True)
class RatedPeriods:
    """The latest quarter, and the latest financial year, with a figure in the states asked
    about; None when there is none."""

    quarter: Period | None
    year: Period | None


def latest_rated_periods(
    indicators: QuerySet[Indicator],
    *,
    states: Iterable[str] = RATED_STATES,
    validated_too: QuerySet[Indicator] | None = None,
    withheld: Iterable[Period] = (),
) -> RatedPeriods:
    """The periods a list of these indicators is rated for: quarterly and monthly indicators at
    the latest quarter with a figure in ``states`` (or validated, for ``validated_too``),
    annual ones at the latest year, leaving out the ``withheld`` periods (those a collection
    round is still collecting: a quarter a few figures into its round would otherwise rate
    most of a list "not reported"). One query."""
    counted = Q(state__in=list(states))
    if validated_too is not None:
        counted |= Q(state=WorkflowState.VALIDATED, indicator__in=validated_too)
    withheld = list(withheld)
    if withheld:
        counted &= ~Q(period__in=withheld)
    found = Actual.objects.filter(counted, indicator__in=indicators).aggregate(
        quarter=Max("period", filter=Q(period__contains=" Q")),
        year=Max("period", filter=~Q(period__contains=" ")),
    )

    def period(value: object) -> Period | None:
        if value is None or isinstance(value, Period):
            return value
        return Period.parse(str(value))

    return RatedPeriods(period(found["quarter"]), period(found["year"]))


def assessments_over_time(
    indicator: Indicator, *, council: CouncilRules, states: Iterable[str] = RATED_STATES
) -> list[IndicatorAssessment]:
    """The indicator rated for every period with a figure in ``states``, oldest first, as
    period_assessments would rate each one (stored statuses of unchanged published figures
    win). Three queries, whatever the length of its history."""
    return histories([indicator], council=council, states=states)[indicator.pk]


def histories(
    indicators: Iterable[Indicator],
    *,
    council: CouncilRules,
    states: Iterable[str] = RATED_STATES,
    since: Period | None = None,
    until: Period | None = None,
    withheld: Iterable[Period] = (),
) -> dict[int, list[IndicatorAssessment]]:
    """Each indicator rated for every period with a figure in ``states`` (from the start of
    ``since`` to the end of ``until`` when given), oldest first, by indicator id. Three
    queries, whatever the number of indicators and the length of their histories."""
    chosen = list(indicators)
    loaded = _Loaded.of(chosen, states=states, since=since, until=until, withheld=withheld)
    results: dict[int, list[IndicatorAssessment]] = {}
    for indicator in chosen:
        facts = indicator_facts(indicator)
        results[indicator.pk] = [
            IndicatorAssessment(
                indicator,
                period,
                actual,
                assess(facts=facts, figures=figures, period=period, council=council),
                loaded.record(indicator, actual),
            )
            for period, actual, figures in loaded.figures(indicator)
        ]
    return results


@dataclass(frozen=True)
class TrendFigure:
    """One figure of an indicator's trend: the actual and the target it is measured against.
    Only the latest figure of a trend is rated (``status``); the others say ``""``."""

    period: Period
    actual: Actual
    target: Decimal | None
    status: str = ""


def trends(
    indicators: Iterable[Indicator],
    *,
    council: CouncilRules,
    states: Iterable[str] = RATED_STATES,
    since: Period | None = None,
    until: Period | None = None,
) -> dict[int, list[TrendFigure]]:
    """What histories gives, for drawing: each figure with its target, and only the latest
    rated, which saves rating (and explaining) every figure of every indicator in a report.
    Three queries."""
    chosen = list(indicators)
    loaded = _Loaded.of(chosen, states=states, since=since, until=until)
    results: dict[int, list[TrendFigure]] = {}
    for indicator in chosen:
        facts = indicator_facts(indicator)
        figures = loaded.figures(indicator)
        trend = [
            TrendFigure(period, actual, target_for(facts, found, period)[0])
            for period, actual, found in figures[:-1]
        ]
        if figures:
            period, actual, found = figures[-1]
            latest = IndicatorAssessment(
                indicator,
                period,
                actual,
                assess(facts=facts, figures=found, period=period, council=council),
                loaded.record(indicator, actual),
            )
            trend.append(TrendFigure(period, actual, latest.target, latest.status))
        results[indicator.pk] = trend
    return results


@dataclass(frozen=True)
class _Loaded:
    """Indicators' actuals, targets and stored statuses over a span, read in three queries."""

    actuals: dict[int, dict[Period, Actual]]
    targets: dict[tuple[int, Period], Target]
    records: dict[tuple[int, Period], StatusRecord]

    @classmethod
    def of(
        cls,
        chosen: list[Indicator],
        *,
        states: Iterable[str],
        since: Period | None,
        until: Period | None,
        withheld: Iterable[Period] = (),
    ) -> _Loaded:
        def between(queryset: QuerySet[M]) -> QuerySet[M]:
            # Periods are stored as text ("2009/10 Q1"), which sorts by year first: a coarse
            # bound in the database, made exact below.
            if since is not None:
                queryset = queryset.filter(period__gte=since.financial_year)
            if until is not None:
                queryset = queryset.filter(period__lt=until.financial_year.following())
            return queryset

        actuals: dict[int, dict[Period, Actual]] = {i.pk: {} for i in chosen}
        found = between(Actual.objects.filter(indicator__in=chosen, state__in=list(states)))
        found = found.exclude(period__in=list(withheld)) if withheld else found
        for actual in found:
            if (since is None or actual.period.start >= since.start) and (
                until is None or actual.period.end <= until.end
            ):
                actuals[actual.indicator_id][actual.period] = actual
        return cls(
            actuals,
            {
                (t.indicator_id, t.period): t
                for t in between(Target.objects.filter(indicator__in=chosen))
            },
            {
                (r.indicator_id, r.period): r
                for r in between(StatusRecord.objects.filter(indicator__in=chosen))
            },
        )

    def figures(self, indicator: Indicator) -> list[tuple[Period, Actual, PeriodFigures]]:
        """The indicator's actuals, oldest first, each with the figures that rate it."""
        actuals = self.actuals[indicator.pk]

        def value(when: Period) -> Decimal | None:
            actual = actuals.get(when)
            return actual.value if actual else None

        found = []
        for period in sorted(actuals):
            actual = actuals[period]
            own_target = self.targets.get((indicator.pk, period))
            annual = self.targets.get((indicator.pk, period.financial_year))
            floor_from = own_target or annual
            figures = PeriodFigures(
                actual=actual.value,
                target=own_target.value if own_target else None,
                annual_target=annual.value if annual else None,
                floor=floor_from.floor if floor_from else None,
                previous_period=value(period.previous()),
                same_period_last_year=value(period.same_period_last_year()),
            )
            found.append((period, actual, figures))
        return found

    def record(self, indicator: Indicator, actual: Actual) -> StatusRecord | None:
        """The stored status of a published figure, while it still describes it."""
        record = self.records.get((indicator.pk, actual.period))
        if record is None:
            return None
        if actual.state != WorkflowState.PUBLISHED or record.actual != actual.value:
            return None  # the stored rating no longer describes a published figure
        return record
