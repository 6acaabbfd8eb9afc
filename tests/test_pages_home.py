"""Each person's home page is made for their role(s) (DESIGN.md, "Audiences")."""

import pytest
from django.urls import reverse

from goldenthread.organisation.models import Role, RoleAssignment
from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401

PERSONAS = ["priya", "dev", "olu", "chen", "pat", "sam", "morgan", "ash", "eve", "rita"]


def person(thread: Thread, name: str):
    return getattr(thread, name, None) or getattr(thread.council, name)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_performance_officer_sees_collection_progress_for_the_latest_quarter(
    client, thread: Thread
):
    html = home(client, thread.council.priya)

    assert "Collection progress, 2008/09 Q2" in html
    assert "Figures for 2008/09 Q2 by state" in html
    assert "3 of 3 expected figures entered" in html
    assert "Awaiting validation" in html
    assert "790.4 rate per 100,000" in html  # NI 123's submitted Q2 figure
    assert "showing 1 of 1" in html


def test_the_performance_officer_sees_thread_integrity_counts(client, thread: Thread):
    html = home(client, thread.council.priya)

    integrity = html.split("Thread integrity")[1]
    assert "Objectives linked to no priority</a></th>" in integrity
    assert f'href="{reverse("coverage")}#unlinked"' in integrity
    assert f'href="{reverse("indicators")}?priority=none"' in integrity
    assert "Milestone progress updates waiting for validation: <strong>1" in html


def test_a_manager_sees_their_department_s_plan_indicators_and_milestones_due(
    client, thread: Thread
):
    html = home(client, thread.council.dev)

    assert '<h2 class="govuk-heading-l" id="section-1">Environmental Health</h2>' in html
    assert reverse("plan", args=["SP-EH"]) in html
    assert "EH LI 1" in html and "NI 123" in html
    assert "BV 9" not in html  # another department's indicator
    assert "EH 1.1 Open three quit clinics" in html
    assert "At risk" in html
    assert "Collection progress" not in html


def test_another_department_s_manager_sees_their_own_department_instead(client, thread: Thread):
    html = home(client, thread.council.olu)

    assert "Revenues &amp; Benefits" in html
    assert "1,234.50%" in html  # BV 9's draft Q2 figure, two decimals
    assert "Draft" in html
    assert "NI 123" not in html


def test_a_ppb_member_sees_her_board_s_priority_with_published_results_only(client, thread: Thread):
    html = home(client, thread.council.chen)

    assert "Healthy Borough PPB" in html
    assert "The board's priority:" in html
    assert reverse("priority", args=["HEALTH"]) in html
    assert "Key objective A: Improve health" in html
    assert "Area of focus 1</a>: Reducing smoking" in html
    assert "812.3 rate per 100,000" in html  # Q1, published
    assert "790.4" not in html  # Q2 is only submitted
    assert "Collection progress" not in html


def test_a_partner_officer_sees_the_laa_indicators_their_organisation_leads(client, thread: Thread):
    html = home(client, thread.council.pat)

    assert "LAA indicators led by Primary Care Trust" in html
    assert "NI 123" in html
    assert "EH LI 1" not in html


def test_a_strategic_director_sees_every_department_of_the_directorate(client, thread: Thread):
    html = home(client, thread.sam)

    assert "Health &amp; Community directorate" in html
    assert reverse("department", args=["EH"]) in html
    assert reverse("department", args=["RB"]) in html


def test_a_management_team_member_sees_every_service_plan_with_totals(client, thread: Thread):
    html = home(client, thread.morgan)

    assert "The organisation: every service plan" in html
    assert "Total (2 departments)" in html
    assert reverse("plan", args=["SP-RB"]) in html


def test_a_portfolio_holder_sees_the_portfolio_s_departments_and_priorities(client, thread: Thread):
    html = home(client, thread.ash)

    assert "Health and Adults portfolio" in html
    assert "Departments in the portfolio" in html
    assert reverse("department", args=["EH"]) in html
    assert reverse("department", args=["RB"]) not in html
    assert "Priorities in the portfolio" in html
    assert reverse("priority", args=["HEALTH"]) in html


def test_an_executive_board_member_sees_a_summary_by_priority(client, thread: Thread):
    html = home(client, thread.eve)

    assert "Performance by priority" in html
    assert reverse("priority", args=["HEALTH"]) in html
    assert reverse("priority", args=["CORP"]) in html


def test_a_regulator_sees_the_national_indicators_with_published_values(client, thread: Thread):
    html = home(client, thread.rita)

    assert "The National Indicator dataset" in html
    assert "NI 123" in html and "812.3" in html
    assert "BV 9" not in html


def test_what_is_new_shows_only_published_results_relevant_to_the_person(client, thread: Thread):
    chen = home(client, thread.council.chen).split('id="whats-new"')[1]
    olu = home(client, thread.council.olu).split('id="whats-new"')[1]

    assert "Results published most recently" in chen
    assert "NI 123" in chen
    assert "Nothing relevant to you has been published yet" in olu


def test_someone_with_two_roles_sees_both_views(client, thread: Thread):
    dev = thread.council.dev
    RoleAssignment.objects.create(user=dev, role=Role.PPB_MEMBER, board=thread.council.ppb)

    html = home(client, dev)

    assert "Environmental Health</h2>" in html
    assert "Healthy Borough PPB</h2>" in html
    assert "On this page" in html


def test_two_roles_over_the_same_department_give_one_section(client, thread: Thread):
    dev = thread.council.dev
    RoleAssignment.objects.create(
        user=dev, role=Role.OPERATIONAL_DIRECTOR, department=thread.council.health_dept
    )

    html = home(client, dev)

    assert html.count("Environmental Health</h2>") == 1


def test_someone_with_no_role_is_told_to_ask_for_one(client, thread: Thread, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")

    html = home(client, nobody)

    assert "You have no role in Golden Thread yet" in html


@pytest.mark.parametrize("name", PERSONAS)
def test_each_home_page_makes_the_same_number_of_queries_with_more_data(
    client, thread: Thread, name: str
):
    client.force_login(person(thread, name))
    few = queries_for(client, reverse("home"))

    grow(thread, 4)
    many = queries_for(client, reverse("home"))

    assert many == few
