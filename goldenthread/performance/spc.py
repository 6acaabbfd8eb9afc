"""Statistical process control as NHS England's "Making Data Count" does it: XmR charts.

- The centre line is the mean of the baseline points; the moving range is the absolute
  difference between consecutive points; the process limits are the mean plus and minus
  2.66 times the mean moving range.
- Special cause variation is signalled by any of: a point outside the limits; a shift (a run of
  points all above or all below the mean, 7 by default); a trend (a run of points each higher,
  or each lower, than the one before, 7 by default); two of three consecutive points close to
  a limit (beyond two sigma, on the same side of the mean). A point on the mean breaks a shift.
- Variation: common cause, or special cause that is improving or concerning by the indicator's
  polarity (or neutral when it has none), judged at the latest point.
- Assurance against a target: the process will consistently meet it when the target lies
  outside the limits on the poor side, consistently fail it when on the good side, and will
  hit and miss it when the target lies between the limits.

Figures are floats: this is statistics, not accounting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from goldenthread.performance.rating import Polarity

LIMIT_FACTOR = 2.66  # 3 / 1.128, the d2 constant for moving ranges of two points
SIGMA_FACTOR = 1 / 1.128
MOVING_RANGE_SCREEN = 3.267  # moving ranges above this many times the mean are screened out


class Variation(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVING = "special_cause_improving"
    CONCERNING = "special_cause_concerning"
    NEUTRAL = "special_cause_neutral"


class Assurance(StrEnum):
    CONSISTENTLY_MET = "consistently_met"
    CONSISTENTLY_FAILED = "consistently_failed"
    INCONSISTENT = "inconsistent"


class Signal(StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three_near_limit"


@dataclass(frozen=True)
class SpcSettings:
    shift_length: int = 7
    trend_length: int = 7
    minimum_points: int = 12  # fewer and the limits are shown as provisional
    screen_moving_ranges: bool = False  # the Making Data Count spreadsheet does not screen


@dataclass(frozen=True)
class SpcPoint:
    value: float
    signals: frozenset[Signal]
    side: int  # +1 above the mean, -1 below, 0 on it

    @property
    def special(self) -> bool:
        return bool(self.signals)


@dataclass(frozen=True)
class SpcResult:
    mean: float
    mean_moving_range: float
    upper_limit: float
    lower_limit: float
    points: list[SpcPoint]
    variation: Variation
    assurance: Assurance | None
    provisional: bool
    explanation: str = ""
    baseline_points: int = 0
    notes: list[str] = field(default_factory=list)


def xmr(
    values: list[float],
    *,
    polarity: Polarity | str,
    target: float | None = None,
    baseline: int | None = None,
    baseline_from: int = 0,
    settings: SpcSettings | None = None,
) -> SpcResult | None:
    """Analyse a series in time order. The ``baseline`` points from index ``baseline_from``
    set the mean and limits (by default every point); the signals are read over the whole
    series. Returns None when the baseline has fewer than two points."""
    settings = settings or SpcSettings()
    polarity = Polarity(polarity)
    values = [float(v) for v in values]
    base = values[baseline_from : baseline_from + (baseline or len(values))]
    if len(base) < 2:
        return None

    mean = sum(base) / len(base)
    ranges = [abs(b - a) for a, b in zip(base, base[1:], strict=False)]
    mr_bar = sum(ranges) / len(ranges)
    if settings.screen_moving_ranges and mr_bar > 0:
        kept = [r for r in ranges if r <= MOVING_RANGE_SCREEN * mr_bar]
        mr_bar = sum(kept) / len(kept) if kept else mr_bar
    upper, lower = mean + LIMIT_FACTOR * mr_bar, mean - LIMIT_FACTOR * mr_bar
    two_sigma = 2 * SIGMA_FACTOR * mr_bar

    sides = [(v > mean) - (v < mean) for v in values]
    signals: list[set[Signal]] = [set() for _ in values]
    for i, v in enumerate(values):
        if v > upper or v < lower:
            signals[i].add(Signal.OUTSIDE_LIMITS)
    _mark_runs(signals, _shift_runs(sides, settings.shift_length), Signal.SHIFT)
    _mark_runs(signals, _trend_runs(values, settings.trend_length), Signal.TREND)
    near = [abs(v - mean) > two_sigma for v in values]
    _mark_runs(signals, _two_of_three(near, sides), Signal.TWO_OF_THREE)

    points = [
        SpcPoint(v, frozenset(s), side) for v, s, side in zip(values, signals, sides, strict=True)
    ]
    variation = _variation(points[-1], polarity)
    assurance = _assurance(target, upper, lower, polarity)
    provisional = len(base) < settings.minimum_points
    explanation = _explain(
        mean, upper, lower, variation, assurance, provisional, len(base), points[-1]
    )
    return SpcResult(
        mean,
        mr_bar,
        upper,
        lower,
        points,
        variation,
        assurance,
        provisional,
        explanation,
        len(base),
    )


def _mark_runs(signals: list[set[Signal]], indexes: set[int], signal: Signal) -> None:
    for i in indexes:
        signals[i].add(signal)


def _shift_runs(sides: list[int], length: int) -> set[int]:
    """Indexes of points in runs of ``length`` or more on one side of the mean."""
    marked: set[int] = set()
    start = 0
    for i in range(1, len(sides) + 1):
        if i == len(sides) or sides[i] != sides[start] or sides[i] == 0:
            if sides[start] != 0 and i - start >= length:
                marked.update(range(start, i))
            start = i
    return marked


def _trend_runs(values: list[float], length: int) -> set[int]:
    """Indexes of points in runs of ``length`` or more points, each rising (or each falling)."""
    marked: set[int] = set()
    steps = [(b > a) - (b < a) for a, b in zip(values, values[1:], strict=False)]
    start = 0  # index into steps
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start] or steps[i] == 0:
            if steps[start] != 0 and (i - start) + 1 >= length:
                marked.update(range(start, i + 1))
            start = i
    return marked


def _two_of_three(near: list[bool], sides: list[int]) -> set[int]:
    """Points near a limit that are part of two-in-three near the same limit."""
    marked: set[int] = set()
    for start in range(len(near) - 2):
        window = range(start, start + 3)
        same_side = abs(sum(sides[i] for i in window)) == 3
        if same_side and sum(near[i] for i in window) >= 2:
            marked.update(i for i in window if near[i])
    return marked


def _variation(latest: SpcPoint, polarity: Polarity) -> Variation:
    if not latest.special:
        return Variation.COMMON_CAUSE
    if polarity is Polarity.NONE or latest.side == 0:
        return Variation.NEUTRAL
    good_side = 1 if polarity is Polarity.HIGHER else -1
    return Variation.IMPROVING if latest.side == good_side else Variation.CONCERNING


def _assurance(
    target: float | None, upper: float, lower: float, polarity: Polarity
) -> Assurance | None:
    if target is None or polarity is Polarity.NONE:
        return None
    if polarity is Polarity.HIGHER:
        if target < lower:
            return Assurance.CONSISTENTLY_MET
        if target > upper:
            return Assurance.CONSISTENTLY_FAILED
    else:
        if target > upper:
            return Assurance.CONSISTENTLY_MET
        if target < lower:
            return Assurance.CONSISTENTLY_FAILED
    return Assurance.INCONSISTENT


VARIATION_WORDS = {
    Variation.COMMON_CAUSE: "the latest point shows only common cause variation",
    Variation.IMPROVING: "the latest point is special cause variation of an improving nature",
    Variation.CONCERNING: "the latest point is special cause variation of a concerning nature",
    Variation.NEUTRAL: "the latest point is special cause variation",
}
ASSURANCE_WORDS = {
    Assurance.CONSISTENTLY_MET: "the process will consistently meet the target",
    Assurance.CONSISTENTLY_FAILED: "the process will consistently fail the target",
    Assurance.INCONSISTENT: "the process will hit and miss the target",
}


def _explain(
    mean: float,
    upper: float,
    lower: float,
    variation: Variation,
    assurance: Assurance | None,
    provisional: bool,
    n: int,
    latest: SpcPoint,
) -> str:
    parts = [f"Mean {mean:.4g}, process limits {lower:.4g} to {upper:.4g} from {n} points"]
    if latest.signals:
        parts.append(f"{VARIATION_WORDS[variation]} ({', '.join(sorted(latest.signals))})")
    else:
        parts.append(VARIATION_WORDS[variation])
    if assurance is not None:
        parts.append(ASSURANCE_WORDS[assurance])
    text = "; ".join(parts) + "."
    if provisional:
        text += f" With only {n} points the limits are provisional."
    return text
