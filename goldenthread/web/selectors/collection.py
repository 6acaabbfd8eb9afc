"""What the collection pages show: a department's return for a quarter, the performance team's
view of a round, and an item's history. A fixed number of queries whatever the number of items."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import Http404

from goldenthread import access
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.checks import CheckResult, Unit, check_milestone_progress
from goldenthread.monitoring.models import (
    CollectionRound,
    DepartmentNarrative,
    ItemChange,
    ReturnSignOff,
)
from goldenthread.monitoring.models import ItemType as Kind
from goldenthread.monitoring.selectors import (
    DepartmentReturn,
    EntryFigures,
    LatePerson,
    ReturnCount,
    RoundProgress,
    Timeliness,
    due_periods,
    entry_figures,
    explanations,
    round_progress,
    round_returns,
    round_timeliness,
)
from goldenthread.monitoring.services import movement_threshold
from goldenthread.organisation.models import Department
from goldenthread.performance.assess import CouncilRules
from goldenthread.performance.milestones import MilestoneRating, Progress, rate_milestone
from goldenthread.performance.models import RatingSettings
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
    figures: EntryFigures | None = None  # a figure's target and earlier figures
    # The checks and the status: of the figure held, or of what was typed when "Check" was
    # pressed (then ``checked`` is True). None when there is nothing to rate.
    outlook: CheckResult | None = None
    checked: bool = False
    progress_rated: str = ""  # a milestone's progress the outlook is for

    @property
    def milestone_rating(self) -> MilestoneRating | None:
        """The milestone's status for the progress rated, as the markers show it."""
        if self.milestone is None or self.progress_rated not in Progress.__members__.values():
            return None
        return rate_milestone(
            progress=self.progress_rated, due=self.milestone.due, as_at=self.period
        )

    @property
    def asks_for_explanation(self) -> bool:
        """The explanation box is shown: asked for on saving, or warnings found by a check."""
        if self.form is not None and self.form.asks_for_explanation:
            return True
        return self.checked and self.outlook is not None and bool(self.outlook.warnings)

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

    @property
    def label(self) -> str:
        """How the page names the item: its code, or "the narrative"."""
        if self.indicator is not None:
            return self.indicator.code
        if self.milestone is not None:
            return self.milestone.code
        return "the narrative"

    @property
    def empty(self) -> bool:
        """Nothing is held for it yet."""
        return self.item is None


@dataclass(frozen=True)
class Rules:
    """The council's rating rules and the movement threshold: what every check on a page
    is run with, read once."""

    council: CouncilRules
    movement_threshold: Decimal

    @classmethod
    def current(cls) -> Rules:
        return cls(RatingSettings.current().council_rules(), movement_threshold())


def figure_outlook(rules: Rules, figures: EntryFigures, data: dict[str, Any]) -> CheckResult:
    """The checks and status a figure would get if saved with ``data`` (value, numerator,
    denominator, commentary, explanation, as typed or held)."""
    return figures.check(
        council=rules.council,
        movement_threshold=rules.movement_threshold,
        value=data.get("value"),
        numerator=data.get("numerator"),
        denominator=data.get("denominator"),
        commentary=data.get("commentary") or "",
        explanation=data.get("explanation") or "",
    )


def milestone_outlook(entry: Entry, progress: str, commentary: str) -> CheckResult:
    assert entry.milestone is not None
    return check_milestone_progress(
        progress=progress, commentary=commentary, due=entry.milestone.due, period=entry.period
    )


def check_entry(
    rules: Rules, entry: Entry, data: dict[str, Any], *, checked: bool = True
) -> CheckResult | None:
    """What saving ``data`` (a form's cleaned data, or the item held) into the entry would
    find, and the status it would get, kept as the entry's outlook; None for the narrative,
    which is not rated. Nothing is saved and the database is not read."""
    result = None
    if entry.kind == "actual" and entry.figures is not None:
        result = figure_outlook(rules, entry.figures, data)
    elif entry.kind == "milestone":
        entry.progress_rated = str(data.get("progress") or "")
        result = milestone_outlook(entry, entry.progress_rated, data.get("commentary") or "")
    if result is not None:
        entry.outlook, entry.checked = result, checked
    return result


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
    rules: Rules | None = None

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
        """The forms with errors, for the error summary."""
        return [
            e.form for e in self.entries if e.form is not None and e.form.is_bound and e.form.errors
        ]

    @property
    def checked(self) -> list[Entry]:
        """The items just checked, with the status each would get."""
        return [e for e in self.entries if e.checked]

    @property
    def holding_up_sign_off(self) -> list[str]:
        return self.progress.holding_up_sign_off() if self.progress else []

    @property
    def editable(self) -> list[Entry]:
        return [e for e in self.entries if e.editable]

    @property
    def to_submit(self) -> list[Entry]:
        """The drafts a submission would send."""
        return [e for e in self.entries if e.state == WorkflowState.DRAFT]

    @property
    def still_empty(self) -> list[Entry]:
        """Items due with nothing entered: submitting leaves them out."""
        return [e for e in self.entries if e.empty]


def return_page(user: Any, round: CollectionRound, department: Department) -> ReturnPage:  # noqa: A002
    """The department's due items this person may enter, with what is held for each."""
    progress = next(iter(round_returns(round, [department])), None)
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
    rules = Rules.current()
    figures = entry_figures((e.indicator, e.period) for e in actual_entries if e.indicator)
    for entry in actual_entries:
        assert entry.indicator is not None
        entry.figures = figures[(entry.indicator.pk, entry.period)]
    for entry in [*actual_entries, *milestone_entries]:
        if entry.item is not None:
            check_entry(rules, entry, vars(entry.item), checked=False)
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
        rules=rules,
    )


# -- the performance team's view of a round ------------------------------------------------


@dataclass
class QueueItem:
    """A submitted item waiting for validation: the status it gets, the warnings the checks
    raise on it now, and the explanation its department gave (the latest, if any)."""

    item: Any
    outlook: CheckResult | None = None
    explanation: ItemChange | None = None
    rating: MilestoneRating | None = None  # a milestone's, as its marker shows it

    @property
    def warnings(self) -> list[Any]:
        return self.outlook.warnings if self.outlook else []

    @property
    def errors(self) -> list[Any]:
        return self.outlook.errors if self.outlook else []


@dataclass
class RoundPage:
    round: CollectionRound
    progress: RoundProgress
    submitted_actuals: list[QueueItem]
    submitted_updates: list[QueueItem]
    submitted_narratives: list[DepartmentNarrative]
    validated: int
    rounds: list[CollectionRound] = field(default_factory=list)
    sign_offs: dict[int, ReturnSignOff] = field(default_factory=dict)  # by department

    @property
    def late(self) -> list[Any]:
        return self.progress.late()

    @property
    def returns(self) -> list[tuple[ReturnCount, ReturnSignOff | None]]:
        """Each department's return counted by stage, with its sign-off (given or lapsed) if
        there is one."""
        return [(r, self.sign_offs.get(r.department.pk)) for r in self.progress.counts]


def round_page(round: CollectionRound) -> RoundPage:  # noqa: A002
    periods = due_periods(round.quarter)
    actuals = Actual.objects.filter(indicator__department__isnull=False, period__in=periods)
    updates = MilestoneUpdate.objects.filter(period=round.quarter)
    narratives = DepartmentNarrative.objects.filter(round=round)
    validated = WorkflowState.VALIDATED
    return RoundPage(
        round=round,
        progress=round_progress(round),
        submitted_actuals=_actuals_queue(
            actuals.filter(state=WorkflowState.SUBMITTED)
            .select_related("indicator__department")
            .order_by("indicator__department__name", "indicator__code")
        ),
        submitted_updates=[
            _update_queued(u)
            for u in updates.filter(state=WorkflowState.SUBMITTED)
            .select_related("milestone__objective__plan__department")
            .order_by("milestone__code")
        ],
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


def _update_queued(update: MilestoneUpdate) -> QueueItem:
    """A submitted milestone progress report with its status, as its checks give it."""
    due, period = update.milestone.due, update.period
    return QueueItem(
        update,
        check_milestone_progress(
            progress=update.progress, commentary=update.commentary, due=due, period=period
        ),
        rating=rate_milestone(progress=update.progress, due=due, as_at=period),
    )


def _actuals_queue(actuals: Any) -> list[QueueItem]:
    """Each submitted figure with the checks run on it as it stands (the status it gets and
    the warnings, as saving it again would find) and the explanation given. Four queries."""
    held = list(actuals)
    if not held:
        return []
    rules = Rules.current()
    figures = entry_figures((a.indicator, a.period) for a in held)
    given = explanations(Kind.ACTUAL, [a.pk for a in held])
    return [
        QueueItem(
            actual,
            figure_outlook(rules, figures[(actual.indicator_id, actual.period)], vars(actual)),
            given.get(actual.pk),
        )
        for actual in held
    ]


@dataclass
class PublishPreview:
    """What publishing the round would publish: the validated items, by department."""

    round: CollectionRound
    actuals: list[Actual]
    updates: list[MilestoneUpdate]
    narratives: list[DepartmentNarrative]

    @property
    def count(self) -> int:
        return len(self.actuals) + len(self.updates) + len(self.narratives)

    @property
    def departments(self) -> list[tuple[str, int]]:
        """Each department with validated items, and how many, by name."""
        counts: dict[str, int] = {}
        names = [
            *(a.indicator.department.name for a in self.actuals if a.indicator.department),
            *(_department_name(u.milestone.objective.plan.department) for u in self.updates),
            *(n.department.name for n in self.narratives),
        ]
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        return sorted(counts.items())


def _department_name(department: Department | None) -> str:
    return department.name if department else "No department"


def publish_preview(round: CollectionRound) -> PublishPreview:  # noqa: A002
    """The items round_publish would publish, read as it reads them. Three queries."""
    validated = WorkflowState.VALIDATED
    return PublishPreview(
        round,
        list(
            Actual.objects.filter(
                indicator__department__isnull=False,
                period__in=due_periods(round.quarter),
                state=validated,
            )
            .select_related("indicator__department")
            .order_by("indicator__code")
        ),
        list(
            MilestoneUpdate.objects.filter(period=round.quarter, state=validated)
            .select_related("milestone__objective__plan__department")
            .order_by("milestone__code")
        ),
        list(
            DepartmentNarrative.objects.filter(round=round, state=validated).select_related(
                "department"
            )
        ),
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
