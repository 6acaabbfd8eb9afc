"""Ratings for the lists on the pages: every indicator and milestone a page lists, rated in
bulk for one period, in a fixed number of queries whatever the number of rows.

Which period: the latest quarter with a figure the person may see rated (officers: validated
or published; councillors, partners, regulators: published), across every indicator they can
see, so that one page rates everything for the same quarter; a quarter whose collection round
is still open is left out, however many of its figures are in. Annual and biennial indicators
are rated for the latest such financial year instead. Each rated object gets a ``rating``
attribute: an IndicatorAssessment (indicators; None when nothing could be rated) or a
MilestoneRating (milestones), for the templates' markers; an indicator whose figure for the
period is entered but not yet rated also gets ``rating_pending``, that figure's state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.utils import timezone

from goldenthread.access import (
    OFFICER_STATES,
    PUBLISHED_STATES,
    Person,
    collecting_periods,
    early_rated,
    rated_states,
    visible_indicators,
)
from goldenthread.indicators.models import Frequency, Indicator
from goldenthread.performance.milestones import rate_milestone
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.selectors import (
    RatedPeriods,
    latest_rated_periods,
    period_assessments,
)
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.planning.periods import Period
from goldenthread.web.selectors.home import (
    BoardSection,
    DepartmentSection,
    HomePage,
    IndicatorListSection,
)

YEARLY = {Frequency.ANNUAL, Frequency.BIENNIAL}


@dataclass(frozen=True)
class RatedList:
    """What a page's ratings are for, to say in its captions."""

    periods: RatedPeriods
    milestones_as_at: Period
    published_only: bool

    @property
    def basis(self) -> str:
        return "published figures" if self.published_only else "validated and published figures"

    @property
    def summary(self) -> str:
        """``Status for 2008/09 Q2 (annual indicators 2007/08), from published figures``."""
        quarter, year = self.periods.quarter, self.periods.year
        if quarter is None and year is None:
            return f"No {self.basis} to rate yet"
        when = str(quarter or year)
        if quarter is not None and year is not None:
            when += f" (annual indicators {year})"
        return f"Status for {when}, from {self.basis}"


def rate(
    user: Person, *, indicators: Iterable[Any] = (), milestones: Iterable[Milestone] = ()
) -> RatedList:
    """Rate the indicators and milestones a page lists, as this person may see them; sets
    ``rating`` on each. At most eleven queries, whatever the number of rows."""
    indicators, milestones = list(indicators), list(milestones)
    states = rated_states(user)
    # Validated figures are rated early only for the indicators that are this person's before
    # publication (all of them for the performance and management teams).
    theirs = early_rated(user) if states == PUBLISHED_STATES else None
    periods = latest_rated_periods(
        visible_indicators(user),
        states=states,
        validated_too=theirs,
        withheld=collecting_periods(),
    )
    council = RatingSettings.current().council_rules()
    early = (
        set(theirs.filter(pk__in={i.pk for i in indicators}).values_list("pk", flat=True))
        if indicators and theirs is not None
        else set()
    )
    by_indicator: dict[int, Any] = {}
    for period, ids in (
        (periods.quarter, {i.pk for i in indicators if i.frequency not in YEARLY}),
        (periods.year, {i.pk for i in indicators if i.frequency in YEARLY}),
    ):
        if period is None or not ids:
            continue
        for result in period_assessments(
            Indicator.objects.filter(pk__in=ids),
            period,
            council=council,
            states=states,
            validated_too=early,
        ):
            by_indicator[result.indicator.pk] = result
    for indicator in indicators:
        indicator.rating = by_indicator.get(indicator.pk)
        indicator.rating_pending = _pending(
            indicator, OFFICER_STATES if indicator.pk in early else states
        )
    as_at = periods.quarter or Period.quarter_of(timezone.localdate())
    _rate_milestones(milestones, as_at=as_at, states=states)
    return RatedList(periods, as_at, states == PUBLISHED_STATES)


def _pending(indicator: Any, states: Iterable[str]) -> str:
    """The state of the figure entered for the period rated, when there is one that this person
    does not yet see rated ("submitted"); else empty. Reads the row's latest-actual annotation
    (with_latest_actual), so costs no query."""
    rating = indicator.rating
    if rating is None or rating.actual is not None:
        return ""
    latest_period, latest_state = (
        getattr(indicator, "latest_period", None),
        getattr(indicator, "latest_state", None),
    )
    if latest_state and str(latest_period) == str(rating.period) and latest_state not in states:
        return str(latest_state)
    return ""


def _rate_milestones(milestones: list[Milestone], *, as_at: Period, states: Iterable[str]) -> None:
    """Each milestone's status at the end of ``as_at``, from its latest progress report in
    ``states`` up to then. One query, none when there are no milestones."""
    if not milestones:
        return
    latest: dict[int, MilestoneUpdate] = {}
    updates = MilestoneUpdate.objects.filter(
        milestone__in={m.pk for m in milestones}, state__in=list(states)
    ).only("milestone_id", "period", "progress")
    for update in updates:
        if update.period > as_at:
            continue
        current = latest.get(update.milestone_id)
        if current is None or update.period > current.period:
            latest[update.milestone_id] = update
    for milestone in milestones:
        reported = latest.get(milestone.pk)
        progress = reported.progress if reported else None
        milestone.rated_progress = progress  # type: ignore[attr-defined]
        milestone.rating = rate_milestone(  # type: ignore[attr-defined]
            progress=progress, due=cast(Period, milestone.due), as_at=as_at
        )


# -- what each page lists ------------------------------------------------------------------


def thread_rows(thread_objectives: Iterable[Any]) -> tuple[list[Any], list[Milestone]]:
    """The indicators and milestones under a tree's objectives (ThreadObjective items)."""
    indicators: list[Any] = []
    milestones: list[Milestone] = []
    for item in thread_objectives:
        indicators += item.indicators
        milestones += item.milestones
    return indicators, milestones


def rate_priority(user: Person, thread: Any) -> RatedList:
    indicators, milestones = thread_rows(o for area in thread.areas for o in area.objectives)
    return rate(user, indicators=[*indicators, *thread.indicators], milestones=milestones)


def rate_area_of_focus(user: Person, thread: Any) -> RatedList:
    indicators, milestones = thread_rows(thread.objectives)
    return rate(user, indicators=indicators, milestones=milestones)


def rate_objective(user: Person, page: Any) -> RatedList:
    return rate(
        user, indicators=page.indicators, milestones=[row.milestone for row in page.milestones]
    )


def rate_home(user: Person, page: HomePage) -> RatedList:
    """Every indicator and due milestone the home page's sections list."""
    indicators: list[Any] = []
    milestones: list[Milestone] = []
    for section in page.sections:
        data = section.data
        if isinstance(data, DepartmentSection):
            indicators += data.indicators
            milestones += [due.milestone for due in data.milestones_due]
        elif isinstance(data, BoardSection):
            for board_priority in data.priorities:
                indicators += board_priority.indicators
        elif isinstance(data, IndicatorListSection):
            indicators += data.indicators
    return rate(user, indicators=indicators, milestones=milestones)
