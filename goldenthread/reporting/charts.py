"""A report's pictures: a status summary per section (and, in detail, a trend chart per
indicator), each the same SVG in the page and the PDF, each with a text alternative."""

from __future__ import annotations

from goldenthread.indicators.models import Frequency, Indicator
from goldenthread.performance.charts import Bar
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.selectors import trends
from goldenthread.performance.small_charts import sparkline_svg, status_bars_svg
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.reporting.document import Chart, StatusCount
from goldenthread.web.selectors.indicator import trend_parts
from goldenthread.workflow import WorkflowState

PUBLISHED_FIGURES = "published figures"
TREND_YEARS = 5  # a report's trend charts look back this many financial years

# GOV.UK palette; each status has its own pattern too.
STATUS_STYLE = {
    "red": ("#d4351c", "////"),
    "amber": ("#f47738", "...."),
    "green": ("#00703c", ""),
    "no_target": ("#b1b4b6", "xx"),
    "not_reported": ("#ffffff", "--"),
    "awaiting": ("#b7acd6", r"\\\\"),  # GOV.UK purple, tinted, as its tag
}
# A bar's label has 90 points before the bar: "Awaiting publication" would not fit.
CHART_LABELS = {"awaiting": "Awaiting"}


def status_chart(counts: list[StatusCount], *, chart_id: str, title: str) -> Chart:
    """Bars of the items in each status, with the counts written beside them."""
    bars = [
        Bar(CHART_LABELS.get(c.status, c.label), c.count, *STATUS_STYLE[c.status]) for c in counts
    ]
    svg = status_bars_svg(chart_id=chart_id, title=title, bars=bars)
    text = "; ".join(f"{c.label}: {c.count}" for c in counts) + "."
    return Chart(svg=svg, title=title, text=f"{title}. {text}")


def trend_charts(indicators: list[Indicator], *, until: Period) -> dict[str, Chart]:
    """A small trend chart per indicator, by code, from its published figures over the
    financial years up to the end of ``until`` (at most TREND_YEARS of them): quarterly
    indicators by quarter, annual ones by year. Four queries, whatever the length of the
    indicators' histories."""
    settings = RatingSettings.current()
    rated = trends(
        indicators,
        council=settings.council_rules(),
        states=[WorkflowState.PUBLISHED],
        since=Period(until.year - TREND_YEARS + 1),
        until=until,
    )
    charts = {}
    for indicator in indicators:
        annual = indicator.frequency in (Frequency.ANNUAL, Frequency.BIENNIAL)
        kind = PeriodKind.YEAR if annual else PeriodKind.QUARTER
        series = [r for r in rated[indicator.pk] if r.period.kind is kind]
        if not series:
            continue
        parts = trend_parts(indicator, series, settings, PUBLISHED_FIGURES)
        svg = sparkline_svg(
            chart_id=f"{parts.chart_id}-{until.slug}",
            title=parts.title,
            points=parts.points,
            limits=parts.limits,
        )
        charts[indicator.code] = Chart(svg=svg, title=parts.title, text=parts.summary)
    return charts
