"""Who may see what: the one place that decides.

Every view, export, report and command gets its objects through these functions. Each
``access_*`` function takes the person asking and an identifier and returns the object, or
raises ``Http404``: the same answer for "there is no such thing" and "it is not yours to see",
so a page never reveals that something exists. Each ``visible_*`` function is the queryset a
list may show.

The rules are issue 6's role table (docs/access.md has it for users):

- the performance team reads everything, drafts included, and runs the cycle;
- an operational director reads their department's figures in every state, a strategic
  director their directorate's, a manager or officer their own items; all of them read every
  published figure;
- the management team reads every validated or published figure;
- executive members, portfolio holders and PPB councillors read every published figure;
- a partner officer reads only the published figures a data sharing protocol in force grants
  their organisation (and enters their organisation's partner indicators);
- a regulator reads published National Indicator figures;
- the public (no sign-in, ``THE_PUBLIC``) reads the council's own published figures, except
  for the periods a collection round is still collecting.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from goldenthread.governance.models import Briefing, BriefingQuerySet, Flag, ItemKind
from goldenthread.indicators.models import (
    Actual,
    ActualQuerySet,
    Indicator,
    IndicatorQuerySet,
    IndicatorSet,
    Target,
)
from goldenthread.monitoring.models import CollectionRound, DepartmentNarrative
from goldenthread.organisation.models import (
    Board,
    BoardKind,
    Department,
    Directorate,
    Portfolio,
    Role,
    RoleAssignment,
    User,
)
from goldenthread.planning.models import (
    AreaOfFocus,
    Milestone,
    MilestoneUpdate,
    Objective,
    ObjectiveQuerySet,
    Plan,
    PlanQuerySet,
    Priority,
)
from goldenthread.planning.periods import Period, PeriodError, PeriodKind
from goldenthread.planning.selectors import Coverage, thread_coverage
from goldenthread.reporting.models import SavedReport, SavedReportQuerySet
from goldenthread.risks.choices import RiskLevel
from goldenthread.risks.models import Register, Risk, RiskAction, RiskActionQuerySet, RiskQuerySet
from goldenthread.sharing.models import DataSharingProtocol, dataset_q
from goldenthread.workflow import WorkflowState

Person = User | AnonymousUser
M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])

# Whoever is signed in, the public pages read as this: a visitor with no sign-in.
THE_PUBLIC = AnonymousUser()

# The council's officers and members: they read every indicator (its published figures at
# least). Partner officers and regulators read only what is theirs; the public and anyone
# signed in with no role read the council's own indicators.
COUNCIL_ROLES = frozenset(
    {
        Role.PERFORMANCE_OFFICER,
        Role.MANAGER,
        Role.OPERATIONAL_DIRECTOR,
        Role.STRATEGIC_DIRECTOR,
        Role.MANAGEMENT_TEAM,
        Role.PORTFOLIO_HOLDER,
        Role.EXECUTIVE_MEMBER,
        Role.PPB_CHAIR,
        Role.PPB_MEMBER,
    }
)
# The council's officers (two-step verification is offered to them).
OFFICER_ROLES = frozenset(
    {
        Role.PERFORMANCE_OFFICER,
        Role.MANAGER,
        Role.OPERATIONAL_DIRECTOR,
        Role.STRATEGIC_DIRECTOR,
        Role.MANAGEMENT_TEAM,
    }
)
# Who sees ratings of validated figures before they are published, council-wide.
VALIDATED_READERS = frozenset({Role.PERFORMANCE_OFFICER, Role.MANAGEMENT_TEAM})
OFFICER_STATES = (WorkflowState.VALIDATED, WorkflowState.PUBLISHED)
PUBLISHED_STATES = (WorkflowState.PUBLISHED,)
# Who enters their department's figures (and may see them at every stage).
ENTERING_ROLES = (Role.MANAGER, Role.OPERATIONAL_DIRECTOR)
NOTHING = Q(pk__in=[])


def _signed_in(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _get(queryset: QuerySet[M], **lookup: object) -> M:
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404("Not found") from None


def collecting_periods() -> list[Period]:
    """The periods a still-open collection round is collecting: its quarter, and a half or
    year that ends with it (their figures come in with the quarter's)."""
    periods: list[Period] = []
    for quarter in CollectionRound.objects.filter(closed_at__isnull=True).values_list(
        "quarter", flat=True
    ):
        for candidate in (
            quarter,
            Period(quarter.year, PeriodKind.HALF, (quarter.number + 1) // 2),
            quarter.financial_year,
        ):
            if candidate.end == quarter.end:
                periods.append(candidate)
    return periods


@dataclass
class Standing:
    """What one person may read and enter, worked out from their roles in one query."""

    user_id: int | None
    roles: frozenset[str]
    entering_departments: frozenset[int]  # manager and operational director
    directorates: frozenset[int]  # strategic director
    partner_organisations: frozenset[int]  # partner officer

    @classmethod
    def of(cls, user: Person) -> Standing:
        if not _signed_in(user):
            return cls(None, frozenset(), frozenset(), frozenset(), frozenset())
        assert isinstance(user, User)  # _signed_in checked it; this tells mypy
        rows = list(
            RoleAssignment.objects.filter(user=user).values_list(
                "role", "department_id", "directorate_id", "organisation_id"
            )
        )
        return cls(
            user.pk,
            frozenset(role for role, *_ in rows),
            frozenset(dept for role, dept, _, _ in rows if role in ENTERING_ROLES and dept),
            frozenset(d for role, _, d, _ in rows if role == Role.STRATEGIC_DIRECTOR and d),
            frozenset(o for role, _, _, o in rows if role == Role.PARTNER_OFFICER and o),
        )

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @property
    def performance_team(self) -> bool:
        return Role.PERFORMANCE_OFFICER in self.roles

    @property
    def council(self) -> bool:
        return bool(self.roles & COUNCIL_ROLES)

    @property
    def reads_validated(self) -> bool:
        return bool(self.roles & VALIDATED_READERS)

    # -- the indicators a person may know of ---------------------------------------------

    def own_indicators_q(self, prefix: str = "") -> Q:
        """Their own items: those they answer for or collate, their department's, and their
        organisation's partner indicators."""
        if not self.signed_in:
            return NOTHING
        own = (
            Q(**{f"{prefix}responsible_officer_id": self.user_id})
            | Q(**{f"{prefix}collator_id": self.user_id})
            | Q(**{f"{prefix}department_id__in": self.entering_departments})
        )
        if self.partner_organisations:
            own |= Q(
                **{
                    f"{prefix}indicator_set": IndicatorSet.PARTNER,
                    f"{prefix}laa_membership__lead_partner_id__in": self.partner_organisations,
                }
            )
        return own

    def unpublished_indicators_q(self, prefix: str = "") -> Q:
        """The indicators whose figures this person sees before publication."""
        return self.own_indicators_q(prefix) | Q(
            **{f"{prefix}department__directorate_id__in": self.directorates}
        )

    def unpublished_departments_q(self, prefix: str = "") -> Q:
        """The departments whose narrative this person sees before publication (a filter on
        Department, or through ``prefix``, e.g. ``department__``)."""
        return Q(**{f"{prefix}pk__in": self.entering_departments}) | Q(
            **{f"{prefix}directorate_id__in": self.directorates}
        )

    @cached_property
    def shared_indicators_q(self) -> Q:
        """What data sharing protocols in force grant this person's organisations."""
        if not self.partner_organisations:
            return NOTHING
        protocols = DataSharingProtocol.objects.in_force().filter(
            parties__in=self.partner_organisations
        )
        granted = Q(pk__in=protocols.values("indicators"))
        datasets = set(protocols.values_list("datasets__dataset", flat=True)) - {None}
        for dataset in datasets:
            granted |= dataset_q(dataset)
        return granted

    def indicators_q(self) -> Q:
        """The indicators this person may know of, as a filter on Indicator."""
        if self.council:
            return Q()
        known = self.own_indicators_q() | self.shared_indicators_q
        if self.partner_organisations:  # the LAA indicators their organisation leads
            known |= Q(laa_membership__lead_partner_id__in=self.partner_organisations)
        if Role.REGULATOR in self.roles:
            known |= Q(indicator_set=IndicatorSet.NI)
        if not self.signed_in:  # the public: the council's own indicators
            known |= ~Q(indicator_set=IndicatorSet.PARTNER)
        # Anyone signed in with no role (a partnership ended, an account not yet given one)
        # knows only their own items: the public pages are open to them like anyone else.
        return known

    # -- which of their figures ----------------------------------------------------------

    def states_q(self, unpublished: Q) -> Q:
        """Which figures (or updates, or narratives) in which states this person sees, given
        the Q of the items whose unpublished work they may see."""
        seen = Q(state=WorkflowState.PUBLISHED)
        if not self.roles:  # the public, and anyone signed in with no role, read as it does
            for period in collecting_periods():
                seen &= ~Q(period=period)
        seen |= unpublished
        if self.reads_validated:
            seen |= Q(state=WorkflowState.VALIDATED)
        return seen

    def milestone_q(self, prefix: str = "") -> Q:
        if not self.signed_in:
            return NOTHING
        return (
            Q(**{f"{prefix}owner_id": self.user_id})
            | Q(**{f"{prefix}objective__plan__department_id__in": self.entering_departments})
            | Q(**{f"{prefix}objective__plan__department__directorate_id__in": (self.directorates)})
        )

    @property
    def reads_plans(self) -> bool:
        """Milestones, narratives and plans are the council's: partners and regulators see
        figures only; the public sees published ones."""
        return self.council or not (self.partner_organisations or Role.REGULATOR in self.roles)


def standing(user: Person) -> Standing:
    return Standing.of(user)


# -- what a list may show --------------------------------------------------------------------


def visible_priorities(user: Person) -> QuerySet[Priority]:
    """The council's priorities: public, like the plan they come from."""
    return Priority.objects.all()


def visible_areas_of_focus(user: Person) -> QuerySet[AreaOfFocus]:
    return AreaOfFocus.objects.all()


def visible_departments(user: Person) -> QuerySet[Department]:
    return Department.objects.all() if _council(user) else Department.objects.none()


def visible_plans(user: Person) -> PlanQuerySet:
    return Plan.objects.all() if _council(user) else Plan.objects.none()


def visible_objectives(user: Person) -> ObjectiveQuerySet:
    return Objective.objects.all() if _council(user) else Objective.objects.none()


def visible_indicators(user: Person) -> IndicatorQuerySet:
    """The indicators this person may know of, their figures read only as this person may
    see them (``visible_actuals``)."""
    person = standing(user)
    known = Indicator.objects.filter(person.indicators_q())
    return known.seen_through(_actuals(person))


def visible_actuals(user: Person) -> ActualQuerySet:
    return _actuals(standing(user))


def _actuals(person: Standing) -> ActualQuerySet:
    if person.performance_team:
        return Actual.objects.all()
    known = Indicator.objects.filter(person.indicators_q())
    actuals = Actual.objects.filter(person.states_q(person.unpublished_indicators_q("indicator__")))
    if person.council:
        return actuals
    return actuals.filter(indicator__in=known)


def visible_milestone_updates(user: Person) -> QuerySet[MilestoneUpdate]:
    person = standing(user)
    if person.performance_team:
        return MilestoneUpdate.objects.all()
    if not person.reads_plans:
        return MilestoneUpdate.objects.none()
    return MilestoneUpdate.objects.filter(person.states_q(person.milestone_q("milestone__")))


def visible_narratives(user: Person) -> QuerySet[DepartmentNarrative]:
    person = standing(user)
    if person.performance_team:
        return DepartmentNarrative.objects.all()
    if not person.reads_plans:
        return DepartmentNarrative.objects.none()
    unpublished = person.unpublished_departments_q("department__")
    narratives = DepartmentNarrative.objects.filter(person.states_q(unpublished))
    if not person.signed_in:  # a round's narratives come out when it closes
        narratives = narratives.exclude(round__closed_at__isnull=True)
    return narratives


def _council(user: Person) -> bool:
    return standing(user).council


# -- one object, or 404 ----------------------------------------------------------------------


def access_priority(user: Person, code: str) -> Priority:
    return _get(visible_priorities(user).select_related("ppb", "ssp", "portfolio"), code=code)


def access_area_of_focus(user: Person, number: int) -> AreaOfFocus:
    return _get(
        visible_areas_of_focus(user).select_related("priority", "key_objective"), number=number
    )


def access_department(user: Person, code: str) -> Department:
    return _get(visible_departments(user).select_related("directorate"), code=code)


def access_plan(user: Person, code: str) -> Plan:
    return _get(
        visible_plans(user).select_related("department", "organisation", "owner"), code=code
    )


def access_objective(user: Person, code: str) -> Objective:
    return _get(visible_objectives(user).select_related("plan__department", "owner"), code=code)


def access_indicator(user: Person, code: str) -> Indicator:
    return _get(visible_indicators(user), code=code)


def access_thread_coverage(user: Person) -> Coverage:
    """The council-wide coverage report (the review's Table 2): the council's own."""
    if not _council(user):
        raise Http404("Not found")
    return thread_coverage()


# -- whose figures are rated, and the performance team's own pages ---------------------------


def rated_states(user: Person) -> tuple[WorkflowState, ...]:
    """The workflow states of the figures whose ratings this person sees (one query): the
    performance team and the management team see validated figures rated before they are
    published; everyone else sees ratings of published figures."""
    return OFFICER_STATES if standing(user).reads_validated else PUBLISHED_STATES


def rated_states_of(user: Person, indicator: Indicator) -> tuple[WorkflowState, ...]:
    """The states of one indicator's figures this person sees rated: validated ones too when
    the indicator is theirs before publication (their department's, their directorate's)."""
    person = standing(user)
    if person.reads_validated or _early_rated(person).filter(pk=indicator.pk).exists():
        return OFFICER_STATES
    return PUBLISHED_STATES


def early_rated(user: Person) -> IndicatorQuerySet:
    """The indicators whose validated figures this person sees rated before publication."""
    return _early_rated(standing(user))


def _early_rated(person: Standing) -> IndicatorQuerySet:
    if person.reads_validated:
        return Indicator.objects.all()
    if not person.signed_in or not person.roles & OFFICER_ROLES:
        return Indicator.objects.none()
    return Indicator.objects.filter(person.unpublished_indicators_q())


def is_performance_team(user: Person) -> bool:
    return standing(user).performance_team


def access_performance_team(user: Person) -> User:
    """The person, if they are in the performance team; the pages that change how the council
    rates performance, and the thread-integrity report, are theirs alone."""
    if not is_performance_team(user):
        raise Http404("Not found")
    assert isinstance(user, User)
    return user


# -- quarterly collection: who may enter, validate and see figures on their way -------------
#
# A figure is entered by the indicator's responsible officer or collator, by a manager or
# operational director of its department, or for a partner indicator by an officer of the
# partner that leads it (a milestone's progress likewise by its owner or its plan's
# department); the performance team may enter anything, and alone validates, returns,
# publishes and corrects.


def enterable_indicators(user: Person) -> IndicatorQuerySet:
    """The indicators whose figures this person may enter and submit: "my items"."""
    person = standing(user)
    if person.performance_team:
        return Indicator.objects.all()
    return Indicator.objects.filter(person.own_indicators_q())


def enterable_milestones(user: Person) -> QuerySet[Milestone]:
    person = standing(user)
    if person.performance_team:
        return Milestone.objects.all()
    if not person.signed_in:
        return Milestone.objects.none()
    return Milestone.objects.filter(
        Q(owner_id=person.user_id)
        | Q(objective__plan__department_id__in=person.entering_departments)
    )


def narratable_departments(user: Person) -> QuerySet[Department]:
    person = standing(user)
    if person.performance_team:
        return Department.objects.all()
    return Department.objects.filter(pk__in=person.entering_departments)


def access_indicator_to_enter(user: Person, code: str) -> Indicator:
    return _get(enterable_indicators(user).select_related("department"), code=code)


def access_actual(user: Person, pk: int) -> Actual:
    return _get(visible_actuals(user).select_related("indicator"), pk=pk)


def access_actual_to_enter(user: Person, pk: int) -> Actual:
    return _get(
        Actual.objects.filter(indicator__in=enterable_indicators(user)).select_related(
            "indicator__department"
        ),
        pk=pk,
    )


def access_actual_to_validate(user: Person, pk: int) -> Actual:
    """Validating, returning, publishing and correcting are the performance team's."""
    if not is_performance_team(user):
        raise Http404("Not found")
    return _get(Actual.objects.select_related("indicator__department"), pk=pk)


def access_milestone_to_enter(user: Person, code: str) -> Milestone:
    return _get(enterable_milestones(user).select_related("objective__plan__department"), code=code)


def access_milestone_update(user: Person, pk: int) -> MilestoneUpdate:
    return _get(visible_milestone_updates(user).select_related("milestone"), pk=pk)


def access_milestone_update_to_enter(user: Person, pk: int) -> MilestoneUpdate:
    return _get(
        MilestoneUpdate.objects.filter(milestone__in=enterable_milestones(user)).select_related(
            "milestone__objective__plan__department"
        ),
        pk=pk,
    )


def access_milestone_update_to_validate(user: Person, pk: int) -> MilestoneUpdate:
    if not is_performance_team(user):
        raise Http404("Not found")
    return _get(
        MilestoneUpdate.objects.select_related("milestone__objective__plan__department"), pk=pk
    )


def access_department_to_narrate(user: Person, code: str) -> Department:
    return _get(narratable_departments(user), code=code)


def access_narrative(user: Person, pk: int) -> DepartmentNarrative:
    return _get(visible_narratives(user).select_related("round", "department"), pk=pk)


def access_narrative_to_enter(user: Person, pk: int) -> DepartmentNarrative:
    return _get(
        DepartmentNarrative.objects.filter(
            department__in=narratable_departments(user)
        ).select_related("round", "department"),
        pk=pk,
    )


def access_narrative_to_validate(user: Person, pk: int) -> DepartmentNarrative:
    if not is_performance_team(user):
        raise Http404("Not found")
    return _get(DepartmentNarrative.objects.select_related("round", "department"), pk=pk)


def access_department_return(user: Person, code: str) -> Department:
    """A department's return for a quarter: for the performance team, the department's
    managers and operational directors, and anyone responsible for one of its items (who sees
    only their own items on it)."""
    person = standing(user)
    if not person.signed_in:
        raise Http404("Not found")
    departments = Department.objects.all()
    if not person.performance_team:
        departments = departments.filter(
            Q(pk__in=person.entering_departments)
            | Q(pk__in=enterable_indicators(user).values("department_id"))
            | Q(pk__in=enterable_milestones(user).values("objective__plan__department_id"))
        )
    return _get(departments.select_related("directorate"), code=code)


def access_collection(user: Person) -> User:
    """Opening rounds, validating, returning and publishing: the performance team's."""
    return access_performance_team(user)


def access_published_actual(user: Person, code: str, period: str) -> Actual:
    """A published figure, by its indicator's code and its period, for the performance team
    to correct; 404 for anyone else, and for a figure that is not published."""
    if not is_performance_team(user):
        raise Http404("Not found")
    try:
        when = Period.parse(period)
    except PeriodError:
        raise Http404("Not found") from None
    return _get(
        Actual.objects.select_related("indicator").filter(state=WorkflowState.PUBLISHED),
        indicator__code=code,
        period=when,
    )


def access_target(user: Person, pk: int) -> Target:
    """A target, to anyone who may see its indicator (targets are not drafts)."""
    return _get(
        Target.objects.select_related("indicator").filter(indicator__in=visible_indicators(user)),
        pk=pk,
    )


def signing_off_departments(user: Person) -> QuerySet[Department]:
    """The departments whose return this person signs off: those they are operational director
    of. The sign-off is the director's word on their department's return; the performance team,
    which runs the cycle and checks what is sent, does not give it on a director's behalf."""
    if not _signed_in(user) or user.pk is None:
        return Department.objects.none()
    return Department.objects.filter(
        pk__in=RoleAssignment.objects.filter(
            user_id=user.pk, role=Role.OPERATIONAL_DIRECTOR, department__isnull=False
        ).values("department_id")
    )


def access_department_return_to_sign_off(user: Person, code: str) -> Department:
    return _get(signing_off_departments(user).select_related("directorate"), code=code)


def states_seen_of(
    user: Person, item: Actual | MilestoneUpdate | DepartmentNarrative
) -> tuple[WorkflowState, ...]:
    """The workflow states in which this person sees this item: every state when its
    unpublished work is theirs to see (the performance team, its department's and
    directorate's officers, its owner); validated and published for the management team;
    published only for everyone else. Its history shows them only the stages in these."""
    person = standing(user)
    theirs: QuerySet[Any]
    if isinstance(item, Actual):
        theirs = Indicator.objects.filter(person.unpublished_indicators_q(), pk=item.indicator_id)
    elif isinstance(item, MilestoneUpdate):
        theirs = Milestone.objects.filter(person.milestone_q(), pk=item.milestone_id)
    else:
        theirs = Department.objects.filter(
            person.unpublished_departments_q(), pk=item.department_id
        )
    if person.performance_team or (person.signed_in and theirs.exists()):
        return tuple(WorkflowState)
    return OFFICER_STATES if person.reads_validated else PUBLISHED_STATES


# -- reports ---------------------------------------------------------------------------------
#
# Reports are built from published figures only. The council's officers and members open any
# report; a partner officer's and a regulator's reports hold only the indicators they may see,
# with no milestones or narrative (those are the council's). A saved report is seen by its
# owner, the members of the boards it is shared with, and the performance team; only its owner
# changes who it is shared with, or deletes it.


@dataclass(frozen=True)
class ReportLimits:
    """What a report drawn for one person may hold."""

    indicators: Q  # a filter on Indicator
    plans: bool  # milestones and departments' narratives


EVERYTHING = ReportLimits(Q(), plans=True)


def access_reports(user: Person) -> User:
    """The person, if they may open reports: anyone signed in with a role (the public has its
    own pages)."""
    _reader_of_reports(user)
    assert isinstance(user, User)
    return user


def _reader_of_reports(user: Person) -> Standing:
    person = standing(user)
    if not person.roles:
        raise Http404("Not found")
    return person


def report_limits(user: Person) -> ReportLimits:
    """What the reports this person opens may hold (Http404 if they may open none)."""
    person = _reader_of_reports(user)
    if person.council:
        return EVERYTHING
    return ReportLimits(person.indicators_q(), plans=person.reads_plans)


def visible_saved_reports(user: Person) -> SavedReportQuerySet:
    if not _signed_in(user):
        return SavedReport.objects.none()
    assert isinstance(user, User)
    if is_performance_team(user):
        return SavedReport.objects.all()
    return SavedReport.objects.open_to(user)


def access_saved_report(user: Person, pk: int) -> SavedReport:
    return _get(visible_saved_reports(user).select_related("owner"), pk=pk)


def access_saved_report_to_change(user: Person, pk: int) -> SavedReport:
    """A saved report its owner shares, re-shares or deletes; 404 for anyone else."""
    if not _signed_in(user):
        raise Http404("Not found")
    return _get(SavedReport.objects.filter(owner_id=user.pk).select_related("owner"), pk=pk)


# -- governance: PPB flags and portfolio-holder briefings ---
#
# A member or chair of a Policy and Performance Board flags an item (an indicator or milestone
# they may see) for discussion at their own board; the board's queue is seen by its members
# and chair and the performance team, and cleared by its chair or the performance team.
# A briefing of a portfolio holder is recorded by a strategic director whose directorate has a
# department in the portfolio, or by the performance team; it is read by the portfolio's
# holders (and the person briefed), those strategic directors, executive members, the
# management team and the performance team.

PPB_ROLES = (Role.PPB_CHAIR, Role.PPB_MEMBER)
BRIEFING_READERS = (Role.PERFORMANCE_OFFICER, Role.EXECUTIVE_MEMBER, Role.MANAGEMENT_TEAM)


def _held(user: Person, *roles: Role) -> QuerySet[RoleAssignment]:
    if not _signed_in(user) or user.pk is None:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=roles)


def flagging_boards(user: Person) -> QuerySet[Board]:
    """The PPBs this person sits on (as member or chair): the boards they may flag items for."""
    return Board.objects.filter(
        kind=BoardKind.PPB, pk__in=_held(user, *PPB_ROLES).values("board_id")
    )


def visible_flag_queues(user: Person) -> QuerySet[Board]:
    """The PPBs whose queue of flagged items this person may see."""
    if is_performance_team(user):
        return Board.objects.filter(kind=BoardKind.PPB)
    return flagging_boards(user)


def may_clear_flags(user: Person, board: Board) -> bool:
    """The board's chair and the performance team clear its queue."""
    return is_performance_team(user) or _held(user, Role.PPB_CHAIR).filter(board=board).exists()


def access_board_to_flag_for(user: Person, code: str) -> Board:
    return _get(flagging_boards(user), code=code)


def access_item_to_flag(user: Person, kind: str, code: str) -> Indicator | Milestone:
    """An indicator or milestone this person may see, if they sit on a PPB to flag it for."""
    if not flagging_boards(user).exists():
        raise Http404("Not found")
    if kind == ItemKind.INDICATOR:
        return access_indicator(user, code)
    if kind == ItemKind.MILESTONE:
        milestones = Milestone.objects.filter(objective__in=visible_objectives(user))
        return _get(milestones.select_related("objective"), code=code)
    raise Http404("Not found")


def access_flag_queue(user: Person, code: str) -> Board:
    return _get(visible_flag_queues(user), code=code)


def access_flag_to_clear(user: Person, code: str, pk: int) -> Flag:
    """An open or cleared flag on a board's queue, for its chair or the performance team."""
    board = access_flag_queue(user, code)
    if not may_clear_flags(user, board):
        raise Http404("Not found")
    return _get(Flag.objects.filter(board=board).with_people(), pk=pk)


def _briefing_reader(user: Person) -> bool:
    return _held(user, *BRIEFING_READERS).exists()


def recordable_portfolios(user: Person) -> QuerySet[Portfolio]:
    """The portfolios whose holders this person may record briefings of."""
    if is_performance_team(user):
        return Portfolio.objects.all()
    directorates = _held(user, Role.STRATEGIC_DIRECTOR).values("directorate_id")
    return Portfolio.objects.filter(
        pk__in=Portfolio.departments.through.objects.filter(
            department__directorate_id__in=directorates
        ).values("portfolio_id")
    )


def briefing_portfolios(user: Person) -> QuerySet[Portfolio]:
    """The portfolios whose briefings this person may read."""
    if not _signed_in(user):
        return Portfolio.objects.none()
    if _briefing_reader(user):
        return Portfolio.objects.all()
    held = _held(user, Role.PORTFOLIO_HOLDER).values("portfolio_id")
    return Portfolio.objects.filter(
        Q(pk__in=held) | Q(pk__in=recordable_portfolios(user).values("pk"))
    )


def visible_briefings(user: Person) -> BriefingQuerySet:
    if not _signed_in(user):
        return Briefing.objects.none()
    if _briefing_reader(user):
        return Briefing.objects.all()
    return Briefing.objects.filter(
        Q(portfolio__in=briefing_portfolios(user)) | Q(holder_id=user.pk)
    )


def access_portfolio_briefings(user: Person, code: str) -> Portfolio:
    return _get(briefing_portfolios(user), code=code)


def access_portfolio_to_brief(user: Person, code: str) -> Portfolio:
    return _get(recordable_portfolios(user), code=code)


def access_briefing(user: Person, pk: int) -> Briefing:
    return _get(visible_briefings(user).with_details(), pk=pk)


# -- plan quality assurance and the planning timetable (issue 12) -----------------------------
#
# The performance team quality-assures service plans, runs the rolling programme of divisional-
# and team-plan reviews and keeps the planning timetable. A service plan's QA review is read by
# the performance team, the Management Team, and the directors whose plan it is: its
# department's operational directors and its directorate's strategic directors. The planning
# timetable is read by everyone signed in: each audience sees what is due from it.

QA_READERS = (Role.PERFORMANCE_OFFICER, Role.MANAGEMENT_TEAM)
QA_DIRECTORS = (Role.OPERATIONAL_DIRECTOR, Role.STRATEGIC_DIRECTOR)


def qa_readable_plans(user: Person) -> PlanQuerySet:
    """The service plans whose QA reviews this person reads (none for most people)."""
    plans = Plan.objects.service_plans()
    if _held(user, *QA_READERS).exists():
        return plans
    held = _held(user, *QA_DIRECTORS)
    return plans.filter(
        Q(department_id__in=held.values("department_id"))
        | Q(department__directorate_id__in=held.values("directorate_id"))
    )


def access_qa_reviews(user: Person) -> User:
    """The person, if they read any service plan's QA review (the list of reviews)."""
    if not _held(user, *QA_READERS, *QA_DIRECTORS).exists():
        raise Http404("Not found")
    assert isinstance(user, User)
    return user


def access_plan_qa(user: Person, code: str) -> Plan:
    """A service plan, to read its QA reviews."""
    return _get(
        qa_readable_plans(user).select_related("department__directorate", "owner"), code=code
    )


def access_plan_to_assure(user: Person, code: str) -> Plan:
    """A service plan, for the performance team to record or move its QA review."""
    access_performance_team(user)
    return _get(
        Plan.objects.service_plans().select_related("department__directorate", "owner"),
        code=code,
    )


def access_timetable(user: Person) -> User:
    """The person, if signed in: the planning timetable is everyone's."""
    if not _signed_in(user):
        raise Http404("Not found")
    assert isinstance(user, User)
    return user


# -- risks (issue 13) -------------------------------------------------------------------------
#
# A department's risk register is read by its managers and operational directors, its
# directorate's strategic directors and the performance team; a directorate's register by its
# strategic directors and its departments' managers and operational directors; the corporate
# register by every council officer. The Management Team and the council's members (executive,
# portfolio holders, PPBs) read every register. A risk's owner and the owners of its actions read
# it wherever it is. Partners, regulators and the public read no register (a data sharing
# protocol may open one later).
# Writing: the performance team every register; a department's managers and operational
# directors their department's; a directorate's strategic directors their directorate's. A risk's
# owner also rescores and changes it; an action's owner also records its progress.

ALL_REGISTERS_READERS = frozenset(
    {
        Role.PERFORMANCE_OFFICER,
        Role.MANAGEMENT_TEAM,
        Role.EXECUTIVE_MEMBER,
        Role.PORTFOLIO_HOLDER,
        Role.PPB_CHAIR,
        Role.PPB_MEMBER,
    }
)


def _reads_every_register(person: Standing) -> bool:
    return bool(person.roles & ALL_REGISTERS_READERS)


def _reads_some_registers(person: Standing) -> bool:
    return person.signed_in and bool(person.roles & OFFICER_ROLES)


def _feeding_directorates(person: Standing) -> QuerySet[Any]:
    """The directorates of the departments whose risks this person manages (a subquery)."""
    return Department.objects.filter(pk__in=person.entering_departments).values("directorate_id")


def _read_registers_q(person: Standing) -> Q:
    """The risks on the registers this person reads whole, as a filter on Risk."""
    if _reads_every_register(person):
        return Q()
    if not _reads_some_registers(person):
        return NOTHING
    return (
        Q(level=RiskLevel.CORPORATE)
        | Q(department_id__in=person.entering_departments)
        | Q(department__directorate_id__in=person.directorates)
        | Q(directorate_id__in=person.directorates)
        | Q(directorate_id__in=_feeding_directorates(person))
    )


def _written_registers_q(person: Standing) -> Q:
    """The risks on the registers this person writes, as a filter on Risk."""
    if person.performance_team:
        return Q()
    if not person.signed_in:
        return NOTHING
    return Q(level=RiskLevel.DEPARTMENT, department_id__in=person.entering_departments) | Q(
        level=RiskLevel.DIRECTORATE, directorate_id__in=person.directorates
    )


def visible_risks(user: Person) -> RiskQuerySet:
    """The risks this person may read, on any register, in any status."""
    person = standing(user)
    if _reads_every_register(person) or not person.signed_in:
        return Risk.objects.filter(_read_registers_q(person))
    return Risk.objects.filter(
        _read_registers_q(person)
        | Q(owner_id=person.user_id)
        | Q(pk__in=RiskAction.objects.filter(owner_id=person.user_id).values("risk_id"))
    )


def managed_risks(user: Person) -> RiskQuerySet:
    """The risks this person may escalate, close and add actions to: those on the registers
    they write."""
    return Risk.objects.filter(_written_registers_q(standing(user)))


def editable_risks(user: Person) -> RiskQuerySet:
    """The risks this person may change and rescore: those they manage, and those they own."""
    person = standing(user)
    if person.performance_team:  # (Q() | q is q: "everything or theirs" must be said apart)
        return Risk.objects.all()
    if not person.signed_in:
        return Risk.objects.none()
    return Risk.objects.filter(_written_registers_q(person) | Q(owner_id=person.user_id))


def editable_risk_actions(user: Person) -> RiskActionQuerySet:
    """The actions whose progress this person may record: those of the risks they may change,
    and their own."""
    person = standing(user)
    if person.performance_team:
        return RiskAction.objects.all()
    if not person.signed_in:
        return RiskAction.objects.none()
    return RiskAction.objects.filter(Q(risk__in=editable_risks(user)) | Q(owner_id=person.user_id))


def access_risk(user: Person, code: str) -> Risk:
    return _get(visible_risks(user).with_details(), code=code)


def access_risk_to_edit(user: Person, code: str) -> Risk:
    return _get(editable_risks(user).with_details(), code=code)


def access_risk_to_manage(user: Person, code: str) -> Risk:
    return _get(managed_risks(user).with_details(), code=code)


def access_risk_action_to_update(user: Person, pk: int) -> RiskAction:
    return _get(editable_risk_actions(user).select_related("risk", "owner"), pk=pk)


def _register(level: str, code: str) -> Register:
    """The register of a level and, for a department's or a directorate's, its unit's code."""
    if level == RiskLevel.CORPORATE:
        return Register.corporate()
    if level == RiskLevel.DEPARTMENT:
        department = _get(Department.objects.select_related("directorate"), code=code)
        return Register(RiskLevel.DEPARTMENT, department=department)
    if level == RiskLevel.DIRECTORATE:
        return Register(
            RiskLevel.DIRECTORATE, directorate=_get(Directorate.objects.all(), code=code)
        )
    raise Http404("Not found")


def _reads_register(person: Standing, register: Register) -> bool:
    if _reads_every_register(person):
        return True
    if not _reads_some_registers(person):
        return False
    if register.department is not None:
        return (
            register.department.pk in person.entering_departments
            or register.department.directorate_id in person.directorates
        )
    if register.directorate is not None:
        return (
            register.directorate.pk in person.directorates
            or Department.objects.filter(
                pk__in=person.entering_departments, directorate=register.directorate
            ).exists()
        )
    return True  # the corporate register


def _writes_register(person: Standing, register: Register) -> bool:
    if person.performance_team:
        return True
    if register.department is not None:
        return register.department.pk in person.entering_departments
    if register.directorate is not None:
        return register.directorate.pk in person.directorates
    return False  # the corporate register is the performance team's


def access_register(user: Person, level: str, code: str = "") -> Register:
    """A whole register, to read: ``level`` is department, directorate or corporate, ``code``
    the department's or directorate's code."""
    register = _register(level, code)
    if not _reads_register(standing(user), register):
        raise Http404("Not found")
    return register


def access_register_to_write(user: Person, level: str, code: str = "") -> Register:
    """A register, to record a risk on."""
    register = _register(level, code)
    if not _writes_register(standing(user), register):
        raise Http404("Not found")
    return register


def access_risk_scale(user: Person) -> User:
    """The council's risk scale is the performance team's to change."""
    return access_performance_team(user)
