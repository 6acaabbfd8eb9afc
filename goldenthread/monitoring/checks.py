"""The checks a figure passes when it is entered (the data quality strategy). Pure: plain
values in, findings out; no database.

Two kinds of finding:

- an **error** blocks the entry: a value that is not a number, a percentage outside 0–100, a
  negative count, more decimal places than the indicator is reported to, a numerator without
  its denominator, a red figure (or a red milestone) without commentary, commentary longer
  than COMMENTARY_MAX_LENGTH;
- a **warning** needs an explanation before the entry is accepted: a value that moved more than
  the movement threshold (25% by default) from the figure it is compared with, or a year-to-date
  figure lower than the previous quarter's in the same year.

Numerator and denominator: when both are given the value is computed from them, never typed:
``numerator / denominator``, times 100 when the unit is a percentage, times N when the unit is a
rate "per N" (``rate per 1,000`` → × 1000), rounded half up to the indicator's decimals.
A value typed as well must equal the computed one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import ParamSpec

from goldenthread.performance.assess import (
    CouncilRules,
    IndicatorFacts,
    PeriodFigures,
    assess,
)
from goldenthread.performance.milestones import Progress, rate_milestone
from goldenthread.performance.rating import Status
from goldenthread.performance.words import ONE_HUNDRED, number, percent, relative
from goldenthread.planning.periods import Period, PeriodKind

DEFAULT_MOVEMENT_THRESHOLD = Decimal(25)  # per cent of the figure compared with
# VALUE_DIGITS allows 20 digits with 6 after the point: 14 before it.
LARGEST = Decimal(10) ** 14
# Units whose figures may be below zero: money (a variance, a net figure) and changes.
NEGATIVE_ALLOWED = ("£", "change", "variance", "difference", "net", "balance")
_PER = re.compile(r"per\s+([\d,]+)", re.IGNORECASE)
# The most commentary a figure or a milestone's progress may have, however it is entered (the
# return's form, its spreadsheet, import-actuals): some ten pages, far beyond any real need.
COMMENTARY_MAX_LENGTH = 20_000
P = ParamSpec("P")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Check(StrEnum):
    NOT_A_NUMBER = "not_a_number"
    MISSING = "missing"
    TOO_LARGE = "too_large"
    RANGE = "range"
    NEGATIVE = "negative"
    DECIMALS = "decimals"
    RATIO = "ratio"
    COMMENTARY = "commentary"
    COMMENTARY_LENGTH = "commentary_length"
    PROGRESS = "progress"
    MOVEMENT = "movement"
    CUMULATIVE = "cumulative"


@dataclass(frozen=True)
class Finding:
    check: Check
    severity: Severity
    field: str  # the form field it is about
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class CheckResult:
    """What the checks found. ``value`` is the figure to store (computed from the numerator
    and denominator where they are given); None when there is none to store."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    findings: tuple[Finding, ...] = ()
    explanation: str = ""
    status: Status | None = None
    status_explanation: str = ""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def needs_explanation(self) -> bool:
        return bool(self.warnings) and not self.explanation.strip()

    @property
    def accepted(self) -> bool:
        """No errors, and every warning explained."""
        return not self.errors and not self.needs_explanation

    def messages(self) -> list[str]:
        lines = [f.message for f in self.errors]
        if self.needs_explanation:
            lines += [f"{f.message} Give an explanation to save it." for f in self.warnings]
        return lines


@dataclass(frozen=True)
class Unit:
    """What an indicator's unit says about its figures."""

    text: str = ""

    @property
    def is_percentage(self) -> bool:
        return "%" in self.text or "percent" in self.text.lower()

    @property
    def allows_negative(self) -> bool:
        lowered = self.text.lower()
        return any(word in lowered for word in NEGATIVE_ALLOWED)

    @property
    def multiplier(self) -> Decimal:
        """What numerator / denominator is multiplied by to give the value."""
        if self.is_percentage:
            return ONE_HUNDRED
        match = _PER.search(self.text)
        if match:
            return Decimal(match[1].replace(",", ""))
        return Decimal(1)


def to_decimal(raw: object) -> Decimal | None:
    """A figure from a form, a file or code: None for blank, InvalidOperation for non-numbers."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, bool):
        raise InvalidOperation(f"{raw!r} is not a number")
    elif isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(",", "")
        if text == "":
            return None
        value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation(f"{raw!r} is not a number")
    return value


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _read(raw: object, name: str, findings: list[Finding]) -> Decimal | None:
    try:
        return to_decimal(raw)
    except (InvalidOperation, ValueError):
        findings.append(
            Finding(
                Check.NOT_A_NUMBER, Severity.ERROR, name, f"The {name} {raw!r} is not a number."
            )
        )
        return None


def _value_rules(
    value: Decimal, name: str, unit: Unit, decimals: int, findings: list[Finding]
) -> None:
    if abs(value) >= LARGEST:
        findings.append(
            Finding(Check.TOO_LARGE, Severity.ERROR, name, f"The {name} {value} is too large.")
        )
        return
    if unit.is_percentage and not Decimal(0) <= value <= ONE_HUNDRED:
        findings.append(
            Finding(
                Check.RANGE,
                Severity.ERROR,
                name,
                f"The {name} {number(value)} is a percentage, so it must be from 0 to 100.",
            )
        )
    elif value < 0 and not unit.allows_negative:
        findings.append(
            Finding(
                Check.NEGATIVE,
                Severity.ERROR,
                name,
                f"The {name} {number(value)} is below zero, which a "
                f"{unit.text or 'number'} cannot be.",
            )
        )
    if name == "value" and decimal_places(value) > decimals:
        places = "a whole number" if decimals == 0 else f"{decimals} decimal places"
        findings.append(
            Finding(
                Check.DECIMALS,
                Severity.ERROR,
                name,
                f"The value {value} has {decimal_places(value)} decimal places; this indicator "
                f"is reported as {places}. Round it yourself, so the figure published is the "
                "one you meant.",
            )
        )


def _ratio(
    numerator: Decimal, denominator: Decimal, unit: Unit, decimals: int, findings: list[Finding]
) -> Decimal | None:
    if numerator < 0 or denominator < 0:
        findings.append(
            Finding(
                Check.RATIO,
                Severity.ERROR,
                "numerator" if numerator < 0 else "denominator",
                "A numerator and denominator are counts, so neither can be below zero.",
            )
        )
        return None
    if denominator == 0:
        findings.append(
            Finding(
                Check.RATIO,
                Severity.ERROR,
                "denominator",
                "The denominator is 0, so no value can be worked out from it.",
            )
        )
        return None
    computed = numerator / denominator * unit.multiplier
    return computed.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def compared_with(
    *, period: Period, cumulative: bool, previous: Decimal | None, last_year: Decimal | None
) -> tuple[Decimal | None, str]:
    """The figure a new one's movement is measured against, and its name. A year-to-date
    figure grows through the year, so it is compared with the same period last year; any other
    figure with the period before."""
    if cumulative:
        return last_year, f"{period.same_period_last_year()}"
    return previous, f"{period.previous()}"


def commentary_too_long(commentary: str) -> str | None:
    """Why ``commentary`` is too long ("the commentary is 20,001 characters long; the most is
    20,000"), or None. A line break counts once, as the browser counts it in the text box,
    though it sends it as two characters."""
    length = len(commentary.replace("\r\n", "\n"))
    if length <= COMMENTARY_MAX_LENGTH:
        return None
    return f"the commentary is {length:,} characters long; the most is {COMMENTARY_MAX_LENGTH:,}"


def _commentary_checked(check: Callable[P, CheckResult]) -> Callable[P, CheckResult]:
    """Adds the commentary's length to what ``check`` (given ``commentary=``) finds."""

    @functools.wraps(check)
    def checked(*args: P.args, **kwargs: P.kwargs) -> CheckResult:
        result = check(*args, **kwargs)
        problem = commentary_too_long(str(kwargs.get("commentary") or ""))
        if problem is None:
            return result
        finding = Finding(
            Check.COMMENTARY_LENGTH,
            Severity.ERROR,
            "commentary",
            f"{problem[0].upper()}{problem[1:]}: shorten it.",
        )
        return replace(result, findings=(*result.findings, finding))

    return checked


@_commentary_checked
def check_actual(
    *,
    value: object,
    numerator: object = None,
    denominator: object = None,
    commentary: str = "",
    explanation: str = "",
    unit: str,
    facts: IndicatorFacts,
    period: Period,
    figures: PeriodFigures,
    council: CouncilRules,
    movement_threshold: Decimal = DEFAULT_MOVEMENT_THRESHOLD,
) -> CheckResult:
    """Check one actual as entered. ``figures`` holds the target, floor and the earlier
    figures (its ``actual`` is ignored); ``facts`` the indicator's rating facts."""
    findings: list[Finding] = []
    the_unit = Unit(unit)
    decimals = facts.decimals or 0
    typed = _read(value, "value", findings)
    top = _read(numerator, "numerator", findings)
    bottom = _read(denominator, "denominator", findings)
    if findings:
        return CheckResult(None, findings=tuple(findings), explanation=explanation)
    if (top is None) != (bottom is None):
        missing = "denominator" if bottom is None else "numerator"
        findings.append(
            Finding(
                Check.RATIO,
                Severity.ERROR,
                missing,
                f"A {'numerator' if missing == 'denominator' else 'denominator'} is given "
                f"without its {missing}; give both, or neither.",
            )
        )
        return CheckResult(None, findings=tuple(findings), explanation=explanation)
    result_value = typed
    if top is not None and bottom is not None:
        computed = _ratio(top, bottom, the_unit, decimals, findings)
        if computed is not None and typed is not None and typed != computed:
            findings.append(
                Finding(
                    Check.RATIO,
                    Severity.ERROR,
                    "value",
                    f"The value {number(typed)} does not match the numerator and denominator, "
                    f"which give {number(computed, decimals)}; leave the value empty to have it "
                    "worked out.",
                )
            )
        result_value = computed
    if result_value is None:
        if not findings:
            findings.append(Finding(Check.MISSING, Severity.ERROR, "value", "Enter a value."))
        return CheckResult(None, top, bottom, tuple(findings), explanation)
    _value_rules(result_value, "value", the_unit, decimals, findings)
    for name, raw in (("numerator", top), ("denominator", bottom)):
        if raw is not None and abs(raw) >= LARGEST:
            findings.append(
                Finding(Check.TOO_LARGE, Severity.ERROR, name, f"The {name} {raw} is too large.")
            )
    if any(f.severity is Severity.ERROR for f in findings):
        return CheckResult(result_value, top, bottom, tuple(findings), explanation)

    findings += _movement(result_value, facts, period, figures, movement_threshold)
    findings += _cumulative_break(result_value, facts, period, figures)
    assessment = assess(
        facts=facts,
        figures=PeriodFigures(
            actual=result_value,
            target=figures.target,
            annual_target=figures.annual_target,
            floor=figures.floor,
            previous_period=figures.previous_period,
            same_period_last_year=figures.same_period_last_year,
        ),
        period=period,
        council=council,
    )
    status = assessment.rating.status
    if status is Status.RED and not commentary.strip():
        findings.append(
            Finding(
                Check.COMMENTARY,
                Severity.ERROR,
                "commentary",
                f"This figure is red ({assessment.explanation}) Say why in the commentary, "
                "and what is being done about it.",
            )
        )
    return CheckResult(
        result_value, top, bottom, tuple(findings), explanation, status, assessment.explanation
    )


def _movement(
    value: Decimal,
    facts: IndicatorFacts,
    period: Period,
    figures: PeriodFigures,
    threshold: Decimal,
) -> list[Finding]:
    base, when = compared_with(
        period=period,
        cumulative=facts.cumulative,
        previous=figures.previous_period,
        last_year=figures.same_period_last_year,
    )
    if base is None or value == base:
        return []
    share = relative(value - base, base)
    if share is not None and share <= threshold:
        return []
    size = f"by {percent(share)}" if share is not None else "from zero"
    direction = "up" if value > base else "down"
    return [
        Finding(
            Check.MOVEMENT,
            Severity.WARNING,
            "value",
            f"{number(value, facts.decimals)} is {direction} {size} on "
            f"{number(base, facts.decimals)} in {when}, more than the {percent(threshold)} "
            "that needs an explanation.",
        )
    ]


def _cumulative_break(
    value: Decimal, facts: IndicatorFacts, period: Period, figures: PeriodFigures
) -> list[Finding]:
    """A year-to-date figure lower than the previous quarter's in the same year."""
    if not facts.cumulative or period.kind is not PeriodKind.QUARTER or period.number == 1:
        return []
    earlier = figures.previous_period
    if earlier is None or value >= earlier:
        return []
    return [
        Finding(
            Check.CUMULATIVE,
            Severity.WARNING,
            "value",
            f"This is a year-to-date figure, but {number(value, facts.decimals)} is lower than "
            f"{number(earlier, facts.decimals)} reported for {period.previous()}.",
        )
    ]


@_commentary_checked
def check_milestone_progress(
    *, progress: str, commentary: str, due: Period, period: Period
) -> CheckResult:
    """A milestone's progress must be one of the choices; a red milestone (will miss, missed,
    or overdue and not complete) needs commentary."""
    findings: list[Finding] = []
    try:
        chosen = Progress(progress)
    except ValueError:
        choices = ", ".join(p.value for p in Progress)
        findings.append(
            Finding(
                Check.PROGRESS,
                Severity.ERROR,
                "progress",
                f"{progress!r} is not a progress; choose one of {choices}.",
            )
        )
        return CheckResult(None, findings=tuple(findings))
    rating = rate_milestone(progress=chosen, due=due, as_at=period)
    if rating.status is Status.RED and not commentary.strip():
        findings.append(
            Finding(
                Check.COMMENTARY,
                Severity.ERROR,
                "commentary",
                f"This milestone is red ({rating.explanation}) Say why in the commentary, "
                "and what is being done about it.",
            )
        )
    return CheckResult(
        None, findings=tuple(findings), status=rating.status, status_explanation=rating.explanation
    )
