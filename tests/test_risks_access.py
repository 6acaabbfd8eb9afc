"""Who reads and writes which risk register (goldenthread/access.py, "risks").

Personas (on top of tests/conftest.py and tests/pages_fixtures.py):
- Priya, performance officer: reads and writes every register.
- Dev, manager in Environmental Health, and Oona, its operational director: read and write EH's
  register; read their directorate's (Health & Community) and the corporate register.
- Olu, manager in Revenues & Benefits (same directorate): not EH's register.
- Sam, strategic director of Health & Community: reads its departments' registers, writes the
  directorate's.
- Zara, strategic director of Economy & Regeneration: reads the corporate register, not Health &
  Community's.
- Morgan (Management Team), Cllr Chen (PPB member), Ash (portfolio holder), Eve (Executive
  Board): read every register, write none.
- Pat (partner officer), Rita (regulator), Nadia (signed in, no role) and the public: none.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from goldenthread import access
from goldenthread.organisation.models import Department, Directorate, User
from goldenthread.risks import services
from goldenthread.risks.choices import RiskLevel
from goldenthread.risks.models import Register, Risk, RiskAction
from tests.conftest import make_user
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

SCORES = {
    "inherent_likelihood": 4,
    "inherent_impact": 4,
    "residual_likelihood": 3,
    "residual_impact": 3,
}
PUBLIC = AnonymousUser()


@pytest.fixture
def people(thread: Thread) -> dict[str, object]:
    c = thread.council
    other = Directorate.objects.create(
        organisation=c.council, code="ER", name="Economy & Regeneration"
    )
    Department.objects.create(directorate=other, code="ERS", name="Employment & Skills")
    return {
        "priya": c.priya,
        "dev": c.dev,
        "oona": make_user(
            "oona", "Oona", "Byrne", c.council, operational_director={"department": c.health_dept}
        ),
        "olu": c.olu,
        "sam": thread.sam,
        "zara": make_user(
            "zara", "Zara", "Ali", c.council, strategic_director={"directorate": other}
        ),
        "morgan": thread.morgan,
        "chen": c.chen,
        "ash": thread.ash,
        "eve": thread.eve,
        "pat": c.pat,
        "rita": thread.rita,
        "nadia": make_user("nadia", "Nadia", "Roe", c.council),
        "public": PUBLIC,
    }


@pytest.fixture
def risks(thread: Thread) -> dict[str, Risk]:
    c = thread.council

    def record(register: Register, title: str, owner: User) -> Risk:
        return services.risk_create(
            acting_user=c.priya,
            register=register,
            title=title,
            owner=owner,
            scores=SCORES,
            objectives=[thread.smoking],
        )

    return {
        "department": record(
            Register(RiskLevel.DEPARTMENT, department=c.health_dept), "Grant withdrawn", c.dev
        ),
        "directorate": record(
            Register(RiskLevel.DIRECTORATE, directorate=c.directorate), "Care market", thread.sam
        ),
        "corporate": record(Register.corporate(), "Budget gap", thread.morgan),
    }


def readers(people: dict[str, object], risk: Risk) -> set[str]:
    return {name for name, user in people.items() if access.visible_risks(user).filter(pk=risk.pk)}


EVERY_REGISTER = {"priya", "morgan", "chen", "ash", "eve"}


def test_a_departments_register_is_read_by_its_officers_its_directorate_and_members(people, risks):
    assert readers(people, risks["department"]) == EVERY_REGISTER | {"dev", "oona", "sam"}


def test_a_directorates_register_is_read_by_its_director_and_its_departments_officers(
    people, risks
):
    assert readers(people, risks["directorate"]) == EVERY_REGISTER | {"dev", "oona", "olu", "sam"}


def test_the_corporate_register_is_read_by_every_council_officer_and_member(people, risks):
    assert readers(people, risks["corporate"]) == EVERY_REGISTER | {
        "dev",
        "oona",
        "olu",
        "sam",
        "zara",
    }


def test_partners_regulators_people_with_no_role_and_the_public_read_no_register(people, risks):
    for name in ("pat", "rita", "nadia", "public"):
        assert not access.visible_risks(people[name]).exists(), name


def test_a_risks_owner_and_its_actions_owners_read_it_wherever_it_is(thread: Thread, people):
    c = thread.council
    risk = services.risk_create(
        acting_user=c.priya,
        register=Register(RiskLevel.DEPARTMENT, department=c.health_dept),
        title="Shared service fails",
        owner=c.olu,
        scores=SCORES,
    )
    services.action_create(
        acting_user=c.priya, risk=risk, title="Ask the PCT", owner=c.pat, due=datetime.date.max
    )
    assert access.access_risk(c.olu, risk.code) == risk
    assert access.access_risk(c.pat, risk.code) == risk
    assert not access.visible_risks(c.pat).exclude(pk=risk.pk).exists()


def test_a_risk_not_yours_looks_the_same_as_one_that_does_not_exist(people, risks):
    code = risks["department"].code
    with pytest.raises(Http404) as not_yours:
        access.access_risk(people["olu"], code)
    with pytest.raises(Http404) as missing:
        access.access_risk(people["olu"], "NO R1")
    assert str(not_yours.value) == str(missing.value)


def managers(people: dict[str, object], risk: Risk) -> set[str]:
    return {name for name, user in people.items() if access.managed_risks(user).filter(pk=risk.pk)}


def test_each_register_is_written_by_its_own_people_and_the_performance_team(people, risks):
    assert managers(people, risks["department"]) == {"priya", "dev", "oona"}
    assert managers(people, risks["directorate"]) == {"priya", "sam"}
    assert managers(people, risks["corporate"]) == {"priya"}


def test_a_risks_owner_changes_it_but_does_not_escalate_or_close_it(thread: Thread, people):
    c = thread.council
    risk = services.risk_create(
        acting_user=c.priya,
        register=Register(RiskLevel.DEPARTMENT, department=c.health_dept),
        title="Shared service fails",
        owner=c.olu,
        scores=SCORES,
    )
    assert access.access_risk_to_edit(c.olu, risk.code) == risk
    with pytest.raises(Http404):
        access.access_risk_to_manage(c.olu, risk.code)
    with pytest.raises(Http404):
        access.access_risk_to_edit(c.chen, risk.code)


def test_an_actions_owner_records_its_progress_and_no_one_outside_does(thread: Thread, risks):
    c = thread.council
    action = services.action_create(
        acting_user=c.dev,
        risk=risks["department"],
        title="Bid for funds",
        owner=c.olu,
        due=datetime.date.max,
    )
    for user in (c.olu, c.dev, c.priya):
        assert access.access_risk_action_to_update(user, action.pk) == action
    for user in (thread.sam, c.chen, thread.morgan, c.pat, PUBLIC):
        with pytest.raises(Http404):
            access.access_risk_action_to_update(user, action.pk)
    assert RiskAction.objects.count() == 1


def test_a_register_is_opened_whole_only_by_those_who_read_it(thread: Thread, people):
    c = thread.council
    assert access.access_register(people["dev"], "department", "EH").department == c.health_dept
    assert access.access_register(people["olu"], "directorate", "HCC").directorate == c.directorate
    assert access.access_register(people["zara"], "corporate").level == RiskLevel.CORPORATE
    assert access.access_register(people["chen"], "department", "RB").department == c.revenues_dept
    for name, level, code in [
        ("dev", "department", "RB"),
        ("zara", "directorate", "HCC"),
        ("pat", "corporate", ""),
        ("public", "corporate", ""),
        ("dev", "department", "NOPE"),
        ("dev", "regional", "EH"),
    ]:
        with pytest.raises(Http404):
            access.access_register(people[name], level, code)


def test_a_risk_is_recorded_only_on_a_register_the_person_writes(thread: Thread, people):
    assert access.access_register_to_write(people["dev"], "department", "EH")
    assert access.access_register_to_write(people["sam"], "directorate", "HCC")
    assert access.access_register_to_write(people["priya"], "corporate")
    for name, level, code in [
        ("dev", "department", "RB"),
        ("dev", "directorate", "HCC"),
        ("sam", "department", "EH"),
        ("sam", "corporate", ""),
        ("morgan", "corporate", ""),
        ("chen", "department", "EH"),
    ]:
        with pytest.raises(Http404):
            access.access_register_to_write(people[name], level, code)


def test_only_the_performance_team_changes_the_councils_risk_scale(people):
    assert access.access_risk_scale(people["priya"]) == people["priya"]
    for name in ("morgan", "sam", "dev", "public"):
        with pytest.raises(Http404):
            access.access_risk_scale(people[name])


def test_reading_a_register_takes_a_fixed_number_of_queries(thread, people, risks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        list(access.visible_risks(people["dev"]))
    assert len(queries) == 2  # the person's roles, then their risks
