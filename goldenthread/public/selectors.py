"""What a member of the public sees of the council's performance: its priorities, the council's
own indicators and their published figures, rated and explained.

Everything is read through goldenthread.access as THE_PUBLIC, whoever is signed in, so the rules
of what is public (published figures only, none from a quarter still being collected) live in
one place. The ratings themselves come from goldenthread.performance, which rates the figures
of a workflow state; every figure it returns is then kept only if access shows it to the public.
The planning timetable comes from goldenthread.assurance: only each stage's name, kind, whom
it is due from, its date and whether it is done.

Each function runs a fixed number of queries, whatever the number of indicators, figures or
stages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from goldenthread import access
from goldenthread.access import Person
from goldenthread.assurance import selectors as assurance
from goldenthread.assurance.choices import StageKind
from goldenthread.assurance.rules import StageStanding
from goldenthread.assurance.selectors import PublicStage
from goldenthread.indicators.models import (
    ActualQuerySet,
    Frequency,
    Indicator,
    IndicatorPriority,
    IndicatorQuerySet,
)
from goldenthread.monitoring.models import CollectionRound, ItemChange, ItemType
from goldenthread.organisation.models import Organisation, OrganisationKind
from goldenthread.performance.charts import Bar, trend_chart_svg
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.selectors import (
    IndicatorAssessment,
    histories,
    period_assessments,
)
from goldenthread.performance.small_charts import sparkline_svg, status_bars_svg
from goldenthread.planning.models import ObjectiveLink, Priority
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.planning.selectors import PriorityOutline, priority_outline, with_outline
from goldenthread.public.words import (
    KIND_WORDS,
    KeyStage,
    Standing,
    audience_words,
    key_dates_sentence,
    overdue_sentence,
    standing_sentence,
)
from goldenthread.reporting.charts import STATUS_STYLE
from goldenthread.web import markers
from goldenthread.web.selectors.indicator import AXIS_UNITS, trend_parts
from goldenthread.web.templatetags.golden import format_figure
from goldenthread.workflow import WorkflowState

# The reader of every public page and download: a visitor with no sign-in, whoever is signed in.
THE_PUBLIC: Person = access.THE_PUBLIC

YEARLY = {Frequency.ANNUAL, Frequency.BIENNIAL}
BASIS = "published figures"


# -- which periods the public sees, and since when --------------------------------------------


def public_actuals() -> ActualQuerySet:
    """The figures the public may see: published, and none from a quarter still collected."""
    return access.visible_actuals(THE_PUBLIC)


@dataclass(frozen=True)
class Release:
    """The latest periods with a figure the public may see: a quarter (for quarterly and
    monthly indicators) and a financial year (for annual ones), and the day that quarter's
    figures were released: published, and its collection closed."""

    quarter: Period | None
    year: Period | None
    released_on: datetime.date | None

    def period_for(self, indicator: Indicator) -> Period | None:
        return self.year if indicator.frequency in YEARLY else self.quarter

    @property
    def until(self) -> Period | None:
        """The release's last period: nothing later is rated."""
        found = [p for p in (self.quarter, self.year) if p is not None]
        return max(found, key=lambda p: p.end) if found else None

    @property
    def label(self) -> str:
        """``2009/10 Q1 (annual indicators 2008/09)``."""
        if self.quarter is None:
            return str(self.year or "")
        if self.year is None:
            return str(self.quarter)
        return f"{self.quarter} (annual indicators {self.year})"


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _released(publishing: datetime.datetime | None, closing: datetime.datetime | None) -> Any:
    """A figure reaches the public when it is published or, if later, when the collection of
    its quarter closes."""
    moments = [m for m in (publishing, closing) if m is not None]
    return _day(max(moments)) if moments else None


def _publications() -> QuerySet[ItemChange]:
    return ItemChange.objects.filter(
        item_type=ItemType.ACTUAL, field="state", new_value=WorkflowState.PUBLISHED
    )


def release() -> Release:
    """Three queries."""
    periods = {
        p if isinstance(p, Period) else Period.parse(str(p))
        for p in public_actuals().order_by().values_list("period", flat=True).distinct()
    }
    quarters = [p for p in periods if p.kind is PeriodKind.QUARTER]
    years = [p for p in periods if p.kind is PeriodKind.YEAR]
    quarter = max(quarters) if quarters else None
    released_on = None
    if quarter is not None:
        published = _publications().filter(period=quarter).aggregate(at=Max("at"))["at"]
        closed = (
            CollectionRound.objects.filter(quarter=quarter, closed_at__isnull=False)
            .values_list("closed_at", flat=True)
            .first()
        )
        released_on = _released(published, closed)
    return Release(quarter, max(years) if years else None, released_on)


def council_name() -> str:
    council = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).order_by("pk").first()
    return council.name if council else "The council"


# -- the public's indicators, rated ------------------------------------------------------------


def public_indicators() -> IndicatorQuerySet:
    return access.visible_indicators(THE_PUBLIC)


def _described(indicators: QuerySet[Indicator]) -> list[Indicator]:
    """The indicators with their priorities (primary first) and department. Two queries."""
    links = Prefetch(
        "priority_links",
        queryset=IndicatorPriority.objects.select_related("priority").order_by("position"),
    )
    return list(indicators.select_related("department").prefetch_related(links).order_by("code"))


def _rated_figure(result: IndicatorAssessment) -> bool:
    """Whether the rating is of a figure. Ratings here count only what the public may see
    (published figures outside the periods still being collected), so any figure is theirs."""
    return result.actual is not None


@dataclass
class Rated:
    """An indicator as the public sees it: its published figures rated, oldest first, and its
    rating for the release (None when it has no published figure for the release's period)."""

    indicator: Indicator
    history: list[IndicatorAssessment]
    current: IndicatorAssessment | None
    chart: Chart | None = None

    @property
    def series(self) -> list[IndicatorAssessment]:
        """The figures of the indicator's own kind of period, for its trend."""
        kind = PeriodKind.YEAR if self.indicator.frequency in YEARLY else PeriodKind.QUARTER
        return [r for r in self.history if r.period.kind is kind]

    @property
    def latest(self) -> IndicatorAssessment | None:
        series = self.series or self.history
        return series[-1] if series else None

    @property
    def priorities(self) -> list[Priority]:
        return [link.priority for link in self.indicator.priority_links.all()]


def rate_current(indicators: QuerySet[Indicator], release: Release) -> list[Rated]:
    """Each indicator rated for the release's period only (no history). Nine queries."""
    described = _described(indicators)
    council = RatingSettings.current().council_rules()
    current: dict[int, IndicatorAssessment] = {}
    for period, yearly in ((release.quarter, False), (release.year, True)):
        ids = [i.pk for i in described if (i.frequency in YEARLY) is yearly]
        if period is None or not ids:
            continue
        chosen = Indicator.objects.filter(pk__in=ids)
        for result in period_assessments(
            chosen,
            period,
            council=council,
            states=access.rated_states(THE_PUBLIC),
            withheld=access.collecting_periods(),
        ):
            if _rated_figure(result):
                current[result.indicator.pk] = result
    return [Rated(i, [], current.get(i.pk)) for i in described]


def rate_histories(indicators: QuerySet[Indicator], release: Release) -> list[Rated]:
    """Each indicator with every published figure the public may see rated, up to the
    release. Seven queries."""
    described = _described(indicators)
    if release.until is None:
        return [Rated(i, [], None) for i in described]
    rated = histories(
        described,
        council=RatingSettings.current().council_rules(),
        states=access.rated_states(THE_PUBLIC),
        until=release.until,
        withheld=access.collecting_periods(),
    )
    found = []
    for indicator in described:
        history = [r for r in rated[indicator.pk] if _rated_figure(r)]
        now = release.period_for(indicator)
        current = next((r for r in reversed(history) if r.period == now), None)
        found.append(Rated(indicator, history, current))
    return found


def standing_of(rows: Iterable[Rated]) -> Standing:
    statuses = [(r.current.status, r.current.direction) if r.current else None for r in rows]
    rated = [s for s in statuses if s is not None]
    return Standing(
        on_target=sum(1 for status, _ in rated if status == "green"),
        near_target=sum(1 for status, _ in rated if status == "amber"),
        off_target=sum(1 for status, _ in rated if status == "red"),
        off_and_worsening=sum(
            1 for status, direction in rated if status == "red" and direction == "worsening"
        ),
        data_only=sum(1 for status, _ in rated if status == "no_target"),
        not_reported=len(statuses) - len(rated),
    )


# -- charts: each an SVG with a name, and the same in words ------------------------------------


@dataclass(frozen=True)
class Chart:
    chart_id: str
    svg: SafeString
    text: str  # the text alternative: what the chart shows, in words


def standing_chart(standing: Standing, *, chart_id: str, title: str) -> Chart:
    """A bar per status with its count, labelled in the words the pages use."""
    counts = standing.counts()
    bars = [
        Bar(markers.STATUS[status].text, count, *STATUS_STYLE[status])
        for status, count in counts.items()
    ]
    svg = status_bars_svg(chart_id=chart_id, title=title, bars=bars)
    words = "; ".join(f"{markers.STATUS[s].text}: {n}" for s, n in counts.items())
    return Chart(chart_id, mark_safe(svg), f"{title}. {words}.")  # drawn from escaped text


def _format(indicator: Indicator) -> Any:
    unit = (indicator.unit or "").strip()
    on_axis = unit if unit in AXIS_UNITS else ""
    return lambda value: format_figure(value, decimals=indicator.decimals, unit=on_axis)


def trend_chart(rated: Rated, settings: RatingSettings, *, small: bool) -> Chart | None:
    """The indicator's published figures over time against its target: a sparkline in a
    list (``small``), the full chart on its own page. No queries."""
    series = rated.series
    if not series:
        return None
    indicator = rated.indicator
    parts = trend_parts(indicator, series, settings, BASIS)
    chart_id = f"public-{parts.chart_id}"
    if small:
        svg = sparkline_svg(chart_id=chart_id, title=parts.title, points=parts.points, limits=None)
    else:
        unit = (indicator.unit or "").strip()
        svg = trend_chart_svg(
            chart_id=chart_id,
            title=parts.title,
            points=parts.points,
            limits=parts.limits,
            format_value=_format(indicator),
            y_label="" if unit in AXIS_UNITS or unit.lower() in ("", "number") else unit,
            description_id=f"{chart_id}-summary",
        )
    return Chart(chart_id, mark_safe(svg), parts.summary)  # drawn from escaped text


# -- the pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityStanding:
    outline: PriorityOutline
    standing: Standing
    chart: Chart

    @property
    def priority(self) -> Priority:
        return self.outline.priority

    @property
    def sentence(self) -> str:
        return standing_sentence(self.standing)


@dataclass(frozen=True)
class Overview:
    council: str
    release: Release
    standing: Standing
    chart: Chart
    priorities: list[PriorityStanding]

    @property
    def sentence(self) -> str:
        return standing_sentence(self.standing)


def _priority_chart(priority: Priority, standing: Standing, period: str) -> Chart:
    return standing_chart(
        standing,
        chart_id=f"standing-{priority.code.lower()}",
        title=f"{priority.name}: measures by status, {period}",
    )


def overview_page() -> Overview:
    """Every priority, with how its measures stand at the release. Fifteen queries."""
    when = release()
    rows = rate_current(public_indicators(), when)
    priorities = []
    for priority in with_outline(access.visible_priorities(THE_PUBLIC).order_by("number")):
        mine = [r for r in rows if priority in r.priorities]
        standing = standing_of(mine)
        priorities.append(
            PriorityStanding(
                priority_outline(priority),
                standing,
                _priority_chart(priority, standing, when.label),
            )
        )
    standing = standing_of(rows)
    chart = standing_chart(
        standing, chart_id="standing-council", title=f"All measures by status, {when.label}"
    )
    return Overview(council_name(), when, standing, chart, priorities)


@dataclass(frozen=True)
class AreaMeasures:
    title: str
    number: int | None  # None: the priority's measures that serve no one area of focus
    rows: list[Rated]


@dataclass(frozen=True)
class PriorityPage:
    council: str
    release: Release
    about: PriorityStanding
    areas: list[AreaMeasures]


def _first_areas(priority: Priority, indicators: QuerySet[Indicator]) -> dict[int, int]:
    """Indicator id → the lowest-numbered of the priority's areas of focus it measures an
    objective of. One query."""
    found: dict[int, int] = {}
    links = (
        ObjectiveLink.objects.filter(
            priority=priority,
            area_of_focus__isnull=False,
            objective__indicators__in=indicators,
        )
        .order_by("area_of_focus__number")
        .values_list("objective__indicators", "area_of_focus__number")
    )
    for indicator_id, number in links:
        found.setdefault(indicator_id, number)
    return found


def priority_page(code: str) -> PriorityPage:
    """A priority: what it is for, how its measures stand, and each measure with its latest
    published figure and trend, grouped by area of focus. About twenty queries."""
    priority = access.access_priority(THE_PUBLIC, code)
    outline = priority_outline(with_outline(Priority.objects.filter(pk=priority.pk)).get())
    when = release()
    indicators = public_indicators().filter(priority_links__priority=priority)
    rows = rate_histories(indicators, when)
    settings = RatingSettings.current()
    for row in rows:
        row.chart = trend_chart(row, settings, small=True)
    standing = standing_of(rows)
    about = PriorityStanding(outline, standing, _priority_chart(priority, standing, when.label))
    first_area = _first_areas(priority, indicators)
    areas = [
        AreaMeasures(
            area.title,
            area.number,
            [r for r in rows if first_area.get(r.indicator.pk) == area.number],
        )
        for group in outline.key_objectives
        for area in group.areas
    ]
    areas.sort(key=lambda a: a.number or 0)
    others = [r for r in rows if r.indicator.pk not in first_area]
    if others:
        areas.append(AreaMeasures("Other measures of this priority", None, others))
    return PriorityPage(council_name(), when, about, [a for a in areas if a.rows])


@dataclass(frozen=True)
class FigureRow:
    rating: IndicatorAssessment
    released_on: datetime.date | None


@dataclass(frozen=True)
class IndicatorPage:
    council: str
    release: Release
    rated: Rated
    chart: Chart | None
    figures: list[FigureRow]  # newest first


def indicator_page(code: str) -> IndicatorPage:
    """One measure: what it is, its published figures with their ratings explained, and its
    trend. About fifteen queries, whatever the length of its history."""
    indicator = access.access_indicator(THE_PUBLIC, code)
    when = release()
    indicators = public_indicators().filter(pk=indicator.pk)
    (rated,) = rate_histories(indicators, when)
    released = released_dates(indicators)
    figures = [
        FigureRow(r, released.get(r.actual.pk) if r.actual else None)
        for r in reversed(rated.history)
    ]
    chart = trend_chart(rated, RatingSettings.current(), small=False)
    return IndicatorPage(council_name(), when, rated, chart, figures)


def released_dates(indicators: QuerySet[Indicator]) -> dict[int, datetime.date | None]:
    """Each public figure's id → the day it reached the public: when it was published or, if
    later, when its quarter's collection closed. Three queries."""
    seen = public_actuals().filter(indicator__in=indicators)
    published = dict(
        _publications()
        .filter(item_id__in=seen.values("pk"))
        .order_by()
        .values("item_id")
        .annotate(at=Max("at"))
        .values_list("item_id", "at")
    )
    closed = dict(
        CollectionRound.objects.filter(closed_at__isnull=False).values_list("quarter", "closed_at")
    )
    return {
        pk: _released(published.get(pk), closed.get(Period.quarter_of(period.end)))
        for pk, period in seen.values_list("pk", "period")
    }


def priorities_for_download() -> Sequence[Priority]:
    return list(access.visible_priorities(THE_PUBLIC).order_by("number"))


# -- the planning timetable ----------------------------------------------------------------------


@dataclass(frozen=True)
class TimetableRow:
    stage: PublicStage
    standing: StageStanding

    @property
    def audience(self) -> str:
        return audience_words(self.stage.audience)

    @property
    def about(self) -> str:
        return KIND_WORDS.get(self.stage.kind, "")


@dataclass(frozen=True)
class TimetablePage:
    council: str
    year: Period | None  # the planning year shown: None when there is no timetable at all
    others: list[Period]  # the other planning years with a timetable, latest first
    rows: list[TimetableRow]
    today: datetime.date

    @property
    def overdue(self) -> str:
        return overdue_sentence(sum(1 for row in self.rows if row.standing.overdue))

    @property
    def key_dates(self) -> str:
        """When councillors give their input and the plans are agreed: of several stages of a
        kind, the first not yet done, else the last done."""

        def key(kind: StageKind) -> KeyStage | None:
            stages = [row.stage for row in self.rows if row.stage.kind == kind]
            pending = [stage for stage in stages if stage.done_on is None]
            chosen = pending[0] if pending else (stages[-1] if stages else None)
            return KeyStage(chosen.due, chosen.done_on) if chosen else None

        return key_dates_sentence(
            key(StageKind.MEMBER_INPUT), key(StageKind.PLANS_AGREED), self.today
        )


def timetable_page(asked: str) -> TimetablePage:
    """A planning year's timetable as the public reads it: the year asked for (``2010-11``), else
    the latest with stages. Http404 for a year with no timetable, so an address made up cannot
    fill the cache with empty pages. Three queries."""
    years = assurance.timetable_years()
    if asked:
        year = assurance.parse_year(asked)
        if year not in years:
            raise Http404("Not found")
    else:
        year = max(years) if years else None
    today = assurance.today()
    stages = assurance.public_stages(year) if year is not None else []
    rows = [TimetableRow(stage, stage.standing(today)) for stage in stages]
    others = [Period(y) for y in sorted(years, reverse=True) if y != year]
    return TimetablePage(
        council_name(), Period(year) if year is not None else None, others, rows, today
    )
