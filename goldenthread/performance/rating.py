"""Rating one indicator for one period: status, exception and the words that explain them.

Three rule sets, each published by real councils:

- ``tolerance_band``: green when the target is met or beaten, amber when the miss is within the
  tolerance, red beyond it.
- ``floor_standard``: green when the target is met, amber when the floor standard is met, red
  below the floor.
- ``direction_aware``: green on or within the tolerance of the target; amber when worse than
  that but improved on the last period; red when worse and not improved.

Under every rule a figure worse than the indicator's floor is red. An exception is ``under``
when the status is red and ``over`` when the target is beaten by more than the exception
threshold. Nothing here raises for a zero target, a missing value or a missing target: each has
a defined result.

A report says more than a rating can: an item with nothing published for a period whose round is
still open is awaiting publication (``as_reported``), not "not reported". Whether the round is
open comes in as an argument; nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from goldenthread.performance.words import ONE_HUNDRED, number, percent, relative
from goldenthread.planning.periods import Period


class Status(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_TARGET = "no_target"  # data only: no target, or an indicator that is never rated
    NOT_REPORTED = "not_reported"


# Worst first: the order a reader scans for trouble, and the order "better" is measured in.
STATUS_ORDER = [Status.RED, Status.AMBER, Status.GREEN]

# Not a rating of a figure (never stored, and not among the status report's words): what a
# report says of an item with nothing published yet for a period whose collection round is
# still open. Nothing is late until the round closes, so it is not "not reported".
AWAITING = "awaiting"


class Polarity(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Rule(StrEnum):
    TOLERANCE_BAND = "tolerance_band"
    FLOOR_STANDARD = "floor_standard"
    DIRECTION_AWARE = "direction_aware"


class ToleranceKind(StrEnum):
    PERCENT = "percent"  # of the target
    ABSOLUTE = "absolute"  # in the indicator's own unit


class ExceptionKind(StrEnum):
    OVER = "over"
    UNDER = "under"


@dataclass(frozen=True)
class Tolerance:
    amount: Decimal = Decimal(5)
    kind: ToleranceKind = ToleranceKind.PERCENT

    def width(self, target: Decimal) -> Decimal:
        if self.kind is ToleranceKind.PERCENT:
            return abs(target) * self.amount / ONE_HUNDRED
        return self.amount

    def describe(self, decimals: int | None) -> str:
        if self.kind is ToleranceKind.PERCENT:
            return percent(self.amount)
        return number(self.amount, decimals)


@dataclass(frozen=True)
class RatingRules:
    """A council's chosen rule, with the thresholds it publishes."""

    rule: Rule = Rule.TOLERANCE_BAND
    tolerance: Tolerance = field(default_factory=Tolerance)
    exception_threshold: Decimal = Decimal(10)  # % better than target that counts as "over"


@dataclass(frozen=True)
class Rating:
    status: Status
    exception: ExceptionKind | None
    explanation: str
    rule: Rule
    target: Decimal | None = None  # the target compared with (profiled, for cumulative PIs)


def better_by(actual: Decimal, target: Decimal, polarity: Polarity) -> Decimal:
    """How far the actual is on the good side of the target (negative when it misses)."""
    return actual - target if polarity is Polarity.HIGHER else target - actual


def rate(
    *,
    actual: Decimal | None,
    target: Decimal | None,
    polarity: Polarity | str,
    rules: RatingRules | None = None,
    floor: Decimal | None = None,
    previous: Decimal | None = None,
    decimals: int | None = None,
) -> Rating:
    """Rate ``actual`` against ``target``.

    ``previous`` is the last period's figure, which only the direction-aware rule uses.
    ``decimals`` is how the indicator's figures are written in explanations.
    """
    rules = rules or RatingRules()
    polarity = Polarity(polarity)
    fmt = lambda value: number(value, decimals)  # noqa: E731 - a local shorthand

    if actual is None:
        return Rating(Status.NOT_REPORTED, None, "No figure has been reported.", rules.rule, target)
    if polarity is Polarity.NONE:
        return Rating(
            Status.NO_TARGET,
            None,
            f"{fmt(actual)} is reported for information: this indicator is not rated.",
            rules.rule,
            target,
        )
    if target is None:
        return Rating(
            Status.NO_TARGET,
            None,
            f"{fmt(actual)} is reported, but there is no target to rate it.",
            rules.rule,
            None,
        )

    gap = better_by(actual, target, polarity)
    comparison = _compare(actual, target, gap, polarity, fmt)

    if floor is not None and better_by(actual, floor, polarity) < 0:
        side = "below" if polarity is Polarity.HIGHER else "above"
        status = Status.RED
        reason = f"{comparison}; it is {side} the floor standard of {fmt(floor)}"
    elif gap >= 0:
        status = Status.GREEN
        reason = comparison
    elif rules.rule is Rule.FLOOR_STANDARD and floor is not None:
        status = Status.AMBER
        reason = f"{comparison}, but meets the floor standard of {fmt(floor)}"
    elif rules.rule is Rule.DIRECTION_AWARE:
        status, reason = _direction_aware(
            actual, target, gap, polarity, rules, previous, fmt, comparison, decimals
        )
    else:
        status, reason = _tolerance_band(target, gap, rules, comparison, decimals)
        if rules.rule is Rule.FLOOR_STANDARD:
            reason += " (no floor standard is set, so the tolerance band applies)"

    exception = _exception(status, gap, target, rules)
    if exception is ExceptionKind.OVER:
        reason += f"; more than {percent(rules.exception_threshold)} better is an exception"
    return Rating(status, exception, reason[0].upper() + reason[1:] + ".", rules.rule, target)


def _compare(actual: Decimal, target: Decimal, gap: Decimal, polarity: Polarity, fmt) -> str:
    if gap == 0:
        return f"{fmt(actual)} meets the target of {fmt(target)}"
    direction = "above" if actual > target else "below"
    share = relative(actual - target, target)
    amount = percent(share) if share is not None else fmt(abs(actual - target))
    lower_note = " (lower is better)" if polarity is Polarity.LOWER else ""
    met = ", so it is met" if gap > 0 else ""
    return f"{fmt(actual)} is {amount} {direction} the target of {fmt(target)}{lower_note}{met}"


def _tolerance_band(
    target: Decimal, gap: Decimal, rules: RatingRules, comparison: str, decimals: int | None
) -> tuple[Status, str]:
    width = rules.tolerance.width(target)
    band = f"the amber band is {rules.tolerance.describe(decimals)}"
    if width == 0 and rules.tolerance.kind is ToleranceKind.PERCENT and target == 0:
        band += " of a zero target, which has no width"
    if -gap <= width:
        return Status.AMBER, f"{comparison}; {band}"
    return Status.RED, f"{comparison}; {band}, so this is red"


def _direction_aware(
    actual: Decimal,
    target: Decimal,
    gap: Decimal,
    polarity: Polarity,
    rules: RatingRules,
    previous: Decimal | None,
    fmt,
    comparison: str,
    decimals: int | None,
) -> tuple[Status, str]:
    within = f"within {rules.tolerance.describe(decimals)} of the target counts as green"
    if -gap <= rules.tolerance.width(target):
        return Status.GREEN, f"{comparison}; {within}"
    if previous is None:
        return Status.RED, f"{comparison}, and there is no earlier figure to show improvement"
    if better_by(actual, previous, polarity) > 0:
        return Status.AMBER, f"{comparison}, but has improved on {fmt(previous)} last period"
    return Status.RED, f"{comparison}, and has not improved on {fmt(previous)} last period"


def _exception(
    status: Status, gap: Decimal, target: Decimal, rules: RatingRules
) -> ExceptionKind | None:
    if status is Status.RED:
        return ExceptionKind.UNDER
    if gap > abs(target) * rules.exception_threshold / ONE_HUNDRED:
        return ExceptionKind.OVER
    return None


def as_reported(
    status: Status | str,
    explanation: str,
    *,
    collecting: bool,
    period: Period,
    what: Literal["figure", "progress"],
) -> tuple[str, str]:
    """An item's status in a report for ``period``, and why. With nothing published (``what``:
    "figure" or "progress") while the period is still being collected (``collecting``: its
    round is open), the item is awaiting publication; otherwise it reads as rated."""
    if collecting and status == Status.NOT_REPORTED:
        return AWAITING, (
            f"Awaiting publication: {period} is still being collected (its round is open), and "
            f"no {what} has been published for it yet."
        )
    return str(status), explanation


def profiled_target(
    annual_target: Decimal, months_into_year: int, profile: list[Decimal] | None = None
) -> Decimal:
    """The part of an annual target due by a point in the year, for year-to-date figures.

    ``profile`` gives the share of the year's target due in each quarter (they need not be
    even); without one the target is spread evenly across the twelve months.
    """
    if profile is None:
        return annual_target * Decimal(months_into_year) / Decimal(12)
    if len(profile) != 4:
        raise ValueError("a profile has one share per quarter")
    total = sum(profile, Decimal(0))
    if total == 0:
        raise ValueError("a profile's shares cannot all be zero")
    quarters = months_into_year // 3
    return annual_target * sum(profile[:quarters], Decimal(0)) / total
