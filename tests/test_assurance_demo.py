"""The demo council's plan quality assurance: QA reviews of its service plans in every state, a
rolling programme with plans reviewed and not yet, and a timetable whose stages are done or
overdue on the day it is read (nothing in the demo depends on the day it was built).

Personas are the demo's logins: performance.officer, ppb.member, department.manager,
operational.director, regulator.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.template import Context, Template

from goldenthread.assurance.models import PlanReview, ProgrammeReview, TimetableStage
from goldenthread.organisation.models import User
from goldenthread.planning.models import Plan


@pytest.fixture
def demo_assurance(demo) -> None:
    """The demo, whose builder writes its assurance records after its plans."""


def login(client, username: str):
    client.force_login(User.objects.get(username=username))
    return client


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def test_every_service_plan_has_a_review_and_every_state_is_shown(client, demo_assurance):
    assert PlanReview.objects.count() == Plan.objects.service_plans().count()
    assert set(PlanReview.objects.values_list("state", flat=True)) == {"draft", "in_qa", "agreed"}
    page = text(login(client, "performance.officer").get("/assurance/reviews/?year=2009-10"))
    assert "Agreed" in page and "In QA" in page and "Draft" in page


def test_the_demo_programme_has_plans_reviewed_not_yet_reviewed_and_never_reviewed(
    client, demo_assurance
):
    assert ProgrammeReview.objects.for_year(2009).counts() == {
        "due": 5,
        "reviewed": 3,
        "not_reviewed": 2,
    }
    page = text(login(client, "performance.officer").get("/assurance/programme/?year=2009-10"))
    assert "Never" in page


def test_the_demo_timetable_has_done_and_overdue_stages_and_member_input(client, demo_assurance):
    stages = TimetableStage.objects.for_year(2010)
    assert stages.filter(done_on__isnull=False).count() == 2
    page = text(login(client, "regulator").get("/assurance/timetable/"))
    assert "Planning timetable 2010/11" in page
    assert "Member input: PPBs comment on the draft plans" in page
    assert "Done 8 October 2009" in page and "Overdue: due 13 November 2009" in page


@pytest.mark.parametrize(
    ("username", "due"),
    [
        ("ppb.member", "Member input: PPBs comment on the draft plans"),
        ("department.manager", "Divisional and team plans agreed"),
        ("operational.director", "Risk assessments prepared with the draft plans"),
        ("partner.officer", "LAA partners confirm their targets"),
    ],
)
def test_each_demo_login_sees_what_is_due_from_them(demo_assurance, username, due):
    user = User.objects.get(username=username)
    shown = unescape(
        Template("{% load assurance %}{% planning_timetable_due user %}").render(
            Context({"user": user})
        )
    )
    assert due in shown and "Overdue" in shown


def test_an_operational_director_reads_only_their_own_plans_review(client, demo_assurance):
    director = login(client, "operational.director")
    page = text(director.get("/assurance/reviews/?year=2009-10"))
    assert page.count("Service Plan ") == 1
