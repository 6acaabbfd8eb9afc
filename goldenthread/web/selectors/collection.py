"""What the collection pages show: a department's return for a quarter, the performance team's
view of a round, and an item's history. A fixed number of queries whatever the number of items."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from goldenthread import access
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.checks import Unit
from goldenthread.monitoring.models import (
    CollectionRound,
    DepartmentNarrative,
    ItemChange,
    ReturnSignOff,
)
from goldenthread.monitoring.models import ItemType as Kind
from goldenthread.monitoring.selectors import (
    DepartmentReturn,
    LatePerson,
    RoundProgress,
    Timeliness,
    round_progress,
    round_returns,
    round_timeliness,
)
from goldenthread.organisation.models import Department
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.workflow import WorkflowState


def parse_quarter(slug: str) -> Period:
    """The quarter a URL names (``2009-10-Q2``), or 404."""
    try:
        period = Period.parse(slug)
    except ValueError:
        raise Http404("Not found") from None
    if period.kind is not PeriodKind.QUARTER:
        raise Http404("Not found")
    return period


def round_for(quarter: Period) -> CollectionRound:
    round = CollectionRound.objects.filter(quarter=quarter).first()  # noqa: A001
    if round is None:
        raise Http404("Not found")
    return round


# -- a department's return -----------------------------------------------------------------


@dataclass
class Entry:
    """One item of the return: what is held now, and the form to change it (set by the view)."""

    kind: str  # "actual", "milestone" or "narrative"
    prefix: str  # names the item's form fields and anchor
    period: Period
    indicator: Indicator | None = None
    milestone: Milestone | None = None
    item: Any = None  # the Actual, MilestoneUpdate or DepartmentNarrative held, if any
    form: Any = None
    stale: Any = None  # the newer item, after a stale edit

    @property
    def state(self) -> str | None:
        return self.item.state if self.item is not None else None

    @property
    def editable(self) -> bool:
        return self.item is None or self.item.state == WorkflowState.DRAFT

    @property
    def version(self) -> int | None:
        return self.item.version if self.item is not None else None

    @property
    def ratio(self) -> bool:
        """Whether the figure may be entered as a numerator and a denominator."""
        if self.indicator is None:
            return False
        unit = Unit(self.indicator.unit)
        return unit.is_percentage or "per" in self.indicator.unit.lower()

    @property
    def item_id(self) -> int | None:
        return self.item.pk if self.item is not None else None


@dataclass
class ReturnPage:
    round: CollectionRound
    department: Department
    actuals: list[Entry]
    milestones: list[Entry]
    narrative: Entry | None  # None: this person does not write the department's narrative
    progress: DepartmentReturn | None
    sign_off: ReturnSignOff | None = None  # given, or lapsed (in_force says which)
    may_sign_off: bool = False  # the department's operational director

    @property
    def entries(self) -> list[Entry]:
        return [*self.actuals, *self.milestones, *([self.narrative] if self.narrative else [])]

    def entry(self, prefix: str) -> Entry:
        for entry in self.entries:
            if entry.prefix == prefix:
                return entry
        raise Http404("Not found")

    @property
    def drafts(self) -> int:
        return sum(1 for e in self.entries if e.state == WorkflowState.DRAFT)

    @property
    def forms(self) -> list[Any]:
        return [e.form for e in self.entries if e.form is not None and e.form.is_bound]

    @property
    def holding_up_sign_off(self) -> list[str]:
        return self.progress.holding_up_sign_off() if self.progress else []


def return_page(user: Any, round: CollectionRound, department: Department) -> ReturnPage:  # noqa: A002
    """The department's due items this person may enter, with what is held for each."""
    progress = next((r for r in round_returns(round) if r.department.pk == department.pk), None)
    due = progress.items if progress else []
    indicators = {
        i.code: i
        for i in access.enterable_indicators(user).filter(
            code__in=[d.code for d in due if d.kind == Kind.ACTUAL], department=department
        )
    }
    milestones = {
        m.code: m
        for m in access.enterable_milestones(user).filter(
            code__in=[d.code for d in due if d.kind == Kind.MILESTONE_UPDATE],
            objective__plan__department=department,
        )
    }
    actuals = Actual.objects.in_bulk(
        [d.item_id for d in due if d.kind == Kind.ACTUAL and d.item_id]
    )
    updates = MilestoneUpdate.objects.in_bulk(
        [d.item_id for d in due if d.kind == Kind.MILESTONE_UPDATE and d.item_id]
    )
    actual_entries = [
        Entry(
            "actual",
            f"actual-{indicators[d.code].pk}",
            d.period,
            indicator=indicators[d.code],
            item=actuals.get(d.item_id) if d.item_id else None,
        )
        for d in due
        if d.kind == Kind.ACTUAL and d.code in indicators
    ]
    milestone_entries = [
        Entry(
            "milestone",
            f"milestone-{milestones[d.code].pk}",
            d.period,
            milestone=milestones[d.code],
            item=updates.get(d.item_id) if d.item_id else None,
        )
        for d in due
        if d.kind == Kind.MILESTONE_UPDATE and d.code in milestones
    ]
    narrative = None
    if access.narratable_departments(user).filter(pk=department.pk).exists():
        narrative = Entry(
            "narrative",
            "narrative",
            round.quarter,
            item=DepartmentNarrative.objects.filter(round=round, department=department).first(),
        )
    return ReturnPage(
        round,
        department,
        actual_entries,
        milestone_entries,
        narrative,
        progress,
        sign_off=ReturnSignOff.objects.filter(round=round, department=department)
        .select_related("signed_by")
        .first(),
        may_sign_off=access.signing_off_departments(user).filter(pk=department.pk).exists(),
    )


# -- the performance team's view of a round ------------------------------------------------


@dataclass
class RoundPage:
    round: CollectionRound
    progress: RoundProgress
    submitted_actuals: list[Actual]
    submitted_updates: list[MilestoneUpdate]
    submitted_narratives: list[DepartmentNarrative]
    validated: int
    rounds: list[CollectionRound] = field(default_factory=list)
    sign_offs: dict[int, ReturnSignOff] = field(default_factory=dict)  # by department

    @property
    def late(self) -> list[Any]:
        return self.progress.late()

    @property
    def returns(self) -> list[tuple[DepartmentReturn, ReturnSignOff | None]]:
        """Each department's return, with its sign-off (given or lapsed) if there is one."""
        return [(r, self.sign_offs.get(r.department.pk)) for r in self.progress.returns]


def round_page(round: CollectionRound) -> RoundPage:  # noqa: A002
    from goldenthread.monitoring.selectors import due_periods

    periods = due_periods(round.quarter)
    actuals = Actual.objects.filter(indicator__department__isnull=False, period__in=periods)
    updates = MilestoneUpdate.objects.filter(period=round.quarter)
    narratives = DepartmentNarrative.objects.filter(round=round)
    validated = WorkflowState.VALIDATED
    return RoundPage(
        round=round,
        progress=round_progress(round),
        submitted_actuals=list(
            actuals.filter(state=WorkflowState.SUBMITTED)
            .select_related("indicator__department")
            .order_by("indicator__department__name", "indicator__code")
        ),
        submitted_updates=list(
            updates.filter(state=WorkflowState.SUBMITTED)
            .select_related("milestone__objective__plan__department")
            .order_by("milestone__code")
        ),
        submitted_narratives=list(
            narratives.filter(state=WorkflowState.SUBMITTED).select_related("department")
        ),
        validated=(
            actuals.filter(state=validated).count()
            + updates.filter(state=validated).count()
            + narratives.filter(state=validated).count()
        ),
        sign_offs={
            s.department_id: s
            for s in ReturnSignOff.objects.filter(round=round).select_related("signed_by")
        },
    )


@dataclass
class RoundSummary:
    round: CollectionRound
    timeliness: Timeliness
    late: list[LatePerson]


def round_summaries(limit: int = 8) -> list[RoundSummary]:
    """The newest rounds' timeliness and who is late: a fixed number of queries a round,
    whatever the number of items (there are four rounds a year)."""
    return [
        RoundSummary(r, round_timeliness(r), round_progress(r).late())
        for r in CollectionRound.objects.all()[:limit]
    ]


# -- an item's history -----------------------------------------------------------------------


@dataclass
class ItemHistory:
    label: str
    item: Any
    changes: list[ItemChange]
    # When this person may not see the item's earlier stages (a councillor reading a published
    # figure's drafts): the state the history starts at, and the item's fields as they stood
    # then. Empty when they see every change.
    starts_at: str = ""
    as_it_stood: list[tuple[str, str]] = field(default_factory=list)


def item_history(user: Any, kind: str, pk: int) -> ItemHistory:
    """Every change to an item this person may see, oldest first: from its first draft for
    those who may see its drafts, otherwise from the stage it came into their sight
    (publication, for most readers; validation, for the management team)."""
    if kind == "actual":
        actual = access.access_actual(user, pk)
        item: Any = actual
        label = f"{actual.indicator.code} {actual.indicator.title}, {actual.period}"
        item_type = Kind.ACTUAL
    elif kind == "milestone":
        update = access.access_milestone_update(user, pk)
        item = update
        label = f"{update.milestone.code} {update.milestone.title}, {update.period}"
        item_type = Kind.MILESTONE_UPDATE
    elif kind == "target":
        target = access.access_target(user, pk)
        item = target
        label = f"{target.indicator.code} {target.indicator.title}, target for {target.period}"
        item_type = Kind.TARGET
    elif kind == "narrative":
        narrative = access.access_narrative(user, pk)
        item = narrative
        label = f"{narrative.department.name} narrative, {narrative.round.quarter}"
        item_type = Kind.NARRATIVE
    else:
        raise Http404("Not found")
    changes = list(ItemChange.objects.of_item(item_type, pk).select_related("actor"))
    if item_type == Kind.TARGET:  # targets are not drafts: their history is everyone's
        return ItemHistory(label, item, changes)
    seen = {str(state) for state in access.states_seen_of(user, item)}
    start = _first_seen(changes, seen)
    if start == 0:
        return ItemHistory(label, item, changes)
    stood: dict[str, str] = {}
    for change in changes[:start]:
        if change.field != "state":
            stood[change.field] = change.new_value
    starts_at = changes[start].new_value if start < len(changes) else str(item.state)
    return ItemHistory(
        label,
        item,
        changes[start:],
        starts_at=WorkflowState(starts_at).label,
        as_it_stood=[(name.replace("_", " "), text) for name, text in stood.items() if text],
    )


def _first_seen(changes: list[ItemChange], seen: set[str]) -> int:
    """Where the history this person may read starts: the last change that brought the item
    into a state they see (its publication, say), or the very start when they see every
    state. Past the end when no such change is recorded (a figure loaded published)."""
    if seen >= set(WorkflowState.values):
        return 0
    start = len(changes)
    for index, change in enumerate(changes):
        if change.field == "state" and change.new_value in seen and change.old_value not in seen:
            start = index
    return start
