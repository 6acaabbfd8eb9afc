"""The performance team sends reminders from the browser, the same as `goldenthread
send-reminders`, and sees when each was sent (issue 12).

Environmental Health and Revenues & Benefits owe 2009/10 Q2 returns (tests/monitoring_fixtures
.py). The deadline was yesterday. Sam is responsible for smoking and owns the clinics milestone;
Kim collates inspections; benefits names no one, so Olu, its manager, is reminded; Ola is
Environmental Health's operational director and gets the escalation.
"""

import datetime
import smtplib

import pytest
from django.urls import reverse
from django.utils import timezone

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Indicator
from goldenthread.monitoring import reminders
from goldenthread.monitoring.models import CollectionRound, ReminderSent
from goldenthread.monitoring.reminders import reminders_send
from goldenthread.monitoring.services import round_open
from goldenthread.planning.models import Milestone
from goldenthread.planning.periods import Period
from tests.conftest import make_user
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401

TODAY = timezone.localdate()
PAGE = reverse("round_reminders", args=[Q2.slug])
SEND = reverse("round_reminders_send", args=[Q2.slug])


@pytest.fixture
def people(council, collection):
    sam = make_user("sam", "Sam", "Okafor", council.council)
    kim = make_user("kim", "Kim", "Lee", council.council)
    ola = make_user(
        "ola",
        "Ola",
        "Ibe",
        council.council,
        operational_director={"department": council.health_dept},
    )
    Indicator.objects.filter(pk=collection.smoking.pk).update(responsible_officer=sam)
    Indicator.objects.filter(pk=collection.inspections.pk).update(collator=kim)
    Milestone.objects.filter(pk=collection.milestone.pk).update(owner=sam)
    round_open(acting_user=council.priya, quarter=Q2, deadline=TODAY - datetime.timedelta(days=1))
    return {"sam": sam, "kim": kim, "ola": ola}


def page(client, user, url: str = PAGE) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, email: str) -> str:
    return html.split(email)[1].split("</tr>")[0]


@pytest.mark.parametrize("name", ["dev", "olu", "chen", "pat"])
def test_only_the_performance_team_sees_or_sends_reminders(client, council, people, name):
    client.force_login(getattr(council, name))

    assert client.get(PAGE).status_code == 404
    assert client.get(SEND).status_code == 404
    assert client.post(SEND).status_code == 404
    assert not ReminderSent.objects.exists()


def test_signed_out_the_page_asks_you_to_sign_in(client, people):
    response = client.get(PAGE)

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_round_that_does_not_exist_is_not_found(client, council, people):
    client.force_login(council.priya)

    assert client.get(reverse("round_reminders", args=["2001-02-Q1"])).status_code == 404
    assert client.get(reverse("round_reminders", args=["nonsense"])).status_code == 404


def test_the_page_shows_who_would_get_which_reminder_today_and_what_it_lists(
    client, council, people
):
    html = page(client, council.priya)

    assert "Reminders for 2009/10 Q2</h1>" in html
    assert "passed 1 day ago" in html
    sam = row_of(html, "sam@example.org")
    assert "Overdue" in sam and "NI 123" in sam and "EH 1.1" in sam and "To send" in sam
    ola = row_of(html, "ola@example.org")
    assert "Escalation" in ola and "NI 123" in ola and "EH LI 1" in ola
    assert "NI 181" in row_of(html, "olu@example.org")
    assert f'href="{SEND}">Send reminders</a>' in html
    assert "No reminder has been sent for this round yet." in html


def test_sending_asks_for_confirmation_first_and_sends_nothing_until_confirmed(
    client, council, people, mailoutbox
):
    html = page(client, council.priya, SEND)

    assert "Send reminders for 2009/10 Q2?</h1>" in html
    assert "This e-mails 4 reminders now" in html
    assert "Send 4 reminders</button>" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert mailoutbox == [] and not ReminderSent.objects.exists()


def test_confirming_sends_exactly_what_the_command_would_and_the_history_shows_it(
    client, council, people, mailoutbox
):
    would = reminders_send(dry_run=True)
    expected = sorted((r.person.email, str(r.kind)) for r in would.reminders)
    client.force_login(council.priya)

    response = client.post(SEND, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == PAGE
    assert "Sent 4 reminders: 3 overdue reminders, 1 escalation." in html
    assert sorted(m.to[0] for m in mailoutbox) == sorted(email for email, _ in expected)
    sent = sorted((r.person.email, r.kind) for r in ReminderSent.objects.all())
    assert sent == expected
    history = html.split("Reminders sent</h2>")[1]
    sam = row_of(history, "sam@example.org")
    assert "Overdue" in sam and "NI 123" in sam and "EH 1.1" in sam
    assert timezone.localtime(ReminderSent.objects.first().sent_at).strftime("%-d %B %Y") in sam
    assert "Already sent today" in row_of(html.split("Reminders sent</h2>")[0], "sam@example.org")


def test_sending_again_the_same_day_from_the_browser_or_the_command_sends_nothing_more(
    client, council, people, mailoutbox
):
    client.force_login(council.priya)
    client.post(SEND)

    html = client.post(SEND, follow=True).content.decode()

    assert "No reminder was sent: none was due that had not gone today." in html
    assert reminders_send().sent == 0
    assert len(mailoutbox) == 4 and ReminderSent.objects.count() == 4
    assert "There is nothing to send now." in page(client, council.priya, SEND)


def test_sending_is_audited_with_who_sent_what_to_whom(client, council, people):
    client.force_login(council.priya)
    client.post(SEND)

    entry = AuditEntry.objects.get(action="reminders_send")
    assert entry.actor == council.priya
    assert entry.summary == (
        "Sent 4 reminder(s) for the 2009/10 Q2 round: 0 due soon, 3 overdue, 1 escalation(s)"
    )
    assert entry.data["from"] == "browser"
    assert {s["email"] for s in entry.data["sent"]} == {
        "sam@example.org",
        "kim@example.org",
        "olu@example.org",
        "ola@example.org",
    }


def test_only_this_round_s_reminders_are_sent_from_its_page(client, council, people, mailoutbox):
    CollectionRound.objects.create(
        quarter=Period.parse("2009/10 Q1"), deadline=TODAY - datetime.timedelta(days=60)
    )
    client.force_login(council.priya)

    client.post(SEND)

    assert {r.round.quarter for r in ReminderSent.objects.all()} == {Q2}
    assert reminders_send(dry_run=True).sent > 0  # the command would still send Q1's


def test_a_refused_email_is_reported_and_the_others_still_go(
    client, council, people, mailoutbox, monkeypatch
):
    send = reminders.send_templated_mail

    def refuse_kim(**kwargs):
        if kwargs["to"] == [people["kim"].email]:
            raise smtplib.SMTPRecipientsRefused({people["kim"].email: (550, b"No such user")})
        send(**kwargs)

    monkeypatch.setattr(reminders, "send_templated_mail", refuse_kim)
    client.force_login(council.priya)

    html = client.post(SEND, follow=True).content.decode()

    assert (
        "Sent 3 reminders: 2 overdue reminders, 1 escalation. 1 reminder could not be sent: "
        "the mail server refused. Sending again tries only those." in html
    )
    assert len(mailoutbox) == 3


def test_before_the_reminder_window_the_page_says_when_reminders_start(client, council, people):
    CollectionRound.objects.filter(quarter=Q2).update(deadline=TODAY + datetime.timedelta(days=30))

    html = page(client, council.priya)

    assert "in 30 days" in html
    assert "No reminders are due today: due soon reminders start 7 days before the deadline." in (
        html
    )
    assert "Send reminders</a>" not in html


def test_a_closed_round_sends_nothing_and_says_so(client, council, people, mailoutbox):
    CollectionRound.objects.filter(quarter=Q2).update(closed_at=timezone.now())
    client.force_login(council.priya)

    assert "No reminders: the round is closed." in page(client, council.priya)
    client.post(SEND)
    assert mailoutbox == []


def test_the_performance_team_s_home_leads_to_an_open_round_s_reminders(client, council, people):
    client.force_login(council.priya)

    html = client.get(reverse("home")).content.decode()

    assert f'<a class="govuk-link" href="{PAGE}">Reminders' in html


def test_the_page_s_queries_do_not_grow_with_people_items_or_reminders_sent(
    client, council, collection, people
):
    from tests.pages_fixtures import queries_for

    client.force_login(council.priya)
    client.post(SEND)
    few = queries_for(client, PAGE)

    for number in range(5):
        officer = make_user(f"officer{number}", "Officer", str(number), council.council)
        Indicator.objects.create(
            code=f"EH LI {100 + number}",
            title=f"Extra {number}",
            department=council.health_dept,
            responsible_officer=officer,
        )
    client.post(SEND)
    many = queries_for(client, PAGE)

    assert ReminderSent.objects.count() == 4 + 5  # Ola had her escalation today already
    assert many == few
