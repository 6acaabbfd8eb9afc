"""What each person's home page shows, by the roles they hold (DESIGN.md, "Audiences").

A person may hold several roles; the home page has one section per distinct view (a manager who
is also the operational director of the same department sees that department once). Each
section costs a fixed number of queries, whatever the size of the council's data.

Officers see the latest figure whatever its state, with the state shown; councillors, partners
and regulators see published figures only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from goldenthread.access import (
    Person,
    visible_indicators,
    visible_objectives,
    visible_plans,
    visible_priorities,
)
from goldenthread.indicators.models import (
    Actual,
    Frequency,
    Indicator,
    IndicatorPriority,
    IndicatorSet,
)
from goldenthread.indicators.selectors import (
    CollectionProgress,
    actuals_awaiting_validation,
    collection_progress,
    recently_published,
    reporting_quarter,
)
from goldenthread.monitoring.models import CollectionRound, ReturnSignOff
from goldenthread.organisation.models import (
    ROLE_SCOPE,
    Board,
    Department,
    Directorate,
    Organisation,
    Portfolio,
    Role,
    RoleAssignment,
)
from goldenthread.planning.models import (
    Milestone,
    MilestoneProgress,
    MilestoneUpdate,
    Plan,
    Priority,
)
from goldenthread.planning.periods import Period
from goldenthread.planning.selectors import PriorityOutline, priority_outline, with_outline
from goldenthread.web.selectors.collection import RoundSummary, round_summaries
from goldenthread.web.selectors.open_returns import OpenReturn, open_returns
from goldenthread.web.selectors.summaries import (
    PlanSummary,
    PrioritySummary,
    plan_summaries,
    priority_summaries,
)
from goldenthread.workflow import WorkflowState

# -- the shapes the home templates read -------------------------------------------------------


@dataclass(frozen=True)
class ThreadIntegrity:
    unlinked_objectives: int
    multi_linked_objectives: int
    unlinked_indicators: int
    plans_without_parent: int


@dataclass(frozen=True)
class CollectionSection:
    progress: CollectionProgress
    awaiting: list[Actual]
    awaiting_total: int
    milestone_updates_awaiting: int
    integrity: ThreadIntegrity
    rounds: list[RoundSummary] = field(default_factory=list)  # newest first


@dataclass(frozen=True)
class MilestoneDue:
    milestone: Milestone
    progress: str  # the latest update's progress label, or "" when none is reported


@dataclass(frozen=True)
class ReturnRow:
    indicator: Any
    state: str  # a WorkflowState, or "" when nothing is entered for the quarter yet


# Which figures a manager still has to act on first: nothing entered, then drafts.
RETURN_ORDER = [
    "",
    WorkflowState.DRAFT,
    WorkflowState.SUBMITTED,
    WorkflowState.VALIDATED,
    WorkflowState.PUBLISHED,
]
QUARTERLY = {Frequency.MONTHLY, Frequency.QUARTERLY}


@dataclass(frozen=True)
class DepartmentSection:
    """A department's view. A manager also sees the quarter's returns still to make; an
    operational director sees the department's exceptions first. Both come from rows already
    loaded (and rated), so neither costs a query."""

    department: Department
    service_plans: list[Plan]
    indicators: list[Any]  # with latest actual; rated before the page renders
    milestones_due: list[MilestoneDue]
    due_periods: list[Period]
    viewer_roles: set[str] = field(default_factory=set)
    open_round: CollectionRound | None = None  # the newest round still open, to enter returns
    sign_off: ReturnSignOff | None = None  # the department's sign-off of that round's return
    open_returns: list[OpenReturn] = field(default_factory=list)  # every open round, oldest first

    @property
    def quarter(self) -> Period:
        return self.due_periods[0]

    @property
    def returns(self) -> list[ReturnRow]:
        """The quarter's returns: each quarterly indicator and the state of its figure."""
        rows = [
            ReturnRow(i, str(i.latest_state) if str(i.latest_period) == str(self.quarter) else "")
            for i in self.indicators
            if i.frequency in QUARTERLY
        ]
        return sorted(rows, key=lambda row: RETURN_ORDER.index(row.state))

    @property
    def returns_outstanding(self) -> int:
        return sum(row.state in ("", WorkflowState.DRAFT) for row in self.returns)

    @property
    def exceptions(self) -> list[Any]:
        """Rated indicators with an exception, under-performance first."""
        found = [
            i
            for i in self.indicators
            if getattr(i, "rating", None) is not None and i.rating.exception
        ]
        return sorted(found, key=lambda i: (i.rating.exception != "under", i.code))


@dataclass(frozen=True)
class DirectorateSection:
    directorate: Directorate
    departments: list[PlanSummary]
    open_returns: list[OpenReturn] = field(default_factory=list)  # every open round, oldest first


@dataclass(frozen=True)
class OrganisationSection:
    plans: list[PlanSummary]
    totals: PlanSummary


@dataclass(frozen=True)
class PortfolioSection:
    portfolio: Portfolio
    departments: list[PlanSummary]
    priorities: list[PrioritySummary]
    published_quarter: Period


@dataclass(frozen=True)
class PrioritiesSection:
    priorities: list[PrioritySummary]
    published_quarter: Period


@dataclass(frozen=True)
class BoardPriority:
    outline: PriorityOutline
    indicators: list[Any]  # with latest published actual


@dataclass(frozen=True)
class BoardSection:
    board: Board
    priorities: list[BoardPriority]


@dataclass(frozen=True)
class IndicatorListSection:
    """A partner's LAA indicators or a regulator's NI dataset, with latest published values."""

    organisation: Organisation | None
    indicators: list[Any]


@dataclass(frozen=True)
class HomeSection:
    kind: str  # names the template: web/home/_<kind>.html
    title: str
    data: Any


@dataclass(frozen=True)
class HomePage:
    roles: list[RoleAssignment]
    quarter: Period
    sections: list[HomeSection]
    whats_new: list[Actual] = field(default_factory=list)


# -- one builder per kind of view ----------------------------------------------------------


def _collection(user: Person, quarter: Period) -> CollectionSection:
    indicators = visible_indicators(user)
    objectives = visible_objectives(user)
    awaiting, awaiting_total = actuals_awaiting_validation(indicators)
    return CollectionSection(
        progress=collection_progress(indicators, quarter),
        awaiting=awaiting,
        awaiting_total=awaiting_total,
        milestone_updates_awaiting=MilestoneUpdate.objects.filter(
            milestone__objective__in=objectives, state=WorkflowState.SUBMITTED
        ).count(),
        integrity=ThreadIntegrity(
            unlinked_objectives=objectives.unlinked().count(),
            multi_linked_objectives=objectives.multi_linked().count(),
            unlinked_indicators=indicators.filter(priority_links__isnull=True).count(),
            plans_without_parent=visible_plans(user).without_parent().count(),
        ),
        rounds=round_summaries(),
    )


def _department(user: Person, department: Department, quarter: Period) -> DepartmentSection:
    due_periods = [quarter, quarter.following()]
    milestones = (
        Milestone.objects.filter(
            objective__in=visible_objectives(user).filter(plan__department=department),
            due__in=due_periods,
        )
        .select_related("objective")
        .prefetch_related("updates")
        .order_by("due", "code")
    )
    due = []
    for milestone in milestones:
        latest = max(milestone.updates.all(), key=lambda u: u.period, default=None)
        if latest is not None and latest.progress == MilestoneProgress.COMPLETE:
            continue
        due.append(MilestoneDue(milestone, latest.get_progress_display() if latest else ""))
    service_plans = list(
        visible_plans(user).service_plans().filter(department=department).order_by("-first_year")
    )
    indicators = list(
        visible_indicators(user).filter(department=department).with_latest_actual().order_by("code")
    )
    open_round = CollectionRound.objects.filter(closed_at__isnull=True).first()
    return DepartmentSection(
        department=department,
        service_plans=service_plans,
        indicators=indicators,
        milestones_due=due,
        due_periods=due_periods,
        open_round=open_round,
        sign_off=ReturnSignOff.objects.filter(round=open_round, department=department)
        .select_related("signed_by")
        .first()
        if open_round
        else None,
        open_returns=open_returns([department]),
    )


def _board(user: Person, board: Board) -> BoardSection:
    priorities = with_outline(
        visible_priorities(user).filter(Q(ppb=board) | Q(ssp=board)).order_by("number")
    )
    outlines = [priority_outline(priority) for priority in priorities]
    links = IndicatorPriority.objects.filter(priority__in=[o.priority for o in outlines])
    indicators = {
        indicator.pk: indicator
        for indicator in visible_indicators(user)
        .filter(pk__in=links.values("indicator"))
        .select_related("department")
        .with_latest_actual(published_only=True)
        .order_by("code")
    }
    by_priority: dict[int, list[Any]] = {}
    for indicator_id, priority_id in links.values_list("indicator", "priority").order_by(
        "indicator__code"
    ):
        if indicator_id in indicators:
            by_priority.setdefault(priority_id, []).append(indicators[indicator_id])
    return BoardSection(
        board, [BoardPriority(o, by_priority.get(o.priority.pk, [])) for o in outlines]
    )


def _partner(user: Person, organisation: Organisation) -> IndicatorListSection:
    return IndicatorListSection(
        organisation,
        list(
            visible_indicators(user)
            .filter(laa_membership__lead_partner=organisation)
            .select_related("laa_membership")
            .with_latest_actual(published_only=True)
            .order_by("code")
        ),
    )


def _regulator(user: Person, organisation: Organisation | None) -> IndicatorListSection:
    return IndicatorListSection(
        organisation,
        list(
            visible_indicators(user)
            .filter(indicator_set=IndicatorSet.NI)
            .with_latest_actual(published_only=True)
            .order_by("code")
        ),
    )


# -- putting a home page together ---------------------------------------------------------


def _relevant(assignment: RoleAssignment) -> Q | None:
    """The indicators whose news matters to this role; None means all of them."""
    role = assignment.role
    if role in (Role.MANAGER, Role.OPERATIONAL_DIRECTOR):
        return Q(department=assignment.department_id)
    if role == Role.STRATEGIC_DIRECTOR:
        return Q(department__directorate=assignment.directorate_id)
    if role == Role.PORTFOLIO_HOLDER:
        return Q(department__portfolios=assignment.portfolio_id) | Q(
            priority_links__priority__portfolio=assignment.portfolio_id
        )
    if role in (Role.PPB_CHAIR, Role.PPB_MEMBER):
        return Q(priority_links__priority__ppb=assignment.board_id) | Q(
            priority_links__priority__ssp=assignment.board_id
        )
    if role == Role.PARTNER_OFFICER:
        return Q(laa_membership__lead_partner=assignment.organisation_id)
    if role == Role.REGULATOR:
        return Q(indicator_set=IndicatorSet.NI)
    return None


def _whats_new(user: Person, assignments: list[RoleAssignment]) -> list[Actual]:
    if not assignments:
        return []
    conditions = [_relevant(a) for a in assignments]
    if any(condition is None for condition in conditions):
        return recently_published(visible_indicators(user))
    relevant = Q()
    for condition in conditions:
        relevant |= condition  # type: ignore[operator]
    matching = Indicator.objects.filter(relevant).values("pk")
    return recently_published(visible_indicators(user), relevant=Q(pk__in=matching))


def _collection_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    return HomeSection("collection", f"Collection progress, {quarter}", _collection(user, quarter))


def _department_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    department = a.department
    assert department is not None
    return HomeSection("department", department.name, _department(user, department, quarter))


def _directorate_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    directorate = a.directorate
    assert directorate is not None
    departments = directorate.departments.all()
    rows = plan_summaries(user, departments, quarter)
    return HomeSection(
        "directorate",
        f"{directorate.name} directorate",
        DirectorateSection(directorate, rows, open_returns(list(departments))),
    )


def _organisation_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    rows = plan_summaries(user, Department.objects.all(), quarter)
    totals = PlanSummary(Department(name="All departments"), None)
    for row in rows:
        for name in ("objectives", "milestones", "indicators", "reported", "published"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return HomeSection(
        "organisation", "The organisation: every service plan", OrganisationSection(rows, totals)
    )


def _portfolio_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    portfolio = a.portfolio
    assert portfolio is not None
    published = reporting_quarter(published=True)
    return HomeSection(
        "portfolio",
        f"{portfolio.name} portfolio",
        PortfolioSection(
            portfolio,
            plan_summaries(user, portfolio.departments.all(), quarter),
            priority_summaries(user, portfolio.priorities.all(), published),
            published,
        ),
    )


def _priorities_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    published = reporting_quarter(published=True)
    rows = priority_summaries(user, Priority.objects.all(), published)
    return HomeSection("priorities", "Performance by priority", PrioritiesSection(rows, published))


def _board_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    board = a.board
    assert board is not None
    return HomeSection("board", board.name, _board(user, board))


def _partner_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    organisation = a.organisation
    assert organisation is not None
    return HomeSection(
        "partner", f"LAA indicators led by {organisation.name}", _partner(user, organisation)
    )


def _regulator_section(user: Person, a: RoleAssignment, quarter: Period) -> HomeSection:
    return HomeSection(
        "regulator", "The National Indicator dataset", _regulator(user, a.organisation)
    )


Builder = Callable[[Person, RoleAssignment, Period], HomeSection]

# Each role's view; roles with the same view of the same scope share one section.
SECTIONS: dict[Role, tuple[str, Builder]] = {
    Role.PERFORMANCE_OFFICER: ("collection", _collection_section),
    Role.MANAGER: ("department", _department_section),
    Role.OPERATIONAL_DIRECTOR: ("department", _department_section),
    Role.STRATEGIC_DIRECTOR: ("directorate", _directorate_section),
    Role.MANAGEMENT_TEAM: ("organisation", _organisation_section),
    Role.PORTFOLIO_HOLDER: ("portfolio", _portfolio_section),
    Role.EXECUTIVE_MEMBER: ("priorities", _priorities_section),
    Role.PPB_CHAIR: ("board", _board_section),
    Role.PPB_MEMBER: ("board", _board_section),
    Role.PARTNER_OFFICER: ("partner", _partner_section),
    Role.REGULATOR: ("regulator", _regulator_section),
}
# Views that show the whole council whatever the role's scope.
COUNCIL_WIDE = {"collection", "organisation", "priorities", "regulator"}


def home_page(user: Person) -> HomePage:
    """The person's home: one section per distinct view their roles give, and what is new."""
    assert user.is_authenticated  # LoginRequiredMiddleware guards the home page
    assignments = sorted(
        RoleAssignment.objects.filter(user_id=user.pk).select_related(
            "department", "directorate", "board", "portfolio", "organisation"
        ),
        key=lambda a: list(Role).index(Role(a.role)),
    )
    quarter = reporting_quarter()
    sections: dict[tuple[Any, ...], HomeSection] = {}
    for assignment in assignments:
        role = Role(assignment.role)
        kind, build = SECTIONS[role]
        scope_field = ROLE_SCOPE[role]
        scope = getattr(assignment, scope_field) if scope_field else None
        if scope_field and kind not in COUNCIL_WIDE and scope is None:
            key: tuple[Any, ...] = ("unscoped", assignment.pk)
            sections[key] = HomeSection("unscoped", assignment.get_role_display(), None)
            continue
        if kind in COUNCIL_WIDE:
            key = (kind,)
        else:
            assert scope is not None  # its role has a scope field; an empty scope was skipped above
            key = (kind, scope.pk)
        if key not in sections:
            sections[key] = build(user, assignment, quarter)
        if isinstance(sections[key].data, DepartmentSection):
            sections[key].data.viewer_roles.add(role)
    return HomePage(assignments, quarter, list(sections.values()), _whats_new(user, assignments))
