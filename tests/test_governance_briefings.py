"""Portfolio-holder briefings: a strategic director records a briefing of a portfolio holder
(date, items covered, outcomes, actions); the holder and those who oversee the portfolio read it.

Personas (on top of tests/conftest.py and tests/pages_fixtures.py):
- Sam, strategic director of Health & Community, whose Environmental Health department is in
  the Health and Adults portfolio.
- Vic, strategic director of another directorate, with no department in the portfolio.
- Ash, the Health and Adults portfolio holder; Kim, holder of another portfolio.
- Eve (Executive Board), Morgan (Management Team), Priya (performance team).
- Cllr Chen (PPB member), Dev (manager), Pat (partner): not for them.
"""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEntry
from goldenthread.governance import services
from goldenthread.governance.models import Briefing, BriefingAction
from goldenthread.organisation.models import Department, Directorate, Portfolio
from goldenthread.planning.models import Milestone
from tests.conftest import make_user
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

NEW = "/portfolios/HA/briefings/new/"


@pytest.fixture
def people(thread: Thread) -> dict:
    c = thread.council
    env = Directorate.objects.create(organisation=c.council, code="ENV", name="Environment")
    parks = Department.objects.create(directorate=env, code="PK", name="Parks")
    leisure = Portfolio.objects.create(code="LS", name="Leisure")
    leisure.departments.add(parks)
    return {
        **vars(c),
        **vars(thread),
        "vic": make_user("vic", "Vic", "Oduya", c.council, strategic_director={"directorate": env}),
        "kim": make_user("kim", "Kim", "Lee", c.council, portfolio_holder={"portfolio": leisure}),
    }


def page(response) -> str:
    return unescape(response.content.decode())


def good_form(thread: Thread, **changes) -> dict:
    data = {
        "holder": str(thread.ash.pk),
        "held_on": "2009-05-12",
        "indicators": ["NI 123"],
        "milestones": ["EH 1.1"],
        "other_items": "The budget",
        "outcomes": "Assured on smoking; asked for a food safety update.",
        "action-1-action": "Food safety update to the portfolio holder",
        "action-1-owner": "Head of Environmental Health",
        "action-1-due": "2009-06-30",
        "action-2-action": "Brief the PPB chair",
        "action-2-owner": "Sam Okafor",
        "action-2-due": "2009-06-15",
    }
    data.update(changes)
    return data


def record(thread: Thread) -> Briefing:
    return services.briefing_record(
        acting_user=thread.sam,
        portfolio=thread.portfolio,
        holder=thread.ash,
        held_on=datetime.date(2009, 5, 12),
        indicators=[thread.ni],
        outcomes="Assured.",
        actions=[services.ActionDraft("Report back", "Sam", datetime.date(2009, 6, 30))],
    )


# -- recording -----------------------------------------------------------------------------


def test_a_strategic_director_records_a_briefing(client, thread):
    client.force_login(thread.sam)
    form = client.get(NEW)
    assert form.status_code == 200
    assert "NI 123 Stopping smoking" in page(form)  # the portfolio's department's indicator
    assert "EH 1.1 Open three quit clinics" in page(form)

    response = client.post(NEW, good_form(thread))

    briefing = Briefing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/briefings/{briefing.pk}/"
    assert (briefing.portfolio, briefing.holder, briefing.recorded_by) == (
        thread.portfolio,
        thread.ash,
        thread.sam,
    )
    assert briefing.held_on == datetime.date(2009, 5, 12)
    assert list(briefing.indicators.all()) == [thread.ni]
    assert list(briefing.milestones.all()) == [Milestone.objects.get(code="EH 1.1")]
    assert [(a.position, a.owner, a.due) for a in briefing.actions.all()] == [
        (1, "Head of Environmental Health", datetime.date(2009, 6, 30)),
        (2, "Sam Okafor", datetime.date(2009, 6, 15)),
    ]
    shown = page(client.get(response["Location"]))
    assert "Food safety update to the portfolio holder" in shown
    assert "Assured on smoking" in shown


def test_recording_writes_an_audit_entry(thread):
    briefing = record(thread)
    entry = AuditEntry.objects.get(action="briefing_record")
    assert (entry.actor, entry.object_id) == (thread.sam, str(briefing.pk))
    assert entry.data["portfolio"] == "HA"
    assert entry.data["holder"] == "ash"
    assert entry.data["indicators"] == ["NI 123"]


def test_the_items_offered_are_the_portfolios_only(client, thread):
    client.force_login(thread.sam)
    html = page(client.get(NEW))
    assert "BV 9" not in html  # Revenues & Benefits is not in the portfolio
    response = client.post(NEW, good_form(thread, indicators=["BV 9"]))
    assert response.status_code == 400
    assert "Choose indicators from the portfolio's list; BV 9 is not one of them" in page(response)
    assert not Briefing.objects.exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"held_on": ""}, "Enter the date of the briefing"),
        ({"held_on": "31/02/2009"}, "Enter the date of the briefing as a real date"),
        ({"outcomes": " "}, "Enter the outcomes of the briefing"),
        ({"holder": ""}, "Choose the portfolio holder you briefed"),
        ({"action-2-owner": ""}, "Action 2: enter who will do it"),
        ({"action-1-due": "soon"}, "Action 1: enter the due date as a real date"),
        ({"action-2-action": ""}, "Action 2: enter what is to be done"),
    ],
)
def test_each_error_says_what_and_where_and_nothing_is_written(client, thread, changes, error):
    client.force_login(thread.sam)
    response = client.post(NEW, good_form(thread, **changes))
    assert response.status_code == 400
    assert error in page(response)
    assert 'class="govuk-error-summary"' in page(response)
    assert not Briefing.objects.exists()
    assert not BriefingAction.objects.exists()
    assert not AuditEntry.objects.filter(action="briefing_record").exists()


def test_a_briefing_in_the_future_is_refused(client, thread):
    client.force_login(thread.sam)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(NEW, good_form(thread, held_on=tomorrow.isoformat()))
    assert response.status_code == 400
    assert "The date of the briefing must be today or in the past" in page(response)
    assert not Briefing.objects.exists()


def test_a_briefing_needs_at_least_one_action(client, thread):
    client.force_login(thread.sam)
    blank = {f"action-{n}-{f}": "" for n in (1, 2) for f in ("action", "owner", "due")}
    response = client.post(NEW, good_form(thread, **blank))
    assert response.status_code == 400
    assert "Enter at least one action: what, who and by when" in page(response)
    assert not Briefing.objects.exists()


def test_only_the_portfolios_holder_may_be_named(client, thread, people):
    client.force_login(thread.sam)
    response = client.post(NEW, good_form(thread, holder=str(people["kim"].pk)))
    assert response.status_code == 400
    assert not Briefing.objects.exists()


def test_a_portfolio_with_no_holder_says_so(client, thread):
    thread.ash.roles.all().delete()
    client.force_login(thread.sam)
    assert "No one holds the Health and Adults portfolio" in page(client.get(NEW))


@pytest.mark.parametrize("persona", ["sam", "priya"])
def test_a_related_strategic_director_and_the_performance_team_may_record(client, people, persona):
    client.force_login(people[persona])
    assert client.get(NEW).status_code == 200


@pytest.mark.parametrize("persona", ["vic", "ash", "eve", "morgan", "chen", "dev", "pat"])
def test_nobody_else_may_record_a_briefing(client, thread, people, persona):
    client.force_login(people[persona])
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, good_form(thread)).status_code == 404
    assert not Briefing.objects.exists()


# -- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["ash", "sam", "eve", "morgan", "priya"])
def test_the_holder_and_those_who_oversee_the_portfolio_read_its_briefings(
    client, thread, people, persona
):
    briefing = record(thread)
    client.force_login(people[persona])
    assert "12 May 2009" in page(client.get("/portfolios/HA/briefings/"))
    assert client.get(f"/briefings/{briefing.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["vic", "kim", "chen", "dev", "pat", "rita"])
def test_anyone_else_gets_not_found_for_a_briefing(client, thread, people, persona):
    briefing = record(thread)
    client.force_login(people[persona])
    assert client.get(f"/briefings/{briefing.pk}/").status_code == 404
    assert client.get("/portfolios/HA/briefings/").status_code == 404


def test_an_unknown_briefing_is_not_found(client, thread):
    client.force_login(thread.council.priya)
    assert client.get("/briefings/999/").status_code == 404


def test_the_briefings_index_lists_the_portfolios_a_person_may_read(client, thread, people):
    client.force_login(thread.sam)
    html = page(client.get("/briefings/"))
    assert "Health and Adults" in html
    assert "Leisure" not in html
    assert f'href="{NEW}"' in html
    client.force_login(people["chen"])
    assert client.get("/briefings/").status_code == 404


def test_the_portfolio_holders_home_shows_recent_briefings(client, thread):
    briefing = record(thread)
    client.force_login(thread.ash)
    html = page(client.get("/home/"))
    assert "Recent briefings" in html
    assert f'href="/briefings/{briefing.pk}/"' in html
