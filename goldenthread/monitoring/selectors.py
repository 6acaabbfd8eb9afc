"""What a collection round asks for, how far each department's return has got, who is late, and
how long publication took. A fixed number of queries whatever the number of items.

What is due in a round for a quarter:

- indicators collected monthly or quarterly: a figure for the quarter, every quarter (a monthly
  indicator reports its quarter's figure in the round);
- annual indicators: a figure for the financial year, in the Q4 round;
- biennial indicators: a figure for the financial year, in the Q4 round, unless the year before
  has one (they report every other year);
- milestones: progress for the quarter, from every milestone of a plan that covers the year,
  unless it was reported complete in an earlier quarter. A milestone due later is "in
  progress"; one due earlier and not complete is overdue and still reported.

Indicators and milestones with no department are left out: no department's return holds them.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, Min, OuterRef
from django.utils import timezone

from goldenthread.indicators.models import Actual, Frequency, Indicator, Target
from goldenthread.monitoring.checks import CheckResult, check_actual
from goldenthread.monitoring.models import (
    CollectionRound,
    DepartmentNarrative,
    ItemChange,
    ItemType,
)
from goldenthread.organisation.models import Department, User
from goldenthread.performance.assess import (
    CouncilRules,
    IndicatorFacts,
    PeriodFigures,
    target_for,
)
from goldenthread.performance.selectors import indicator_facts
from goldenthread.planning.models import Milestone, MilestoneProgress, MilestoneUpdate
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.workflow import WorkflowState

STAGES = ("entered", "submitted", "validated", "published")
# The stages an item in each state has reached.
REACHED: dict[str, set[str]] = {
    WorkflowState.DRAFT: {"entered"},
    WorkflowState.SUBMITTED: {"entered", "submitted"},
    WorkflowState.VALIDATED: {"entered", "submitted", "validated"},
    WorkflowState.PUBLISHED: {"entered", "submitted", "validated", "published"},
}


@dataclass
class DueItem:
    """One thing a department must report in the round, and how far it has got."""

    kind: str  # ItemType.ACTUAL or ItemType.MILESTONE_UPDATE
    code: str
    title: str
    period: Period
    department: Department
    responsible: User | None
    state: str | None  # None while nothing is entered
    item_id: int | None

    @property
    def submitted(self) -> bool:
        return self.state is not None and self.state != WorkflowState.DRAFT


@dataclass
class DepartmentReturn:
    department: Department
    items: list[DueItem] = field(default_factory=list)
    narrative_state: str | None = None

    @property
    def due(self) -> int:
        return len(self.items)

    def count(self, stage: str) -> int:
        return sum(
            1 for item in self.items if item.state is not None and stage in REACHED[item.state]
        )

    @property
    def entered(self) -> int:
        return self.count("entered")

    @property
    def submitted(self) -> int:
        return self.count("submitted")

    @property
    def validated(self) -> int:
        return self.count("validated")

    @property
    def published(self) -> int:
        return self.count("published")

    def outstanding(self) -> list[DueItem]:
        """Items not yet submitted: nothing entered, or still a draft."""
        return [item for item in self.items if not item.submitted]

    def holding_up_sign_off(self) -> list[str]:
        """What stops the operational director signing the return off: each item not yet
        submitted, as "NI 123 (draft)" or "EH 1.1 (not entered)", and the narrative while it
        is a draft (a narrative no one has written does not hold the return up)."""
        waiting = [f"{item.code} ({item.state or 'not entered'})" for item in self.outstanding()]
        if self.narrative_state == WorkflowState.DRAFT:
            waiting.append("the narrative (draft)")
        return waiting


@dataclass
class LatePerson:
    person: User | None  # None: items with no responsible officer or owner
    department: Department
    items: list[DueItem]


@dataclass
class RoundProgress:
    round: CollectionRound
    returns: list[DepartmentReturn]
    as_of: datetime.date

    @property
    def past_deadline(self) -> bool:
        return self.as_of > self.round.deadline

    def late(self) -> list[LatePerson]:
        """After the deadline: each responsible officer or milestone owner with items not
        submitted, by department. Before it, no one is late."""
        if not self.past_deadline:
            return []
        people = []
        for department_return in self.returns:
            by_person: dict[int | None, list[DueItem]] = defaultdict(list)
            for item in department_return.outstanding():
                by_person[item.responsible.pk if item.responsible else None].append(item)
            for items in by_person.values():
                people.append(LatePerson(items[0].responsible, department_return.department, items))
        return sorted(
            people,
            key=lambda p: (p.department.name, p.person is None, str(p.person or "")),
        )


def due_periods(quarter: Period) -> tuple[Period, ...]:
    """The periods whose figures a round for ``quarter`` collects."""
    return (quarter, quarter.financial_year) if quarter.number == 4 else (quarter,)


def _indicator_period(indicator: Indicator, quarter: Period, held_years: set[int]) -> Any:
    if indicator.frequency in (Frequency.MONTHLY, Frequency.QUARTERLY):
        return quarter
    if quarter.number != 4:
        return None
    if indicator.frequency == Frequency.BIENNIAL and indicator.pk in held_years:
        return None
    return quarter.financial_year


def round_returns(round: CollectionRound) -> list[DepartmentReturn]:  # noqa: A002
    """Every department's return for the round: what is due and how far each item has got.
    Six queries, whatever the number of departments, indicators and milestones."""
    quarter = round.quarter
    year = quarter.financial_year
    indicators = list(
        Indicator.objects.filter(department__isnull=False).select_related(
            "department", "responsible_officer"
        )
    )
    actuals = {
        (a.indicator_id, a.period): a
        for a in Actual.objects.filter(
            indicator__department__isnull=False,
            period__in=[*due_periods(quarter), year.previous()],
        ).only("id", "indicator_id", "period", "state")
    }
    held_last_year = {i for (i, p) in actuals if p == year.previous()}
    completed_earlier = MilestoneUpdate.objects.filter(
        milestone=OuterRef("pk"),
        progress=MilestoneProgress.COMPLETE,
        period__lt=quarter,  # the written form "2009/10 Q2" sorts in time order
    )
    milestones = list(
        Milestone.objects.filter(
            objective__plan__department__isnull=False,
            objective__plan__first_year__lte=year.year,
            objective__plan__last_year__gte=year.year,
        )
        .exclude(Exists(completed_earlier))
        .select_related("objective__plan__department", "owner")
    )
    updates = {
        u.milestone_id: u
        for u in MilestoneUpdate.objects.filter(
            milestone__in=[m.pk for m in milestones], period=quarter
        ).only("id", "milestone_id", "state")
    }
    narratives = {n.department_id: n.state for n in DepartmentNarrative.objects.filter(round=round)}
    returns: dict[int, DepartmentReturn] = {
        d.pk: DepartmentReturn(d, narrative_state=narratives.get(d.pk))
        for d in Department.objects.all()
    }
    for indicator in indicators:
        period = _indicator_period(indicator, quarter, held_last_year)
        if period is None:
            continue
        actual = actuals.get((indicator.pk, period))
        department = returns[indicator.department_id]  # type: ignore[index]
        department.items.append(
            DueItem(
                ItemType.ACTUAL,
                indicator.code,
                indicator.title,
                period,
                department.department,
                indicator.responsible_officer,
                actual.state if actual else None,
                actual.pk if actual else None,
            )
        )
    for milestone in milestones:
        update = updates.get(milestone.pk)
        department_id = milestone.objective.plan.department_id
        department = returns[department_id]  # type: ignore[index]
        department.items.append(
            DueItem(
                ItemType.MILESTONE_UPDATE,
                milestone.code,
                milestone.title,
                quarter,
                department.department,
                milestone.owner,
                update.state if update else None,
                update.pk if update else None,
            )
        )
    return [r for r in returns.values() if r.items or r.narrative_state]


def round_progress(
    round: CollectionRound,  # noqa: A002
    *,
    as_of: datetime.date | None = None,
) -> RoundProgress:
    """Each department's progress through the round, as of a day (today by default)."""
    return RoundProgress(round, round_returns(round), as_of or timezone.localdate())


@dataclass(frozen=True)
class Timeliness:
    """How long after the quarter ended its figures were published (the review's complaint
    that information arrives late). Days are calendar days, in the council's time zone."""

    quarter: Period
    published: int  # items due in the round that are published
    due: int
    median_days: float | None
    last_days: int | None  # to the latest first publication: when the round was complete
    complete: bool


def round_timeliness(round: CollectionRound) -> Timeliness:  # noqa: A002
    """Days from the quarter's end to each due item's first publication (a later correction
    does not move it). Seven queries."""
    returns = round_returns(round)
    due = [item for r in returns for item in r.items]
    keys = {(item.kind, item.item_id) for item in due if item.item_id is not None}
    first_published = (
        ItemChange.objects.filter(
            item_type__in=[ItemType.ACTUAL, ItemType.MILESTONE_UPDATE],
            field="state",
            new_value=WorkflowState.PUBLISHED,
            period__in=[str(p) for p in due_periods(round.quarter)],
        )
        .values("item_type", "item_id")
        .annotate(first=Min("at"))
    )
    end = round.quarter.end
    days = sorted(
        (timezone.localtime(row["first"]).date() - end).days
        for row in first_published
        if (row["item_type"], row["item_id"]) in keys
    )
    return Timeliness(
        quarter=round.quarter,
        published=len(days),
        due=len(due),
        median_days=statistics.median(days) if days else None,
        last_days=days[-1] if days else None,
        complete=bool(due) and len(days) == len(due),
    )


def items_to_enter(user: Any, round: CollectionRound) -> list[DueItem]:  # noqa: A002
    """The due items of the round this person may enter: "my items"."""
    from goldenthread import access

    indicator_codes = set(access.enterable_indicators(user).values_list("code", flat=True))
    milestone_codes = set(access.enterable_milestones(user).values_list("code", flat=True))
    return [
        item
        for r in round_returns(round)
        for item in r.items
        if item.code in (indicator_codes if item.kind == ItemType.ACTUAL else milestone_codes)
    ]


# -- what a figure is checked and rated against ------------------------------------------------


@dataclass(frozen=True)
class HeldFigure:
    """A figure already held for an earlier period, and how far it has got: published, or
    still the department's own (a draft, submitted or validated)."""

    period: Period
    value: Decimal
    state: str

    @property
    def published(self) -> bool:
        return self.state == WorkflowState.PUBLISHED


@dataclass(frozen=True)
class EntryFigures:
    """What a figure for ``indicator`` in ``period`` is checked and rated against: the targets
    and the earlier figures. Saving a figure (services.actual_check) and the entry page's and
    validation queue's checks all read them here."""

    indicator: Indicator
    period: Period
    target: Target | None = None  # set for the period itself
    annual_target: Target | None = None  # set for the period's financial year
    previous: HeldFigure | None = None
    last_year: HeldFigure | None = None  # the same period a year earlier

    @property
    def facts(self) -> IndicatorFacts:
        return indicator_facts(self.indicator)

    @property
    def period_figures(self) -> PeriodFigures:
        """The figures around the period, as the entry checks and the rating rules take them."""
        own, annual = self.target, self.annual_target
        floor_from = own or annual
        return PeriodFigures(
            target=own.value if own else None,
            annual_target=(
                annual.value if annual and self.period.kind is not PeriodKind.YEAR else None
            ),
            floor=floor_from.floor if floor_from else None,
            previous_period=self.previous.value if self.previous else None,
            same_period_last_year=self.last_year.value if self.last_year else None,
        )

    @property
    def target_shown(self) -> tuple[Decimal | None, str]:
        """The target a figure is compared with, and where it comes from ("the annual target
        for 2009/10", "no target is set"): the rating rules' own choice."""
        return target_for(self.facts, self.period_figures, self.period)

    @property
    def same_as_previous(self) -> bool:
        """A year's figure: the period before is the same period last year."""
        return self.period.previous() == self.period.same_period_last_year()

    def check(
        self,
        *,
        council: CouncilRules,
        movement_threshold: Decimal,
        value: object,
        numerator: object = None,
        denominator: object = None,
        commentary: str = "",
        explanation: str = "",
    ) -> CheckResult:
        """The entry checks and the status the figure would get, as saving runs them; nothing
        is saved and the database is not read."""
        return check_actual(
            value=value,
            numerator=numerator,
            denominator=denominator,
            commentary=commentary,
            explanation=explanation,
            unit=self.indicator.unit,
            facts=self.facts,
            period=self.period,
            figures=self.period_figures,
            council=council,
            movement_threshold=movement_threshold,
        )


def entry_figures(
    wanted: Iterable[tuple[Indicator, Period]],
) -> dict[tuple[int, Period], EntryFigures]:
    """For each indicator and period, its targets and earlier figures, by (indicator id,
    period). Two queries, whatever the number of items."""
    wanted = list(wanted)
    if not wanted:
        return {}
    ids = {indicator.pk for indicator, _ in wanted}
    earlier = {p for _, q in wanted for p in (q.previous(), q.same_period_last_year())}
    held = {
        (a.indicator_id, a.period): HeldFigure(a.period, a.value, a.state)
        for a in Actual.objects.filter(indicator__in=ids, period__in=earlier).only(
            "indicator_id", "period", "value", "state"
        )
    }
    targets = {
        (t.indicator_id, t.period): t
        for t in Target.objects.filter(
            indicator__in=ids,
            period__in={p for _, period in wanted for p in (period, period.financial_year)},
        )
    }
    return {
        (indicator.pk, period): EntryFigures(
            indicator,
            period,
            target=targets.get((indicator.pk, period)),
            annual_target=targets.get((indicator.pk, period.financial_year)),
            previous=held.get((indicator.pk, period.previous())),
            last_year=held.get((indicator.pk, period.same_period_last_year())),
        )
        for indicator, period in wanted
    }


def explanations(item_type: str, item_ids: Iterable[int]) -> dict[int, ItemChange]:
    """The latest explanation given for each item: the note on a change to its fields (a
    warning's explanation; a correction's reason), by item id. One query."""
    found: dict[int, ItemChange] = {}
    for change in (
        ItemChange.objects.filter(item_type=item_type, item_id__in=list(item_ids))
        .exclude(field="state")
        .exclude(note="")
        .select_related("actor")
        .order_by("at", "id")
    ):
        found[change.item_id] = change
    return found
