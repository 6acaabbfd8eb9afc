"""A small golden thread on top of the `council` fixture, for the page tests, and a way to grow
it so a test can show a page's query count does not grow with the data.

The thread (codes with spaces, as councils write them):

- Corporate plan CP → service plans SP-EH (Environmental Health) and SP-RB (Revenues &
  Benefits); SP-EH → divisional plan DIV-EH → personal plan EDR-DEV.
- Objectives: EH 1 (Healthy Borough, area of focus 1, primary), EH 2 (Healthy Borough primary
  and Business efficiency), RB 1 (Business efficiency), EH 3 (linked to nothing).
- Indicators: NI 123 (NI, LAA led by the Primary Care Trust, Healthy Borough), EH LI 1 (key,
  local), BV 9 (BVPI, Business efficiency), RB LI 2 (local, linked to no priority).
- Figures in 2008/09 Q1 and Q2; NI 123's Q1 figure is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.indicators.models import (
    Actual,
    Indicator,
    IndicatorPriority,
    IndicatorSet,
    LAADesignation,
    LAAIndicator,
    LocalAreaAgreement,
    Target,
)
from goldenthread.organisation.models import (
    Board,
    BoardKind,
    Department,
    Organisation,
    OrganisationKind,
    Portfolio,
    User,
)
from goldenthread.planning.models import (
    AreaOfFocus,
    Milestone,
    MilestoneProgress,
    MilestoneUpdate,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    PlanState,
    Task,
)
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState
from tests.conftest import Council, make_user

Q1 = Period.parse("2008/09 Q1")
Q2 = Period.parse("2008/09 Q2")
Q3 = Period.parse("2008/09 Q3")


@dataclass
class Thread:
    council: Council
    corporate_plan: Plan
    eh_plan: Plan
    rb_plan: Plan
    divisional_plan: Plan
    personal_plan: Plan
    smoking: Objective  # EH 1
    food: Objective  # EH 2, linked to two priorities
    benefits: Objective  # RB 1
    orphan: Objective  # EH 3, linked to nothing
    ni: Indicator  # NI 123
    local: Indicator  # EH LI 1
    bvpi: Indicator  # BV 9
    unlinked: Indicator  # RB LI 2
    portfolio: Portfolio
    regulator_org: Organisation
    sam: User  # strategic director, Health & Community
    morgan: User  # Management Team member
    ash: User  # portfolio holder, Health and Adults
    eve: User  # Executive Board member
    rita: User  # regulator, Audit Commission


def link(objective: Objective, priority, *, primary: bool, area=None) -> ObjectiveLink:
    return ObjectiveLink.objects.create(
        objective=objective, priority=priority, area_of_focus=area, is_primary=primary
    )


def make_indicator(code: str, title: str, *, priorities=(), **fields) -> Indicator:
    indicator = Indicator.objects.create(code=code, title=title, **fields)
    for position, priority in enumerate(priorities):
        IndicatorPriority.objects.create(indicator=indicator, priority=priority, position=position)
    return indicator


def make_actual(indicator: Indicator, period: Period, value: str, state: str, **fields) -> Actual:
    return Actual.objects.create(
        indicator=indicator, period=period, value=Decimal(value), state=state, **fields
    )


@pytest.fixture(name="thread")
def thread_fixture(council: Council) -> Thread:
    """Import ``thread_fixture`` into a test module to use the ``thread`` fixture."""
    c = council
    portfolio = Portfolio.objects.create(code="HA", name="Health and Adults")
    portfolio.departments.add(c.health_dept)
    c.health.portfolio = portfolio
    c.health.save()
    area = AreaOfFocus.objects.get(number=1)

    corporate = Plan.objects.create(
        code="CP",
        title="Corporate Plan",
        kind=PlanKind.CORPORATE_PLAN,
        organisation=c.council,
        first_year=2008,
        last_year=2010,
        state=PlanState.PUBLISHED,
    )
    eh_plan = Plan.objects.create(
        code="SP-EH",
        title="Environmental Health Service Plan",
        kind=PlanKind.SERVICE_PLAN,
        parent=corporate,
        organisation=c.council,
        department=c.health_dept,
        owner=c.dev,
        first_year=2008,
        last_year=2010,
        state=PlanState.APPROVED,
    )
    rb_plan = Plan.objects.create(
        code="SP-RB",
        title="Revenues & Benefits Service Plan",
        kind=PlanKind.SERVICE_PLAN,
        parent=corporate,
        organisation=c.council,
        department=c.revenues_dept,
        first_year=2008,
        last_year=2010,
    )
    divisional = Plan.objects.create(
        code="DIV-EH",
        title="Health Protection Divisional Plan",
        kind=PlanKind.DIVISIONAL_PLAN,
        parent=eh_plan,
        organisation=c.council,
        department=c.health_dept,
        first_year=2008,
        last_year=2008,
    )
    personal = Plan.objects.create(
        code="EDR-DEV",
        title="Dev Patel's EDR",
        kind=PlanKind.PERSONAL_PLAN,
        parent=divisional,
        organisation=c.council,
        department=c.health_dept,
        owner=c.dev,
        first_year=2008,
        last_year=2008,
    )

    smoking = Objective.objects.create(
        plan=eh_plan, code="EH 1", title="Reduce smoking in the borough", owner=c.dev
    )
    food = Objective.objects.create(plan=eh_plan, code="EH 2", title="Safer food businesses")
    benefits = Objective.objects.create(
        plan=rb_plan, code="RB 1", title="Pay benefits claims faster"
    )
    orphan = Objective.objects.create(plan=eh_plan, code="EH 3", title="Tidy the pest register")
    link(smoking, c.health, primary=True, area=area)
    link(food, c.health, primary=True)
    link(food, c.efficiency, primary=False)
    link(benefits, c.efficiency, primary=True)

    quit_clinics = Milestone.objects.create(
        objective=smoking, code="EH 1.1", title="Open three quit clinics", due=Q2
    )
    MilestoneUpdate.objects.create(
        milestone=quit_clinics,
        period=Q1,
        progress=MilestoneProgress.AT_RISK,
        commentary="One site delayed",
        state=WorkflowState.SUBMITTED,
    )
    Milestone.objects.create(objective=smoking, code="EH 1.2", title="Schools campaign", due=Q3)
    Task.objects.create(plan=divisional, title="Book clinic venues", objective=smoking, due=Q1)
    Task.objects.create(plan=personal, title="Train two advisers", objective=smoking, owner=c.dev)

    ni = make_indicator(
        "NI 123",
        "Stopping smoking",
        priorities=[c.health],
        indicator_set=IndicatorSet.NI,
        unit="rate per 100,000",
        decimals=1,
        department=c.health_dept,
        description="Four-week quitters per 100,000 adults",
        data_source="NHS stop smoking services",
        provenance="Handbook of Definitions 2008",
        responsible_officer=c.dev,
        collator=c.priya,
    )
    ni.objectives.add(smoking)
    agreement = LocalAreaAgreement.objects.create(
        name="Demo LAA 2008–11", first_year=2008, last_year=2010, lead_organisation=c.council
    )
    LAAIndicator.objects.create(
        agreement=agreement,
        indicator=ni,
        designation=LAADesignation.DESIGNATED,
        lead_partner=c.partner,
    )
    local = make_indicator(
        "EH LI 1",
        "Food premises inspected on time",
        priorities=[c.health, c.efficiency],
        unit="%",
        decimals=0,
        department=c.health_dept,
        is_key=True,
    )
    local.objectives.add(food)
    bvpi = make_indicator(
        "BV 9",
        "Council tax collected",
        priorities=[c.efficiency],
        indicator_set=IndicatorSet.BVPI,
        unit="%",
        decimals=2,
        department=c.revenues_dept,
    )
    unlinked = make_indicator(
        "RB LI 2",
        "Cost per benefits claim",
        unit="£",
        decimals=2,
        department=c.revenues_dept,
        frequency="annual",
    )

    for indicator, value in ((ni, "800"), (local, "95"), (bvpi, "97.5")):
        Target.objects.create(indicator=indicator, period=Q1, value=Decimal(value))
        Target.objects.create(indicator=indicator, period=Q2, value=Decimal(value))
    make_actual(ni, Q1, "812.25", WorkflowState.PUBLISHED, commentary="Ahead of plan")
    make_actual(ni, Q2, "790.4", WorkflowState.SUBMITTED)
    make_actual(local, Q2, "93", WorkflowState.VALIDATED)
    make_actual(bvpi, Q2, "1234.5", WorkflowState.DRAFT)

    mt = Board.objects.create(code="MT", name="Management Team", kind=BoardKind.MANAGEMENT_TEAM)
    exec_board = Board.objects.create(
        code="EXEC", name="Executive Board", kind=BoardKind.EXECUTIVE_BOARD
    )
    regulator_org = Organisation.objects.create(
        code="AC", name="Audit Commission", kind=OrganisationKind.REGULATOR
    )
    return Thread(
        council=c,
        corporate_plan=corporate,
        eh_plan=eh_plan,
        rb_plan=rb_plan,
        divisional_plan=divisional,
        personal_plan=personal,
        smoking=smoking,
        food=food,
        benefits=benefits,
        orphan=orphan,
        ni=ni,
        local=local,
        bvpi=bvpi,
        unlinked=unlinked,
        portfolio=portfolio,
        regulator_org=regulator_org,
        sam=make_user(
            "sam", "Sam", "Okafor", c.council, strategic_director={"directorate": c.directorate}
        ),
        morgan=make_user("morgan", "Morgan", "Reid", c.council, management_team={"board": mt}),
        ash=make_user("ash", "Ash", "Khan", c.council, portfolio_holder={"portfolio": portfolio}),
        eve=make_user("eve", "Eve", "Lloyd", c.council, executive_member={"board": exec_board}),
        rita=make_user(
            "rita", "Rita", "Gomez", regulator_org, regulator={"organisation": regulator_org}
        ),
    )


def grow(thread: Thread, n: int) -> None:
    """Add ``n`` of everything a page lists: departments with service plans, objectives,
    milestones, indicators linked to every priority, targets and actuals in every state; and
    more objectives, milestones, tasks and indicators in Environmental Health and under EH 1."""
    c = thread.council
    area = AreaOfFocus.objects.get(number=1)
    states = list(WorkflowState)
    for i in range(n):
        department = Department.objects.create(
            directorate=c.directorate, code=f"D{i}", name=f"Department {i}"
        )
        thread.portfolio.departments.add(department)
        plan = Plan.objects.create(
            code=f"SP-D{i}",
            title=f"Department {i} Service Plan",
            kind=PlanKind.SERVICE_PLAN,
            parent=thread.corporate_plan,
            organisation=c.council,
            department=department,
            first_year=2008,
            last_year=2010,
        )
        child = Plan.objects.create(
            code=f"DIV-D{i}",
            title=f"Division {i}",
            kind=PlanKind.DIVISIONAL_PLAN,
            parent=plan,
            organisation=c.council,
            department=department,
            first_year=2008,
            last_year=2008,
        )
        for j, priority in enumerate((c.health, c.efficiency)):
            objective = Objective.objects.create(
                plan=plan, code=f"D{i} {j}", title=f"Objective {i}.{j}"
            )
            link(objective, priority, primary=True, area=area if priority == c.health else None)
            if j:
                link(objective, c.health, primary=False)
            Objective.objects.create(plan=plan, code=f"D{i} X{j}", title="Unlinked objective")
            milestone = Milestone.objects.create(
                objective=objective, code=f"D{i} {j}.1", title="A milestone", due=Q2
            )
            MilestoneUpdate.objects.create(
                milestone=milestone,
                period=Q2,
                progress=MilestoneProgress.ON_TRACK,
                state=WorkflowState.SUBMITTED,
            )
            Task.objects.create(plan=child, title="A task", objective=objective)
            for k, indicator_set in enumerate(IndicatorSet.values):
                indicator = make_indicator(
                    f"G{i}-{j}-{k}",
                    f"Grown indicator {i} {j} {k}",
                    priorities=[priority] if k < 3 else [],
                    indicator_set=indicator_set,
                    department=department,
                    unit="%",
                    is_key=k == 0,
                )
                indicator.objectives.add(objective)
                if k == 0:
                    LAAIndicator.objects.create(
                        agreement=LocalAreaAgreement.objects.first(),
                        indicator=indicator,
                        designation=LAADesignation.DESIGNATED,
                        lead_partner=c.partner,
                    )
                Target.objects.create(indicator=indicator, period=Q2, value=Decimal(50))
                make_actual(indicator, Q1, "40", WorkflowState.PUBLISHED)
                make_actual(indicator, Q2, "45", states[(i + j + k) % len(states)])
        _grow_inside(thread, i)
    Actual.objects.filter(state=WorkflowState.PUBLISHED).update(updated_at=timezone.now())


def _grow_inside(thread: Thread, i: int) -> None:
    """More of everything on the existing pages: Environmental Health's service plan, its
    objective EH 1, and the Healthy Borough's PPB."""
    c = thread.council
    objective = Objective.objects.create(
        plan=thread.eh_plan, code=f"EH G{i}", title=f"Grown objective {i}"
    )
    link(objective, c.health, primary=True)
    for target in (objective, thread.smoking):
        milestone = Milestone.objects.create(
            objective=target, code=f"{target.code}.G{i}", title="Grown milestone", due=Q3
        )
        MilestoneUpdate.objects.create(
            milestone=milestone,
            period=Q2,
            progress=MilestoneProgress.WILL_MISS,
            state=WorkflowState.SUBMITTED,
        )
        Task.objects.create(plan=thread.divisional_plan, title="Grown task", objective=target)
        indicator = make_indicator(
            f"EH G{i} {target.pk}",
            "Grown EH indicator",
            priorities=[c.health],
            department=c.health_dept,
            indicator_set=IndicatorSet.NI,
        )
        indicator.objectives.add(target)
        Target.objects.create(indicator=indicator, period=Q2, value=Decimal(10))
        make_actual(indicator, Q1, "9", WorkflowState.PUBLISHED)
        make_actual(indicator, Q2, "11", WorkflowState.SUBMITTED)


def queries_for(client, url: str) -> int:
    """How many database queries one GET of ``url`` makes; the page must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def signed_in(client, user: User):
    client.force_login(user)
    return client
