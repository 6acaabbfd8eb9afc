"""The rolling programme of divisional-plan reviews: the performance team puts divisional and team
plans in a year's programme and records who reviewed each, when, and with what result; the page
counts what is due, reviewed and not yet reviewed.

Personas: Priya (performance officer) runs it; Sam (strategic director), Dev (manager) and Cllr
Chen (PPB member) are refused it.
"""

from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.utils import timezone

from goldenthread.assurance import services
from goldenthread.assurance.models import ProgrammeReview
from goldenthread.audit.models import AuditEntry
from goldenthread.planning.models import Plan, PlanKind
from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401

PAGE = "/assurance/programme/?year=2009-10"
RECORD = "/assurance/programme/2009-10/DIV-EH/"


def page(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def team_plan(thread: Thread) -> Plan:
    c = thread.council
    return Plan.objects.create(
        code="TP-RB",
        title="Benefits assessment team plan",
        kind=PlanKind.TEAM_PLAN,
        parent=thread.rb_plan,
        organisation=c.council,
        department=c.revenues_dept,
        first_year=2009,
        last_year=2009,
    )


def record(client, thread: Thread, **changes: str):
    data = {
        "reviewer": str(thread.council.priya.pk),
        "reviewed_on": "2009-09-14",
        "result": "minor_changes",
        "notes": "Tasks not yet linked to EH 2",
    }
    data.update(changes)
    return client.post(RECORD, data)


def test_priya_puts_plans_in_the_programme_and_sees_them_due(client, thread, team_plan):
    client.force_login(thread.council.priya)
    response = client.post(PAGE, {"plans": ["DIV-EH", "TP-RB"]}, follow=True)
    text = page(response)
    assert "2 plan(s) added to the 2009/10 review programme." in text
    assert ProgrammeReview.objects.for_year(2009).count() == 2
    assert "Due for review this year" in text
    entry = AuditEntry.objects.get(action="programme_schedule")
    assert entry.data == {"year": 2009, "plans": ["DIV-EH", "TP-RB"]}
    assert entry.actor == thread.council.priya


def test_a_service_or_personal_plan_cannot_be_put_in_the_programme(client, thread):
    client.force_login(thread.council.priya)
    response = client.post(PAGE, {"plans": ["SP-EH"]})
    assert response.status_code == 400
    assert "already in the programme or no longer exists" in page(response)
    assert not ProgrammeReview.objects.exists()
    assert client.get("/assurance/programme/2009-10/SP-EH/").status_code == 404
    assert client.get("/assurance/programme/2009-10/EDR-DEV/").status_code == 404


def test_priya_records_a_review_and_the_counts_move(client, thread, team_plan):
    priya = thread.council.priya
    services.programme_schedule(
        acting_user=priya, year=2009, plans=[thread.divisional_plan, team_plan]
    )
    client.force_login(priya)
    before = page(client.get(PAGE))
    assert 'Reviewed</dt><dd class="govuk-summary-list__value">0 plans' in before
    response = record(client, thread)
    assert response.status_code == 302
    text = page(client.get(PAGE))
    assert 'Reviewed</dt><dd class="govuk-summary-list__value">1 plan<' in text
    assert 'Not yet reviewed</dt><dd class="govuk-summary-list__value">1 plan<' in text
    assert "Meets them with minor changes" in text and "14 September 2009" in text
    entry = ProgrammeReview.objects.get(plan=thread.divisional_plan)
    assert entry.reviewer == priya and entry.reviewed_on == datetime.date(2009, 9, 14)
    audit = AuditEntry.objects.get(action="programme_record")
    assert audit.data["result"] == "minor_changes" and audit.actor == priya


def test_recording_a_review_of_a_plan_not_yet_due_adds_it_to_the_programme(client, thread):
    client.force_login(thread.council.priya)
    assert "is not in the 2009/10 programme" in page(client.get(RECORD))
    assert record(client, thread).status_code == 302
    assert ProgrammeReview.objects.reviewed().for_year(2009).count() == 1


def test_a_review_needs_who_when_and_result_and_nothing_is_written_without(client, thread):
    client.force_login(thread.council.priya)
    response = record(client, thread, reviewer="", reviewed_on="31/02/2009", result="")
    assert response.status_code == 400
    text = page(response)
    assert 'href="#id_reviewer"' in text and "Choose who reviewed the plan" in text
    assert "Enter the date of the review as a real date" in text
    assert "Choose the result of the review" in text
    assert not ProgrammeReview.objects.exists()
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    assert "cannot be in the future" in page(record(client, thread, reviewed_on=future))


def test_plans_never_reviewed_are_offered_first(client, thread, team_plan):
    priya = thread.council.priya
    services.programme_schedule(acting_user=priya, year=2008, plans=[team_plan])
    entry = ProgrammeReview.objects.get()
    services.programme_record(
        acting_user=priya,
        entry=entry,
        reviewer=priya,
        reviewed_on=datetime.date(2008, 11, 3),
        result="meets",
    )
    client.force_login(priya)
    text = page(client.get(PAGE))
    offered = text[text.index("When each plan was last reviewed") :]
    assert offered.index("Health Protection Divisional Plan") < offered.index(
        "Benefits assessment team plan"
    )
    assert "Never" in text and "3 November 2008" in text
    assert "1 of 2" in text  # ever reviewed


@pytest.mark.parametrize("who", ["sam", "morgan"])
def test_directors_and_management_team_are_refused_the_programme(client, thread, who):
    client.force_login(getattr(thread, who))
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"plans": ["DIV-EH"]}).status_code == 404
    assert record(client, thread).status_code == 404
    assert not ProgrammeReview.objects.exists()


@pytest.mark.parametrize("who", ["dev", "chen", "pat"])
def test_others_are_refused_the_programme(client, thread, who):
    client.force_login(getattr(thread.council, who))
    assert client.get(PAGE).status_code == 404
    assert client.get(RECORD).status_code == 404


def test_the_programme_page_costs_the_same_queries_however_many_plans(client, thread):
    priya = thread.council.priya
    client.force_login(priya)
    services.programme_schedule(acting_user=priya, year=2009, plans=[thread.divisional_plan])
    before = queries_for(client, PAGE)
    grow(thread, 3)
    grown = list(Plan.objects.filter(code__startswith="DIV-D"))
    services.programme_schedule(acting_user=priya, year=2009, plans=grown[:2])
    for entry in ProgrammeReview.objects.filter(plan__in=grown[:1]):
        services.programme_record(
            acting_user=priya,
            entry=entry,
            reviewer=priya,
            reviewed_on=datetime.date(2009, 6, 1),
            result="meets",
        )
    assert queries_for(client, PAGE) == before


def test_correcting_a_recorded_review_starts_from_what_was_recorded(client, thread):
    client.force_login(thread.council.priya)
    record(client, thread)
    markup = client.get(RECORD).content.decode()
    assert 'type="date" value="2009-09-14"' in markup
    assert 'value="minor_changes" checked' in markup
    assert record(client, thread, result="meets").status_code == 302
    assert ProgrammeReview.objects.get().result == "meets"
    assert AuditEntry.objects.filter(action="programme_record").count() == 2
