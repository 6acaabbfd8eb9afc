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

These rules are written once, as two querysets (_figures_due, _progress_due): return_counts
counts them in the database for many rounds and departments at once (the round page's table,
the homes' "Returns still open"); round_returns lists them item by item (a department's return,
who is late, reminders, closing).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
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
from goldenthread.planning.fields import PeriodField
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


class Stages:
    """How many items of a return are due and how many have reached each stage, from how many
    are in each state (``states``; None: nothing entered)."""

    def states(self) -> Mapping[str | None, int]:
        raise NotImplementedError

    @property
    def due(self) -> int:
        return sum(self.states().values())

    def count(self, stage: str) -> int:
        return sum(
            n for state, n in self.states().items() if state is not None and stage in REACHED[state]
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

    @property
    def to_do(self) -> int:
        """Items not yet submitted: nothing entered, or still a draft."""
        states = self.states()
        return states.get(None, 0) + states.get(WorkflowState.DRAFT, 0)


@dataclass
class DepartmentReturn(Stages):
    """A department's return in a round, item by item."""

    department: Department
    items: list[DueItem] = field(default_factory=list)
    narrative_state: str | None = None

    def states(self) -> Mapping[str | None, int]:
        return Counter(item.state for item in self.items)

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


@dataclass(frozen=True)
class ReturnCount(Stages):
    """A department's return in a round, counted: how many items are in each state."""

    round: CollectionRound
    department: Department
    by_state: dict[str | None, int]
    narrative_state: str | None = None

    def states(self) -> Mapping[str | None, int]:
        return self.by_state


@dataclass
class LatePerson:
    person: User | None  # None: items with no responsible officer or owner
    department: Department
    items: list[DueItem]


@dataclass
class RoundProgress:
    round: CollectionRound
    as_of: datetime.date

    @cached_property
    def counts(self) -> list[ReturnCount]:
        """Each department's return counted by state, as the round page's table shows it."""
        return return_counts([self.round])

    @cached_property
    def returns(self) -> list[DepartmentReturn]:
        """Each department's return item by item (read when first asked for)."""
        return round_returns(self.round)

    @property
    def past_deadline(self) -> bool:
        return self.as_of > self.round.deadline

    def late(self) -> list[LatePerson]:
        """After the deadline: each responsible officer or milestone owner with items not
        submitted, by department. Before it, no one is late (and no item is read)."""
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


# -- what is due: the one rule (see the module's docstring) ---------------------------------------
# Each row of the two querysets carries the item held for it, if any: id (held_id), state
# (held_state).

EVERY_QUARTER = [Frequency.MONTHLY, Frequency.QUARTERLY]


def _figures_due(round: CollectionRound, departments: list[int] | None) -> QuerySet[Any]:  # noqa: A002
    """The indicators with a figure due in the round, with the period it is due for
    (due_period) and the figure held for it."""
    quarter = round.quarter
    year = quarter.financial_year
    indicators = Indicator.objects.filter(department__isnull=False).order_by()
    if departments is not None:
        indicators = indicators.filter(department__in=departments)
    if quarter.number == 4:
        held_last_year = Actual.objects.filter(indicator=OuterRef("pk"), period=year.previous())
        indicators = indicators.exclude(Q(frequency=Frequency.BIENNIAL) & Exists(held_last_year))
        due: Any = Case(
            When(frequency__in=EVERY_QUARTER, then=Value(str(quarter))),
            default=Value(str(year)),
            output_field=PeriodField(),
        )
    else:
        indicators = indicators.filter(frequency__in=EVERY_QUARTER)
        due = Value(str(quarter), output_field=PeriodField())
    held = Actual.objects.filter(indicator=OuterRef("pk"), period=OuterRef("due_period"))
    return indicators.annotate(due_period=due, **_held(held))


def _progress_due(round: CollectionRound, departments: list[int] | None) -> QuerySet[Any]:  # noqa: A002
    """The milestones whose progress is due in the round, with the department whose return
    holds them (plan_department) and the progress report held for the quarter."""
    quarter = round.quarter
    year = quarter.financial_year.year
    completed_earlier = MilestoneUpdate.objects.filter(
        milestone=OuterRef("pk"),
        progress=MilestoneProgress.COMPLETE,
        period__lt=quarter,  # the written form "2009/10 Q2" sorts in time order
    )
    milestones = Milestone.objects.filter(
        objective__plan__department__isnull=False,
        objective__plan__first_year__lte=year,
        objective__plan__last_year__gte=year,
    ).order_by()
    if departments is not None:
        milestones = milestones.filter(objective__plan__department__in=departments)
    held = MilestoneUpdate.objects.filter(milestone=OuterRef("pk"), period=quarter)
    return milestones.exclude(Exists(completed_earlier)).annotate(
        plan_department=F("objective__plan__department"), **_held(held)
    )


def _held(items: QuerySet[Any]) -> dict[str, Subquery]:
    one = items.order_by()
    return {
        "held_id": Subquery(one.values("pk")[:1]),
        "held_state": Subquery(one.values("state")[:1]),
    }


def _by_name(departments: Iterable[Department] | None) -> list[Department] | None:
    return None if departments is None else sorted(departments, key=lambda d: d.name)


def _ids(departments: list[Department] | None) -> list[int] | None:
    return None if departments is None else [d.pk for d in departments]


def _narrative_states(
    rounds: list[CollectionRound], departments: list[int] | None
) -> dict[tuple[int, int], str]:
    """The state of each narrative written, by (round id, department id). One query."""
    narratives = DepartmentNarrative.objects.filter(round__in=rounds)
    if departments is not None:
        narratives = narratives.filter(department__in=departments)
    return {(n.round_id, n.department_id): n.state for n in narratives}


def round_returns(
    round: CollectionRound,  # noqa: A002
    departments: Iterable[Department] | None = None,
) -> list[DepartmentReturn]:
    """Every department's return for the round (or only these departments'): what is due and
    how far each item has got, by department name. Four queries (three when the departments
    are given), whatever the number of departments, indicators and milestones."""
    chosen = _by_name(departments)
    ids = _ids(chosen)
    quarter = round.quarter
    written = _narrative_states([round], ids)
    returns = {
        d.pk: DepartmentReturn(d, narrative_state=written.get((round.pk, d.pk)))
        for d in (Department.objects.all() if chosen is None else chosen)
    }
    for indicator in (
        _figures_due(round, ids).select_related("responsible_officer").order_by("code")
    ):
        department = returns[indicator.department_id]
        department.items.append(
            DueItem(
                ItemType.ACTUAL,
                indicator.code,
                indicator.title,
                indicator.due_period,
                department.department,
                indicator.responsible_officer,
                indicator.held_state,
                indicator.held_id,
            )
        )
    for milestone in _progress_due(round, ids).select_related("owner").order_by("code"):
        department = returns[milestone.plan_department]
        department.items.append(
            DueItem(
                ItemType.MILESTONE_UPDATE,
                milestone.code,
                milestone.title,
                quarter,
                department.department,
                milestone.owner,
                milestone.held_state,
                milestone.held_id,
            )
        )
    return [r for r in returns.values() if r.items or r.narrative_state]


def return_counts(
    rounds: Iterable[CollectionRound],
    departments: Iterable[Department] | None = None,
) -> list[ReturnCount]:
    """Each department's return (or only these departments') in each round, counted by state
    in the database: by round as given, then by department name; a return with nothing due
    and no narrative is left out. Three queries (two when the departments are given),
    whatever the number of rounds, departments and items."""
    rounds = list(rounds)
    chosen = _by_name(departments)
    ids = _ids(chosen)
    if not rounds or ids == []:
        return []
    parts = [
        part.annotate(round_id=Value(round_.pk))
        .values_list("round_id", department, "held_state")
        .annotate(n=Count("pk"))
        .order_by()
        for round_ in rounds
        for part, department in (
            (_figures_due(round_, ids), "department"),
            (_progress_due(round_, ids), "plan_department"),
        )
    ]
    by_state: dict[tuple[int, int], Counter[str | None]] = defaultdict(Counter)
    for round_id, department_id, state, n in parts[0].union(*parts[1:], all=True):
        by_state[round_id, department_id][state] += n
    written = _narrative_states(rounds, ids)
    everyone = list(Department.objects.all()) if chosen is None else chosen
    return [
        ReturnCount(
            round_,
            department,
            dict(by_state.get((round_.pk, department.pk), {})),
            written.get((round_.pk, department.pk)),
        )
        for round_ in rounds
        for department in everyone
        if (round_.pk, department.pk) in by_state or (round_.pk, department.pk) in written
    ]


def round_progress(
    round: CollectionRound,  # noqa: A002
    *,
    as_of: datetime.date | None = None,
) -> RoundProgress:
    """Each department's progress through the round, as of a day (today by default)."""
    return RoundProgress(round, as_of or timezone.localdate())


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
    does not move it). Five queries."""
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
