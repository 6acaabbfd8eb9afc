"""A quarter of collection in Environmental Health (Dev's department) and Revenues & Benefits
(Olu's), for the monitoring tests."""

from dataclasses import dataclass
from decimal import Decimal as D

import pytest

from goldenthread.indicators.models import Actual, Aggregation, Indicator, Target
from goldenthread.planning.models import Milestone, Objective, Plan, PlanKind
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState

Q1 = Period.parse("2009/10 Q1")
Q2 = Period.parse("2009/10 Q2")


@dataclass
class Collection:
    smoking: Indicator  # EH, % of quitters, quarterly, target 50, Q1 published at 48
    inspections: Indicator  # EH, cumulative count, Q1 published at 120
    benefits: Indicator  # RB, days to process a claim, lower is better
    milestone: Milestone  # EH, due in Q4
    rb_milestone: Milestone


@pytest.fixture(name="collection")
def collection_fixture(council) -> Collection:
    smoking = Indicator.objects.create(
        code="NI 123",
        title="Stopping smoking",
        unit="%",
        decimals=1,
        department=council.health_dept,
    )
    inspections = Indicator.objects.create(
        code="EH LI 1",
        title="Food premises inspected",
        unit="number",
        aggregation=Aggregation.CUMULATIVE,
        department=council.health_dept,
    )
    benefits = Indicator.objects.create(
        code="NI 181",
        title="Time taken to process benefit claims",
        unit="days",
        polarity="lower",
        department=council.revenues_dept,
    )
    for indicator, target in ((smoking, 50), (inspections, 500), (benefits, 20)):
        Target.objects.create(indicator=indicator, period=Q2.financial_year, value=D(target))
    Actual.objects.create(indicator=smoking, period=Q1, value=D(48), state=WorkflowState.PUBLISHED)
    Actual.objects.create(
        indicator=inspections, period=Q1, value=D(120), state=WorkflowState.PUBLISHED
    )
    plans = {}
    for code, department in (("SP-EH", council.health_dept), ("SP-RB", council.revenues_dept)):
        plans[code] = Plan.objects.create(
            code=code,
            title=f"{department} Service Plan",
            kind=PlanKind.SERVICE_PLAN,
            organisation=council.council,
            department=department,
            first_year=2009,
            last_year=2011,
        )
    eh_objective = Objective.objects.create(plan=plans["SP-EH"], code="EH 1", title="Less smoking")
    rb_objective = Objective.objects.create(plan=plans["SP-RB"], code="RB 1", title="Fast claims")
    return Collection(
        smoking=smoking,
        inspections=inspections,
        benefits=benefits,
        milestone=Milestone.objects.create(
            objective=eh_objective, code="EH 1.1", title="Open two clinics", due="2009/10 Q4"
        ),
        rb_milestone=Milestone.objects.create(
            objective=rb_objective, code="RB 1.1", title="New claims system", due="2009/10 Q3"
        ),
    )
