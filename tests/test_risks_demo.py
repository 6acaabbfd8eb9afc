"""The demo council's risk registers (issue 13): about 40 risks on department, directorate and
corporate registers, each linked to the objectives it threatens, some escalated with history,
some closed, some rising, a few actions overdue, all loaded through `import-risks` and dated
in 2009 so the demo is the same every time it is built."""

import datetime

import pytest

from goldenthread.demo.risks import build_risks
from goldenthread.demo.world import World
from goldenthread.organisation.models import Department, Role, RoleAssignment, User
from goldenthread.risks.choices import RiskLevel, RiskStatus
from goldenthread.risks.models import Risk, RiskAction, RiskEscalation, RiskScoreChange

OCTOBER_2009 = datetime.date(2009, 10, 1)  # the demo's "today": the Q2 round is open


@pytest.fixture
def risks(demo):
    """The demo with its registers (built here until the demo builder loads them itself)."""
    if not Risk.objects.exists():
        world = World()
        world.users = {user.username: user for user in User.objects.all()}
        for assignment in RoleAssignment.objects.filter(role=Role.MANAGER).select_related(
            "user", "department"
        ):
            slot = world.heads if assignment.user.job_title.startswith("Head") else world.collators
            slot[assignment.department.code] = assignment.user
        world.heads["ERS"] = world.users["operational.director"]
        world.collators["ERS"] = world.users["department.manager"]
        build_risks(world)
    return demo


def test_the_demo_has_about_40_risks_on_every_kind_of_register(risks):
    assert 40 <= Risk.objects.count() <= 50
    levels = dict.fromkeys(RiskLevel, 0)
    for level in Risk.objects.values_list("level", flat=True):
        levels[RiskLevel(level)] += 1
    assert levels[RiskLevel.CORPORATE] >= 5
    assert (
        Risk.objects.filter(level=RiskLevel.DIRECTORATE).values("directorate").distinct().count()
        == 4
    )
    departments = Risk.objects.filter(level=RiskLevel.DEPARTMENT).values("department").distinct()
    assert departments.count() >= Department.objects.count() * 2 // 3


def test_every_risk_threatens_one_to_four_of_the_demos_objectives(risks):
    for risk in Risk.objects.prefetch_related("objectives"):
        assert 1 <= len(risk.objectives.all()) <= 4, risk.code


def test_some_risks_were_escalated_with_history_and_some_closed(risks):
    flu = Risk.objects.get(code="CS R2")
    assert (flu.status, flu.escalated_to.code) == (RiskStatus.ESCALATED, "CORP R6")
    escalation = RiskEscalation.objects.get(risk=flu)
    assert escalation.escalated_at.date() == datetime.date(2009, 7, 24)
    assert escalation.escalated_by == flu.owner
    assert RiskEscalation.objects.count() >= 4
    assert Risk.objects.filter(status=RiskStatus.CLOSED).count() >= 2


def test_rising_risks_have_two_dated_assessments_by_their_owner(risks):
    benefits = Risk.objects.get(code="RB R1")
    march, july = RiskScoreChange.objects.of(benefits)
    assert (march.residual, july.residual_before, july.residual) == (9, 9, 16)
    assert (march.changed_at.date(), july.changed_at.date()) == (
        datetime.date(2009, 3, 27),
        datetime.date(2009, 7, 24),
    )
    assert july.changed_by == benefits.owner


def test_most_actions_are_done_and_a_few_were_overdue_in_october_2009(risks):
    actions = RiskAction.objects.all()
    overdue = RiskAction.objects.overdue(OCTOBER_2009)
    assert actions.filter(done_on__isnull=False).count() > actions.count() // 2
    assert 3 <= overdue.count() <= 8


def test_nothing_in_the_registers_is_dated_after_2009(risks):
    last = datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)
    assert not Risk.objects.filter(updated_at__gte=last).exists()
    assert not RiskScoreChange.objects.filter(changed_at__gte=last).exists()
    assert not RiskAction.objects.filter(updated_at__gte=last).exists()
