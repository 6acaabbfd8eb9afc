"""Targets, actuals and milestone updates from 2007/08 (the baseline) to 2009/10 Q2.

2007/08 to 2009/10 Q1 are published; 2009/10 Q2 is being collected (some figures draft, some
submitted or validated, none published, some not yet entered). Each indicator's figures come
from its own seeded generator, so adding an indicator does not change any other's figures.
The hand-set cases in content_performance are applied last.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case as SqlCase
from django.db.models import Value, When

from goldenthread.demo import content as c
from goldenthread.demo.content_performance import (
    CASES,
    COLLECTING,
    MILESTONE_COMMENTARY,
    OVER_COMMENTARY,
    ROUTINE_COMMENTARY,
    UNDER_COMMENTARY,
    Case,
)
from goldenthread.demo.world import DemoError, World
from goldenthread.indicators.models import (
    Actual,
    Aggregation,
    Frequency,
    Indicator,
    Polarity,
    Target,
)
from goldenthread.planning.models import MilestoneProgress, MilestoneUpdate
from goldenthread.planning.periods import Period, PeriodKind, period_range
from goldenthread.workflow import WorkflowState

Q = PeriodKind.QUARTER
BASE_YEAR = 2007
TARGET_YEARS = [2007, 2008, 2009, 2010]
REPORTED_YEARS = [2007, 2008]  # annual figures published so far
CURRENT = Period.parse(COLLECTING)
PUBLISHED_QUARTERS = period_range(Period(BASE_YEAR, Q, 1), CURRENT.previous())
LAA_YEARS = [2008, 2009, 2010]
PROFILE = [Decimal("0.22"), Decimal("0.26"), Decimal("0.26"), Decimal("0.26")]
SEASON = [0.95, 1.05, 1.0, 1.0]
FLOOR_GAP = 0.08  # a floor standard sits this far below (or above, for lower-is-better) target

# Typical levels by unit: (higher-is-better range, lower-is-better range).
LEVELS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "%": ((60, 92), (4, 25)),
    "% (gap)": ((20, 35), (20, 35)),
    "number": ((40, 900), (15, 400)),
    "days": ((5, 30), (6, 30)),
    "weeks": ((10, 30), (10, 30)),
    "£": ((20, 300), (20, 300)),
    "£000": ((200, 3000), (200, 3000)),
    "score": ((2, 4), (2, 4)),
    "level": ((2, 4), (2, 4)),
    "ratio": ((0.4, 0.9), (0.4, 0.9)),
    "kg": ((400, 600), (400, 600)),
    "tonnes": ((2000, 6000), (2000, 6000)),
}
DEFAULT_LEVEL = ((5, 80), (5, 80))


@dataclass
class Figures:
    """Everything to write, keyed so the hand-set cases can replace single cells."""

    targets: dict[tuple[str, Period], tuple[Decimal, Decimal | None]] = field(default_factory=dict)
    actuals: dict[tuple[str, Period], Decimal] = field(default_factory=dict)
    states: dict[tuple[str, Period], str] = field(default_factory=dict)
    commentary: dict[tuple[str, Period], str] = field(default_factory=dict)
    shares: dict[tuple[str, Period], tuple[int, int]] = field(default_factory=dict)


def build_performance(world: World) -> None:
    figures = Figures()
    laa = set(Indicator.objects.filter(laa_membership__isnull=False).values_list("code", flat=True))
    cases = {case.code: case for case in CASES}
    for code, indicator in world.indicators.items():
        rng = random.Random(f"{c.SEED}:series:{code}")
        Series(indicator, rng, case=cases.get(code), laa=code in laa).add_to(figures)
    _apply_cases(world, figures)
    _year_end_outturns(world, figures)
    _write(world, figures)
    _milestone_updates(world)


class Series:
    """One indicator's invented history: a level, a trend, noise, and a stretch in targets."""

    def __init__(
        self, indicator: Indicator, rng: random.Random, *, case: Case | None, laa: bool
    ) -> None:
        self.indicator, self.rng, self.laa = indicator, rng, laa
        self.code = indicator.code
        higher, lower = LEVELS.get(indicator.unit, DEFAULT_LEVEL)
        polarity = indicator.polarity
        signs: dict[str, int] = {Polarity.HIGHER: 1, Polarity.LOWER: -1}
        self.good = signs.get(polarity) or rng.choice([1, -1])
        self.level = rng.uniform(*(lower if polarity == Polarity.LOWER else higher))
        self.trend = rng.uniform(-0.02, 0.05)
        self.noise = 0.025 if indicator.unit.startswith("%") else 0.05
        self.stretch = rng.uniform(-0.04, 0.02)
        self.rated = polarity != Polarity.NONE
        self.cumulative = indicator.aggregation == Aggregation.CUMULATIVE
        self.profiled = self.cumulative and rng.random() < 0.5
        if case and case.level is not None:
            self.level = case.level
        if case and case.profiled is not None:
            self.profiled = case.profiled
        # Some councils set a floor standard under the target from 2008/09: below it is red.
        self.floored = self.rated and rng.random() < 0.12

    def expected(self, years: float) -> float:
        return self.level * (1 + self.good * self.trend * years)

    def value(self, raw: float) -> Decimal:
        if self.indicator.unit.startswith("%"):
            raw = min(raw, 100.0)
        places = Decimal(1).scaleb(-self.indicator.decimals)
        return Decimal(str(max(raw, 0.0))).quantize(places)

    def year_target(self, year: int) -> float:
        return self.expected(year - BASE_YEAR) * (1 + self.good * self.stretch)

    def floor(self, target: float, year: int) -> Decimal | None:
        if not self.floored or year < 2008:
            return None
        return self.value(target * (1 - self.good * FLOOR_GAP))

    def add_to(self, figures: Figures) -> None:
        frequency = self.indicator.frequency
        if frequency == Frequency.QUARTERLY:
            self._quarterly(figures)
        else:
            years = [2008] if frequency == Frequency.BIENNIAL else REPORTED_YEARS
            for year in years:
                noise = 1 + self.rng.gauss(0, self.noise)
                self._actual(figures, Period(year), self.expected(year - BASE_YEAR) * noise)
        target_years = {2008, 2010} if frequency == Frequency.BIENNIAL else set(TARGET_YEARS)
        if self.laa:  # targets agreed for each of the agreement's three years, rated or not
            target_years.update(LAA_YEARS)
        if self.rated or self.laa:
            for year in sorted(target_years):
                target = self.year_target(year)
                figures.targets[self.code, Period(year)] = (
                    self.value(target),
                    self.floor(target, year),
                )

    def _quarterly(self, figures: Figures) -> None:
        for year in TARGET_YEARS[:-1]:
            to_date, annual = 0.0, self.expected(year - BASE_YEAR)
            for quarter in Period(year).quarters():
                n = quarter.number
                if self.cumulative:
                    to_date += annual / 4 * SEASON[n - 1] * (1 + self.rng.gauss(0, self.noise))
                    raw = to_date
                else:
                    years = year - BASE_YEAR + (n - 1) / 4
                    raw = self.expected(years) * (1 + self.rng.gauss(0, self.noise))
                if quarter <= CURRENT:
                    self._actual(figures, quarter, raw)
                if self.rated and (self.profiled or not self.cumulative):
                    share = sum(PROFILE[:n]) if self.cumulative else Decimal(1)
                    target = self.year_target(year) * float(share)
                    figures.targets[self.code, quarter] = (
                        self.value(target),
                        self.floor(target, year),
                    )

    def _actual(self, figures: Figures, period: Period, raw: float) -> None:
        key = (self.code, period)
        draw = self.rng.random()
        if period == CURRENT:
            if draw < 0.22:
                return  # not entered yet
            state = (
                WorkflowState.DRAFT
                if draw < 0.47
                else WorkflowState.SUBMITTED
                if draw < 0.87
                else WorkflowState.VALIDATED
            )
        else:
            state = WorkflowState.PUBLISHED
        value = self.value(raw)
        if self.indicator.unit == "%" and not self.cumulative and self.rng.random() < 0.35:
            denominator = self.rng.randint(40, 1500)
            numerator = round(value * denominator / 100)
            figures.shares[key] = (numerator, denominator)
            value = self.value(numerator / denominator * 100)
        figures.actuals[key] = value
        figures.states[key] = state
        self._comment(figures, key, raw, state)

    def _comment(self, figures: Figures, key: tuple[str, Period], raw: float, state: str) -> None:
        period = key[1]
        year_target = self.year_target(period.year)
        target = year_target * period.months_into_year / 12 if self.cumulative else year_target
        if not self.rated or target == 0:
            return
        better = self.good * (raw - target) / abs(target)
        draw = self.rng.random()
        if better < -0.05 and draw < 0.6:
            figures.commentary[key] = self.rng.choice(UNDER_COMMENTARY)
        elif better > 0.10 and draw < 0.5:
            figures.commentary[key] = self.rng.choice(OVER_COMMENTARY)
        elif draw < (0.25 if state != WorkflowState.PUBLISHED else 0.06):
            figures.commentary[key] = self.rng.choice(ROUTINE_COMMENTARY)


def _apply_cases(world: World, figures: Figures) -> None:
    for case in CASES:
        if case.code not in world.indicators:
            raise DemoError(f"a hand-set case names {case.code}, which the demo does not have")
        if case.no_targets:
            for key in [k for k in figures.targets if k[0] == case.code]:
                del figures.targets[key]
        if case.first_reported:
            first = Period.parse(case.first_reported)
            for key in [k for k in figures.actuals if k[0] == case.code and k[1] < first]:
                _drop_actual(figures, key)
        for period, target in case.targets.items():
            value, floor = target if isinstance(target, tuple) else (target, None)
            figures.targets[case.code, Period.parse(period)] = (
                Decimal(value),
                Decimal(floor) if floor else None,
            )
        for period, actual in case.actuals.items():
            key = (case.code, Period.parse(period))
            if actual is None:
                _drop_actual(figures, key)
                continue
            figures.actuals[key] = Decimal(actual)
            figures.shares.pop(key, None)
            figures.commentary.pop(key, None)
            if key[1] != CURRENT:
                figures.states[key] = WorkflowState.PUBLISHED
            else:
                figures.states.setdefault(key, WorkflowState.SUBMITTED)
        for period, state in case.states.items():
            key = (case.code, Period.parse(period))
            if key not in figures.actuals:
                raise DemoError(
                    f"a hand-set case gives {case.code} a state for {period}, "
                    "but no figure; give it one in `actuals`"
                )
            figures.states[key] = state
        for period, text in case.commentary.items():
            figures.commentary[case.code, Period.parse(period)] = text


def _year_end_outturns(world: World, figures: Figures) -> None:
    """A quarterly indicator's figure for a finished year is its fourth quarter's: the outturn
    councils report at year end (for a cumulative indicator, the year to date at Q4)."""
    for (code, period), value in list(figures.actuals.items()):
        if period.kind == PeriodKind.QUARTER and period.number == 4:
            year = (code, period.financial_year)
            figures.actuals[year] = value
            figures.states[year] = figures.states[code, period]
            if (code, period) in figures.shares:
                figures.shares[year] = figures.shares[code, period]


def _drop_actual(figures: Figures, key: tuple[str, Period]) -> None:
    figures.actuals.pop(key, None)
    figures.states.pop(key, None)
    figures.commentary.pop(key, None)
    figures.shares.pop(key, None)


def _write(world: World, figures: Figures) -> None:
    Target.objects.bulk_create(
        Target(indicator=world.indicators[code], period=str(period), value=value, floor=floor)
        for (code, period), (value, floor) in sorted(figures.targets.items(), key=_order)
    )
    actuals = []
    for (code, period), value in sorted(figures.actuals.items(), key=_order):
        numerator, denominator = figures.shares.get((code, period), (None, None))
        actuals.append(
            Actual(
                indicator=world.indicators[code],
                period=str(period),
                value=value,
                numerator=numerator,
                denominator=denominator,
                commentary=figures.commentary.get((code, period), ""),
                state=figures.states[code, period],
            )
        )
    Actual.objects.bulk_create(actuals)
    # updated_at is set to "now" on insert; give each figure a fixed, plausible entry date.
    periods = sorted({period for _, period in figures.actuals})
    Actual.objects.update(
        updated_at=SqlCase(
            *(When(period=period, then=Value(entered_at(period))) for period in periods)
        )
    )


def entered_at(period: Period) -> datetime.datetime:
    """When a figure for ``period`` was entered: three weeks after the period ended."""
    day = period.end + datetime.timedelta(days=21)
    return datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.UTC)


def _order(item: tuple[tuple[str, Period], object]) -> tuple[str, Period]:
    return item[0]


# -- milestones --------------------------------------------------------------------------------

FATES = [(0.70, "on_time"), (0.80, "late"), (0.88, "missed"), (0.95, "at_risk"), (1.0, "slipping")]
UPDATE_QUARTERS = period_range(Period(2008, Q, 1), CURRENT)


def _milestone_updates(world: World) -> None:
    updates = []
    for milestone in world.milestones:
        rng = random.Random(f"{c.SEED}:milestone:{milestone.code}")
        draw = rng.random()
        fate = next(name for limit, name in FATES if draw < limit)
        for quarter in UPDATE_QUARTERS:
            progress = _progress(fate, quarter, Period.parse(str(milestone.due)))
            if progress is None:
                break
            if quarter == CURRENT:
                draw = rng.random()
                if draw < 0.15:
                    break  # not updated yet this quarter
                state = WorkflowState.DRAFT if draw < 0.5 else WorkflowState.SUBMITTED
            else:
                state = WorkflowState.PUBLISHED
            notes = MILESTONE_COMMENTARY.get(progress)
            commentary = rng.choice(notes) if notes and rng.random() < 0.7 else ""
            updates.append(
                MilestoneUpdate(
                    milestone=milestone,
                    period=str(quarter),
                    progress=progress,
                    commentary=commentary,
                    state=state,
                )
            )
    MilestoneUpdate.objects.bulk_create(updates)


def _progress(fate: str, quarter: Period, due: Period) -> str | None:
    """The progress reported for a milestone in ``quarter``; None once nothing more is said."""
    ahead = (due.year - quarter.year) * 4 + due.number - quarter.number  # quarters until due
    if fate == "on_time":
        return (
            MilestoneProgress.ON_TRACK
            if ahead > 0
            else MilestoneProgress.COMPLETE
            if ahead == 0
            else None
        )
    if fate == "late":  # at risk, missed, then done a quarter late
        return (
            MilestoneProgress.ON_TRACK
            if ahead > 1
            else MilestoneProgress.AT_RISK
            if ahead == 1
            else MilestoneProgress.MISSED
            if ahead == 0
            else MilestoneProgress.COMPLETE
            if ahead == -1
            else None
        )
    if fate == "missed":
        return (
            MilestoneProgress.ON_TRACK
            if ahead > 2
            else MilestoneProgress.AT_RISK
            if ahead == 2
            else MilestoneProgress.WILL_MISS
            if ahead == 1
            else MilestoneProgress.MISSED
            if ahead == 0
            else None
        )
    if fate == "at_risk":  # wobbles, then recovers
        return (
            MilestoneProgress.ON_TRACK
            if ahead > 2
            else MilestoneProgress.AT_RISK
            if ahead > 0
            else MilestoneProgress.COMPLETE
            if ahead == 0
            else None
        )
    # "slipping": flagged early that it will miss
    return (
        MilestoneProgress.AT_RISK
        if ahead > 3
        else MilestoneProgress.WILL_MISS
        if ahead > 0
        else MilestoneProgress.MISSED
        if ahead == 0
        else None
    )
