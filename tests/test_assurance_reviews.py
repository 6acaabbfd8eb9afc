"""Service plan quality assurance: the performance team records a QA review of each service plan
for a planning year (the five questions, the four essential features, the risk assessment and the
findings) and moves it from draft to in QA to agreed; the directors whose plan it is read it.

Personas (on top of tests/conftest.py and tests/pages_fixtures.py):
- Priya, performance officer: records and moves reviews.
- Oona, operational director of Environmental Health: reads SP-EH's review, not SP-RB's.
- Sam, strategic director of Health & Community: reads both departments' reviews.
- Morgan, Management Team: reads every review.
- Dev (manager), Cllr Chen (PPB member), Pat (partner officer): not theirs to see.
"""

from __future__ import annotations

from html import unescape

import pytest

from goldenthread.assurance import services
from goldenthread.assurance.choices import Feature, Question
from goldenthread.assurance.models import PlanReview, QuestionAssessment
from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import User
from goldenthread.planning.models import Plan
from tests.conftest import make_user
from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401

YEAR = "2010-11"
LIST = f"/assurance/reviews/?year={YEAR}"
EH = f"/assurance/reviews/{YEAR}/SP-EH/"
RB = f"/assurance/reviews/{YEAR}/SP-RB/"


@pytest.fixture
def oona(thread: Thread) -> User:
    c = thread.council
    return make_user(
        "oona", "Oona", "Byrne", c.council, operational_director={"department": c.health_dept}
    )


def page(response) -> str:
    return unescape(response.content.decode())


def full_checklist(**changes: str) -> dict[str, str]:
    data = {"findings": "Clear purpose; targets for NI 123 missing.", "version": ""}
    for question in Question:
        data[f"q_{question.value}"] = "answered"
        data[f"q_{question.value}_comment"] = ""
    for feature in Feature:
        data[f"f_{feature.value}"] = "present"
        data[f"f_{feature.value}_comment"] = ""
    data["risk_assessment"] = "with_plan"
    data["risk_comment"] = "Risk register agreed with the plan"
    data.update(changes)
    return data


def start(thread: Thread, **changes: str) -> PlanReview:
    """Priya records SP-EH's 2010/11 checklist through the page."""
    return _save(thread, full_checklist(reviewer=str(thread.council.priya.pk), **changes))


def _save(thread: Thread, data: dict[str, str]) -> PlanReview:
    from django.test import Client

    client = Client()
    client.force_login(thread.council.priya)
    response = client.post(f"{EH}edit/", data)
    assert response.status_code == 302, page(response)
    return PlanReview.objects.get(plan=thread.eh_plan, year=2010)


def move(client, path: str, action: str, version: int | None = None):
    data = {"move": action}
    if version is not None:
        data["version"] = str(version)
    return client.post(f"{path}state/", data, follow=True)


# -- recording a review ---------------------------------------------------------------------------


def test_priya_starts_a_review_and_sees_the_checklist_she_recorded(client, thread):
    client.force_login(thread.council.priya)
    form = client.get(f"{EH}edit/")
    assert form.status_code == 200
    assert "Why are we here? (What is the purpose of our service?)" in page(form)
    data = full_checklist(
        reviewer=str(thread.council.priya.pk),
        q_where_now="partly",
        q_where_now_comment="No comparison with other councils",
        f_measuring_success="absent",
        f_measuring_success_comment="No targets beyond 2009/10",
    )
    response = client.post(f"{EH}edit/", data, follow=True)
    text = page(response)
    assert "The QA review of Environmental Health Service Plan is saved." in text
    assert "Partly answered" in text and "No comparison with other councils" in text
    assert "No targets beyond 2009/10" in text
    assert "Prepared with the plan: Risk register agreed with the plan" in text
    review = PlanReview.objects.get(plan=thread.eh_plan, year=2010)
    assert review.state == "draft" and review.reviewer == thread.council.priya
    assert QuestionAssessment.objects.filter(review=review).count() == 5


def test_saving_a_review_is_audited_with_what_changed(thread):
    review = start(thread)
    first = AuditEntry.objects.get(action="plan_review_start")
    assert first.actor == thread.council.priya
    assert first.object_id == str(review.pk)
    assert "Started the 2010/11 QA review of SP-EH" in first.summary
    _save(
        thread,
        full_checklist(
            reviewer=str(thread.council.priya.pk),
            q_why_here="partly",
            q_why_here_comment="Purpose is vague",
            version=str(review.version),
        ),
    )
    change = AuditEntry.objects.get(action="plan_review_save")
    assert change.data["changed"]["why_here"] == {"from": "answered", "to": "partly"}


def test_a_question_partly_answered_needs_a_comment_saying_what_is_missing(client, thread):
    client.force_login(thread.council.priya)
    data = full_checklist(reviewer=str(thread.council.priya.pk), q_how_know="not_answered")
    response = client.post(f"{EH}edit/", data)
    assert response.status_code == 400
    text = page(response)
    assert 'href="#id_q_how_know_comment"' in text
    assert "Say what the plan lacks for “How do we know we are there?”" in text
    assert not PlanReview.objects.exists()


def test_a_save_over_someone_elses_newer_one_is_refused_and_changes_nothing(client, thread):
    review = start(thread)
    stale = review.version
    start(thread, findings="Priya's second thoughts", version=str(stale))
    client.force_login(thread.council.priya)
    data = full_checklist(
        reviewer=str(thread.council.priya.pk), findings="Overwritten?", version=str(stale)
    )
    response = client.post(f"{EH}edit/", data)
    assert response.status_code == 400
    assert "Someone else changed this review" in page(response)
    assert PlanReview.objects.get().findings == "Priya's second thoughts"


# -- moving a review ------------------------------------------------------------------------------


def test_priya_takes_a_review_through_qa_to_agreed(client, thread):
    review = start(thread)
    client.force_login(thread.council.priya)
    response = move(client, EH, "start_qa", review.version)
    assert "The QA review of Environmental Health Service Plan is in QA." in page(response)
    review.refresh_from_db()
    response = move(client, EH, "agree", review.version)
    text = page(response)
    assert "is agreed." in text
    review.refresh_from_db()
    assert review.state == "agreed" and review.agreed_by == thread.council.priya
    assert "Reopen the review" in text
    assert "Change the checklist and findings" not in text  # agreed: reopen to change
    actions = list(
        AuditEntry.objects.filter(object_id=str(review.pk)).values_list("action", flat=True)
    )
    assert "plan_review_start_qa" in actions and "plan_review_agree" in actions


def test_a_draft_cannot_be_agreed_and_priya_is_told_why(client, thread):
    review = start(thread)
    client.force_login(thread.council.priya)
    response = move(client, EH, "agree", review.version)
    assert "A review that is draft cannot be moved with “Agree the plan”" in page(response)
    review.refresh_from_db()
    assert review.state == "draft"
    assert not AuditEntry.objects.filter(action="plan_review_agree").exists()


def test_a_plan_with_lines_unchecked_cannot_be_agreed(client, thread):
    review = start(thread, q_why_here="", risk_assessment="")
    client.force_login(thread.council.priya)
    move(client, EH, "start_qa", review.version)
    review.refresh_from_db()
    response = move(client, EH, "agree", review.version)
    text = page(response)
    assert "The plan cannot be agreed until these are checked: Why are we here?" in text
    assert "Risk assessment" in text
    review.refresh_from_db()
    assert review.state == "in_qa"


def test_an_agreed_review_cannot_be_changed_until_reopened(thread):
    review = start(thread)
    services.review_move(acting_user=thread.council.priya, review=review, move="start_qa")
    services.review_move(acting_user=thread.council.priya, review=review, move="agree")
    with pytest.raises(services.AssuranceRefused, match="is agreed: reopen it"):
        services.review_save(
            acting_user=thread.council.priya,
            plan=thread.eh_plan,
            year=2010,
            answers={},
            features={},
            risk=services.Check(""),
            findings="changed",
        )
    reopened = services.review_move(acting_user=thread.council.priya, review=review, move="reopen")
    assert reopened.state == "in_qa" and reopened.agreed_at is None


# -- who sees what --------------------------------------------------------------------------------


def test_each_director_reads_the_reviews_of_their_own_plans(client, thread, oona):
    start(thread)
    client.force_login(oona)
    assert client.get(EH).status_code == 200
    assert client.get(RB).status_code == 404  # another department's plan
    listing = page(client.get(LIST))
    assert "Environmental Health Service Plan" in listing
    assert "Revenues & Benefits Service Plan" not in listing
    assert "Start the review" not in page(client.get(EH))  # reading, not writing
    client.force_login(thread.sam)
    assert client.get(RB).status_code == 200  # his directorate's
    client.force_login(thread.morgan)
    assert "Revenues & Benefits Service Plan" in page(client.get(LIST))


@pytest.mark.parametrize("who", ["dev", "chen", "pat"])
def test_others_are_refused_every_review_page(client, thread, who):
    start(thread)
    review = PlanReview.objects.get()
    client.force_login(getattr(thread.council, who))
    for path in (LIST, EH, f"{EH}edit/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{EH}state/", {"move": "start_qa"}).status_code == 404
    assert client.post(f"{EH}edit/", full_checklist()).status_code == 404
    review.refresh_from_db()
    assert review.state == "draft" and review.version == 1


def test_directors_may_not_record_or_move_reviews(client, thread, oona):
    review = start(thread)
    for person in (oona, thread.sam, thread.morgan):
        client.force_login(person)
        assert client.get(f"{EH}edit/").status_code == 404
        assert client.post(f"{EH}state/", {"move": "start_qa"}).status_code == 404
    review.refresh_from_db()
    assert review.state == "draft"


def test_a_plan_that_is_not_a_service_plan_has_no_review_page(client, thread):
    client.force_login(thread.council.priya)
    assert client.get(f"/assurance/reviews/{YEAR}/DIV-EH/").status_code == 404
    assert client.get("/assurance/reviews/2010/SP-EH/").status_code == 404  # not a year


def test_signed_out_visitors_are_sent_to_sign_in(client, thread):
    response = client.get(LIST)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


# -- the list -------------------------------------------------------------------------------------


def test_the_list_counts_plans_in_each_state(client, thread):
    start(thread)
    client.force_login(thread.council.priya)
    text = page(client.get(LIST))
    assert "Service plan QA reviews 2010/11" in text
    assert "Not started" in text and "Draft" in text


def test_the_pages_cost_the_same_queries_however_many_plans(client, thread):
    priya = thread.council.priya
    start(thread)
    client.force_login(priya)
    before = (queries_for(client, LIST), queries_for(client, EH))
    grow(thread, 3)
    for plan in Plan.objects.filter(code__startswith="SP-D"):
        services.review_save(
            acting_user=priya,
            plan=plan,
            year=2010,
            answers={},
            features={},
            risk=services.Check(""),
            findings="",
        )
    start(thread, findings="Grown", version="1")
    assert (queries_for(client, LIST), queries_for(client, EH)) == before


def test_the_list_shows_the_plans_in_force_that_year_and_any_reviewed_for_it(client, thread):
    client.force_login(thread.council.priya)
    assert "Environmental Health Service Plan" in page(client.get(LIST))  # 2008–11
    later = page(client.get("/assurance/reviews/?year=2012-13"))
    assert "Environmental Health Service Plan" not in later
    assert "No service plan of yours runs in 2012/13." in later
    services.review_save(
        acting_user=thread.council.priya,
        plan=thread.eh_plan,
        year=2012,
        answers={},
        features={},
        risk=services.Check(""),
        findings="Reviewed although it has ended",
    )
    assert "Environmental Health Service Plan" in page(
        client.get("/assurance/reviews/?year=2012-13")
    )
