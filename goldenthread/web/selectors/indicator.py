"""An indicator's ratings over time, for its page: every period rated, the latest rating, and
the trend chart (with statistical process control when the council uses it), with words that
say what the chart shows for those who cannot see it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

from goldenthread.access import PUBLISHED_STATES, Person, rated_states_of
from goldenthread.indicators.models import Actual, Aggregation, Frequency, Indicator
from goldenthread.indicators.selectors import HistoryRow, IndicatorPage
from goldenthread.performance.charts import DRAWING, ChartPoint, ProcessLimits, trend_chart_svg
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.selectors import IndicatorAssessment, assessments_over_time
from goldenthread.performance.spc import Polarity, Signal, SpcResult, Variation, xmr
from goldenthread.planning.periods import Period, PeriodKind, period_range
from goldenthread.web import markers
from goldenthread.web.templatetags.golden import format_figure

CHART_CACHE_SECONDS = 24 * 60 * 60  # the same figures always draw the same chart
AXIS_UNITS = {"%", "£"}  # units short enough to write on every figure of the axis

BASIS = {True: "published figures", False: "validated and published figures"}
SIGNAL_WORDS = {
    Signal.OUTSIDE_LIMITS: "outside the process limits",
    Signal.SHIFT: "part of a shift",
    Signal.TREND: "part of a trend",
    Signal.TWO_OF_THREE: "two of three near a limit",
}


class Charted(Protocol):
    """A figure a trend can draw: an indicator's rating for a period (IndicatorAssessment), or
    a report's lighter TrendFigure."""

    @property
    def period(self) -> Period: ...

    @property
    def actual(self) -> Actual | None: ...

    @property
    def target(self) -> Decimal | None: ...

    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class RatedHistoryRow:
    row: HistoryRow
    rating: IndicatorAssessment | None  # None: the figure is not yet in a state you see rated


@dataclass(frozen=True)
class Trend:
    chart_id: str
    title: str
    summary: str
    svg: SafeString
    spc: SpcResult | None
    spc_note: str  # why statistical process control is not shown, when it is on but is not


@dataclass(frozen=True)
class IndicatorRatings:
    latest: IndicatorAssessment | None
    history: list[RatedHistoryRow]
    trend: Trend | None
    published_only: bool
    spc_enabled: bool

    @property
    def basis(self) -> str:
        return BASIS[self.published_only]


def indicator_ratings(user: Person, page: IndicatorPage) -> IndicatorRatings:
    """Everything the indicator page says about ratings, from the figures this person may see
    rated. Five queries, whatever the length of the indicator's history."""
    indicator = page.indicator
    states = rated_states_of(user, indicator)
    settings = RatingSettings.current()
    rated = assessments_over_time(indicator, council=settings.council_rules(), states=states)
    by_period = {r.period: r for r in rated}
    kind = (
        PeriodKind.YEAR
        if indicator.frequency in (Frequency.ANNUAL, Frequency.BIENNIAL)
        else PeriodKind.QUARTER
    )
    series = [r for r in rated if r.period.kind is kind]
    latest = (series or rated)[-1] if rated else None
    published_only = states == PUBLISHED_STATES
    return IndicatorRatings(
        latest=latest,
        history=[RatedHistoryRow(row, by_period.get(row.period)) for row in page.history],
        trend=_trend(indicator, series, settings, BASIS[published_only]) if series else None,
        published_only=published_only,
        spc_enabled=settings.spc_enabled,
    )


# -- the trend -----------------------------------------------------------------------------


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _spc(
    indicator: Indicator, series: Sequence[Charted], settings: RatingSettings
) -> tuple[SpcResult | None, str]:
    if not settings.spc_enabled:
        return None, ""
    if indicator.aggregation == Aggregation.CUMULATIVE:
        return None, (
            "Statistical process control is not applied to year-to-date figures, "
            "which climb through each year by design."
        )
    periods = [r.period for r in series if r.actual is not None]
    values = [float(r.actual.value) for r in series if r.actual is not None]
    first, count = spc_baseline(indicator, periods)
    result = xmr(
        values,
        polarity=indicator.polarity,
        target=_float(series[-1].target),
        baseline=count,
        baseline_from=first,
        settings=settings.spc_settings(),
    )
    if result is None:
        return None, "Statistical process control needs at least two figures in its baseline."
    return result, ""


def spc_baseline(indicator: Indicator, periods: list[Any]) -> tuple[int, int | None]:
    """Where the indicator's chosen baseline starts in ``periods`` and how many figures it
    holds; every figure when no baseline is chosen."""
    first, last = indicator.spc_baseline_first, indicator.spc_baseline_last
    if first is None and last is None:
        return 0, None
    inside = [
        i
        for i, period in enumerate(periods)
        if (first is None or period >= first) and (last is None or period <= last)
    ]
    if not inside:
        return 0, 0
    return inside[0], len(inside)


def _special_kind(point: Any, polarity: str) -> str:
    if not point.special:
        return ""
    if polarity == Polarity.NONE or point.side == 0:
        return "neutral"
    good = 1 if polarity == Polarity.HIGHER else -1
    return "improving" if point.side == good else "concerning"


@dataclass(frozen=True)
class TrendParts:
    """What a trend chart shows, before it is drawn: its points, the process limits when
    statistical process control applies, its title and the same in words."""

    chart_id: str
    title: str
    summary: str
    points: list[ChartPoint]
    limits: ProcessLimits | None
    spc: SpcResult | None
    spc_note: str


def trend_parts(
    indicator: Indicator, series: Sequence[Charted], settings: RatingSettings, basis: str
) -> TrendParts:
    """The trend of ``series`` (an indicator's ratings, oldest first, one kind of period)."""
    spc, spc_note = _spc(indicator, series, settings)
    rated = {r.period: r for r in series}
    spc_points = iter(spc.points if spc else [])
    cumulative = indicator.aggregation == Aggregation.CUMULATIVE
    points = []
    for period in period_range(series[0].period, series[-1].period):
        new_run = cumulative and period.kind is PeriodKind.QUARTER and period.number == 1
        result = rated.get(period)
        if result is None:
            points.append(ChartPoint(str(period), None, new_run=new_run))
            continue
        special = _special_kind(next(spc_points), indicator.polarity) if spc else ""
        points.append(
            ChartPoint(
                str(period),
                _float(result.actual.value if result.actual else None),
                _float(result.target),
                special,
                new_run,
            )
        )
    limits = (
        ProcessLimits(spc.mean, spc.lower_limit, spc.upper_limit, spc.provisional) if spc else None
    )
    per = "year" if series[0].period.kind is PeriodKind.YEAR else "quarter"
    title = (
        f"Chart of {indicator.code} {indicator.title}: the actual and the target by {per}, "
        f"{series[0].period} to {series[-1].period}"
        + (", with the mean and process limits" if spc else "")
    )
    summary = _summary(indicator, series, spc, basis)
    return TrendParts(f"trend-{indicator.pk}", title, summary, points, limits, spc, spc_note)


def _trend(
    indicator: Indicator, series: Sequence[Charted], settings: RatingSettings, basis: str
) -> Trend:
    parts = trend_parts(indicator, series, settings, basis)
    svg = _chart_svg(
        indicator,
        chart_id=parts.chart_id,
        title=parts.title,
        points=parts.points,
        limits=parts.limits,
    )
    return Trend(parts.chart_id, parts.title, parts.summary, svg, parts.spc, parts.spc_note)


def _chart_svg(
    indicator: Indicator,
    *,
    chart_id: str,
    title: str,
    points: list[ChartPoint],
    limits: ProcessLimits | None,
) -> SafeString:
    unit = (indicator.unit or "").strip()
    on_axis = unit in AXIS_UNITS
    key_data = [
        chart_id,
        title,
        [list(vars(p).values()) for p in points],
        list(vars(limits).values()) if limits else None,
        unit,
        indicator.decimals,
    ]
    key = (
        f"trend-chart:{DRAWING}:"
        + hashlib.sha256(json.dumps(key_data, default=str).encode()).hexdigest()
    )

    def draw() -> str:
        return trend_chart_svg(
            chart_id=chart_id,
            title=title,
            points=points,
            limits=limits,
            format_value=lambda value: format_figure(
                value, decimals=indicator.decimals, unit=unit if on_axis else ""
            ),
            y_label="" if on_axis or unit.lower() in ("", "number") else unit,
            description_id=f"{chart_id}-summary",
        )

    svg = str(cache.get_or_set(key, draw, CHART_CACHE_SECONDS))
    return mark_safe(svg)  # drawn here from escaped text


def _summary(
    indicator: Indicator, series: Sequence[Charted], spc: SpcResult | None, basis: str
) -> str:
    """The chart in words: its span, where it started and ended, its extremes, the latest
    rating and what statistical process control says."""

    def fig(value: Any) -> str:
        return format_figure(value, decimals=indicator.decimals, unit=indicator.unit)

    reported = [(r, r.actual.value) for r in series if r.actual is not None]
    (first, first_value), (last, last_value) = reported[0], reported[-1]
    per = "year" if first.period.kind is PeriodKind.YEAR else "quarter"
    n = len(reported)
    words = [f"{n} {per}{'s' if n != 1 else ''} of {basis}, {first.period} to {last.period}."]
    if n > 1:
        high = max(reported, key=lambda pair: pair[1])
        low = min(reported, key=lambda pair: pair[1])
        words.append(
            f"It went from {fig(first_value)} to {fig(last_value)}; the highest was "
            f"{fig(high[1])} in {high[0].period} and the lowest {fig(low[1])} in {low[0].period}."
        )
    status = markers.STATUS.get(last.status, markers.NOT_RATED).text.lower()
    target = f" against a target of {fig(last.target)}" if last.target is not None else ""
    words.append(f"The latest, {fig(last_value)} in {last.period}, is {status}{target}.")
    if spc is not None:
        words.append(_spc_words(spc, fig))
    return " ".join(words)


def _spc_words(spc: SpcResult, fig: Any) -> str:
    words = [
        f"The mean is {fig(spc.mean)} and the process limits are {fig(spc.lower_limit)} "
        f"to {fig(spc.upper_limit)}, from {spc.baseline_points} figures"
        + (" (provisional)." if spc.provisional else ".")
    ]
    specials = [p for p in spc.points if p.special]
    if specials:
        signals = sorted({s for p in specials for s in p.signals})
        words.append(
            f"{len(specials)} figure{'s' if len(specials) != 1 else ''} "
            f"show{'s' if len(specials) == 1 else ''} special cause variation ("
            + ", ".join(SIGNAL_WORDS[s] for s in signals)
            + ")."
        )
    words.append(
        markers.VARIATION[spc.variation].text
        + " at the latest figure"
        + ("." if spc.variation is not Variation.COMMON_CAUSE else ": nothing unusual.")
    )
    if spc.assurance is not None:
        words.append(f"Assurance: {markers.ASSURANCE[spc.assurance].text.lower()}.")
    return " ".join(words)
