"""One indicator, one period: everything the rating rules need, in, and a full assessment, out.

Pure: the figures are gathered elsewhere (goldenthread.performance.selectors) and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from goldenthread.performance.forecast import Forecast, forecast_year_end
from goldenthread.performance.rating import (
    Polarity,
    Rating,
    RatingRules,
    Rule,
    Tolerance,
    ToleranceKind,
    profiled_target,
    rate,
)
from goldenthread.performance.travel import DEFAULT_NO_CHANGE_BAND, Travel, direction_of_travel
from goldenthread.planning.periods import Period, PeriodKind


@dataclass(frozen=True)
class IndicatorFacts:
    """What about an indicator changes how it is rated."""

    polarity: str = Polarity.HIGHER
    cumulative: bool = False
    decimals: int | None = None
    tolerance: Decimal | None = None  # overrides the council's tolerance when set
    tolerance_kind: str = ToleranceKind.PERCENT
    rule: str = ""  # overrides the council's rule when set
    profile: list[Decimal] | None = None  # quarterly shares of the annual target


@dataclass(frozen=True)
class PeriodFigures:
    """The figures around one period. ``target`` is the target set for the period itself;
    ``annual_target`` the year's, used (profiled for cumulative indicators) when there is no
    target for the period."""

    actual: Decimal | None = None
    target: Decimal | None = None
    annual_target: Decimal | None = None
    floor: Decimal | None = None
    previous_period: Decimal | None = None
    same_period_last_year: Decimal | None = None


@dataclass(frozen=True)
class CouncilRules:
    """The council's defaults, from the performance team's settings page."""

    rules: RatingRules = field(default_factory=RatingRules)
    no_change_band: Decimal = DEFAULT_NO_CHANGE_BAND


@dataclass(frozen=True)
class Assessment:
    rating: Rating
    travel: Travel
    forecast: Forecast | None
    rules: RatingRules
    target_note: str  # how the target compared with was arrived at

    @property
    def explanation(self) -> str:
        """The rating's words, and where the target came from when it was not set directly."""
        if self.rating.target is not None and self.target_note.startswith("the annual target"):
            return f"{self.rating.explanation} The target is {self.target_note}."
        return self.rating.explanation


def rules_for(facts: IndicatorFacts, council: CouncilRules) -> RatingRules:
    base = council.rules
    tolerance = base.tolerance
    if facts.tolerance is not None:
        tolerance = Tolerance(facts.tolerance, ToleranceKind(facts.tolerance_kind))
    return RatingRules(
        rule=Rule(facts.rule) if facts.rule else base.rule,
        tolerance=tolerance,
        exception_threshold=base.exception_threshold,
    )


def target_for(
    facts: IndicatorFacts, figures: PeriodFigures, period: Period
) -> tuple[Decimal | None, str]:
    if figures.target is not None:
        return figures.target, f"the target set for {period}"
    if figures.annual_target is None or period.kind is PeriodKind.YEAR:
        return None, "no target is set"
    if facts.cumulative:
        profiled = profiled_target(figures.annual_target, period.months_into_year, facts.profile)
        how = "the officer's profile" if facts.profile else "an even profile"
        return profiled, f"the annual target profiled to {period} by {how}"
    return figures.annual_target, f"the annual target for {period.financial_year}"


def assess(
    *, facts: IndicatorFacts, figures: PeriodFigures, period: Period, council: CouncilRules
) -> Assessment:
    rules = rules_for(facts, council)
    target, note = target_for(facts, figures, period)
    rating = rate(
        actual=figures.actual,
        target=target,
        polarity=facts.polarity,
        rules=rules,
        floor=figures.floor,
        previous=figures.previous_period,
        decimals=facts.decimals,
    )
    travel = direction_of_travel(
        current=figures.actual,
        polarity=facts.polarity,
        same_period_last_year=figures.same_period_last_year,
        previous_period=figures.previous_period,
        cumulative=facts.cumulative,
        no_change_band=council.no_change_band,
        decimals=facts.decimals,
    )
    forecast = None
    if facts.cumulative and period.kind is not PeriodKind.YEAR:
        forecast = forecast_year_end(
            year_to_date=figures.actual,
            months_into_year=period.months_into_year,
            annual_target=figures.annual_target,
            polarity=facts.polarity,
            decimals=facts.decimals,
        )
    return Assessment(rating, travel, forecast, rules, note)
