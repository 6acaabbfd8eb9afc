"""Every return still open for some departments: one row per open round and department, oldest
round first, with its deadline, whether it is overdue and how many items are still to do.

Opening the next round must not hide an overdue one, so a manager's and a director's home list
every open round, not only the newest. What is due follows goldenthread.monitoring.selectors
(round_returns) rule for rule; this reads every open round at once, so the number of queries
does not grow with the number of rounds, departments or items.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.models import CollectionRound, ReturnSignOff
from goldenthread.monitoring.selectors import _indicator_period, due_periods
from goldenthread.organisation.models import Department
from goldenthread.planning.models import Milestone, MilestoneProgress, MilestoneUpdate
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState


@dataclass(frozen=True)
class OpenReturn:
    """One department's return in one open round."""

    round: CollectionRound
    department: Department
    due: int  # items the round asks the department for
    to_do: int  # of which not yet submitted: nothing entered, or still a draft
    today: datetime.date
    sign_off: ReturnSignOff | None = None

    @property
    def overdue(self) -> bool:
        return self.today > self.round.deadline

    @property
    def days_late(self) -> int:
        return (self.today - self.round.deadline).days

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None and self.sign_off.in_force

    @property
    def url(self) -> str:
        return reverse("department_return", args=[self.department.code, self.round.quarter.slug])


def open_returns(
    departments: Iterable[Department], *, today: datetime.date | None = None
) -> list[OpenReturn]:
    """Each department's return in every round still open, oldest round first, then by
    department name. Six queries, whatever the number of rounds, departments and items."""
    today = today or timezone.localdate()
    departments = sorted(departments, key=lambda d: d.name)
    rounds = list(CollectionRound.objects.filter(closed_at__isnull=True).order_by("quarter"))
    if not rounds or not departments:
        return []
    ids = [d.pk for d in departments]
    due: dict[tuple[int, int], int] = defaultdict(int)  # (round, department) → items due
    to_do: dict[tuple[int, int], int] = defaultdict(int)
    for round_id, department_id, state in [
        *_indicator_items(rounds, ids),
        *_milestone_items(rounds, ids),
    ]:
        due[round_id, department_id] += 1
        if state in (None, WorkflowState.DRAFT):
            to_do[round_id, department_id] += 1
    sign_offs = {
        (s.round_id, s.department_id): s
        for s in ReturnSignOff.objects.filter(
            round__in=rounds, department_id__in=ids
        ).select_related("signed_by")
    }
    return [
        OpenReturn(
            round_,
            department,
            due[round_.pk, department.pk],
            to_do[round_.pk, department.pk],
            today,
            sign_offs.get((round_.pk, department.pk)),
        )
        for round_ in rounds
        for department in departments
        if due[round_.pk, department.pk]
    ]


Item = tuple[int, int, str | None]  # round id, department id, the item's state (None: not entered)


def _indicator_items(rounds: list[CollectionRound], departments: list[int]) -> list[Item]:
    """Each indicator figure due in each round. Two queries."""
    indicators = list(
        Indicator.objects.filter(department_id__in=departments).only(
            "id", "department_id", "frequency"
        )
    )
    periods: set[Period] = set()
    for round_ in rounds:
        periods.update(due_periods(round_.quarter))
        periods.add(round_.quarter.financial_year.previous())
    states = {
        (indicator_id, str(period)): state
        for indicator_id, period, state in Actual.objects.filter(
            indicator__department_id__in=departments, period__in=list(periods)
        ).values_list("indicator_id", "period", "state")
    }
    items: list[Item] = []
    for round_ in rounds:
        last_year = str(round_.quarter.financial_year.previous())
        held_last_year = {i.pk for i in indicators if (i.pk, last_year) in states}
        for indicator in indicators:
            period = _indicator_period(indicator, round_.quarter, held_last_year)
            if period is not None:
                state = states.get((indicator.pk, str(period)))
                items.append((round_.pk, indicator.department_id, state))  # type: ignore[arg-type]
    return items


def _milestone_items(rounds: list[CollectionRound], departments: list[int]) -> list[Item]:
    """Each milestone's progress due in each round: milestones of the department's plans that
    cover the round's year, unless reported complete in an earlier quarter. Two queries."""
    years = [r.quarter.financial_year.year for r in rounds]
    covering = Milestone.objects.filter(
        objective__plan__department_id__in=departments,
        objective__plan__first_year__lte=max(years),
        objective__plan__last_year__gte=min(years),
    )
    milestones = list(
        covering.values_list(
            "id",
            "objective__plan__department_id",
            "objective__plan__first_year",
            "objective__plan__last_year",
        )
    )
    completed: dict[int, str] = {}  # milestone → the first quarter it was reported complete
    states: dict[tuple[int, str], str] = {}
    for milestone_id, period, progress, state in MilestoneUpdate.objects.filter(
        milestone__in=covering.values("pk")
    ).values_list("milestone_id", "period", "progress", "state"):
        states[milestone_id, str(period)] = state
        if progress == MilestoneProgress.COMPLETE:
            first = completed.get(milestone_id)
            completed[milestone_id] = min(first, str(period)) if first else str(period)
    items: list[Item] = []
    for round_ in rounds:
        quarter, year = str(round_.quarter), round_.quarter.financial_year.year
        for milestone_id, department_id, first_year, last_year in milestones:
            if not first_year <= year <= last_year:
                continue
            if milestone_id in completed and completed[milestone_id] < quarter:
                continue
            items.append((round_.pk, department_id, states.get((milestone_id, quarter))))
    return items
