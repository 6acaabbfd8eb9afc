"""Reads for the governance pages: what a person may flag from a page, a board's queue, and
the items a briefing may cover."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from goldenthread import access
from goldenthread.access import Person
from goldenthread.governance.models import Briefing, Flag, FlagQuerySet, ItemKind
from goldenthread.indicators.models import Actual, Indicator, IndicatorQuerySet
from goldenthread.indicators.selectors import reporting_quarter
from goldenthread.organisation.models import Board, Portfolio, Role, RoleAssignment, User
from goldenthread.planning.models import Milestone, MilestoneUpdate, ObjectiveQuerySet
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

# How many cleared flags the queue page shows, under the open ones.
RECENTLY_CLEARED = 20


@dataclass(frozen=True)
class Flagging:
    """What a PPB member may flag from a page: the boards they sit on, and the items already
    open on those boards' queues, by (kind, code), with the boards they are on."""

    boards: list[Board]
    open_items: dict[tuple[str, str], list[Board]] = field(default_factory=dict)

    def already(self, kind: str, code: str) -> list[Board]:
        return self.open_items.get((kind, code), [])


def flagging(user: Person) -> Flagging | None:
    """None unless the person sits on a PPB (then the page shows flag buttons). Two queries."""
    boards = list(access.flagging_boards(user))
    if not boards:
        return None
    by_pk = {board.pk: board for board in boards}
    open_items: dict[tuple[str, str], list[Board]] = {}
    rows = Flag.objects.open().filter(board__in=boards)
    for board_id, indicator, milestone in rows.values_list(
        "board_id", "indicator__code", "milestone__code"
    ):
        key = (ItemKind.INDICATOR, indicator) if indicator else (ItemKind.MILESTONE, milestone)
        open_items.setdefault((str(key[0]), str(key[1])), []).append(by_pk[board_id])
    return Flagging(boards, open_items)


def latest_published_period(item: Indicator | Milestone) -> Period:
    """The period a flag from the item's own page is about: its latest published figure or
    progress report, else the latest quarter the council has published."""
    published = WorkflowState.PUBLISHED
    if isinstance(item, Indicator):
        actuals = Actual.objects.filter(indicator=item, state=published)
        periods = list(actuals.values_list("period", flat=True))
    else:
        updates = MilestoneUpdate.objects.filter(milestone=item, state=published)
        periods = list(updates.values_list("period", flat=True))
    return max(periods) if periods else reporting_quarter(published=True)


@dataclass(frozen=True)
class Queue:
    board: Board
    open: list[Flag]
    cleared: list[Flag]  # the latest RECENTLY_CLEARED cleared, newest first
    may_clear: bool


def board_queue(board: Board, *, may_clear: bool) -> Queue:
    flags: FlagQuerySet = Flag.objects.filter(board=board).with_people()
    return Queue(
        board,
        list(flags.open().order_by("flagged_at", "id")),
        list(flags.cleared().order_by("-cleared_at", "-id")[:RECENTLY_CLEARED]),
        may_clear,
    )


def portfolio_indicators(portfolio: Portfolio, indicators: IndicatorQuerySet) -> IndicatorQuerySet:
    """The indicators a portfolio covers: its departments', and its priorities'."""
    linked = Q(department__portfolios=portfolio) | Q(priority_links__priority__portfolio=portfolio)
    pks = Indicator.objects.filter(linked).values("pk")
    return indicators.filter(pk__in=pks).order_by("code")


def portfolio_milestones(
    portfolio: Portfolio, objectives: ObjectiveQuerySet
) -> QuerySet[Milestone]:
    """The milestones a portfolio covers: those of its departments' plans, and of objectives
    linked to its priorities."""
    linked = objectives.filter(
        Q(plan__department__portfolios=portfolio) | Q(links__priority__portfolio=portfolio)
    )
    return Milestone.objects.filter(objective__in=linked.values("pk")).order_by("code")


def portfolio_holders(portfolio: Portfolio) -> QuerySet[User]:
    holders = RoleAssignment.objects.filter(role=Role.PORTFOLIO_HOLDER, portfolio=portfolio)
    return User.objects.filter(pk__in=holders.values("user_id"), is_active=True)


def briefing_counts(briefings: QuerySet[Briefing]) -> dict[int, int]:
    """How many of these briefings each portfolio has, by portfolio id."""
    rows = briefings.values("portfolio_id").annotate(n=Count("pk")).values_list("portfolio_id", "n")
    return dict(rows)
