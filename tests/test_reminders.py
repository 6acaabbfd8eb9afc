"""`goldenthread send-reminders`: officers are e-mailed about their items due soon or overdue,
operational directors about late returns, once a day however often it runs."""

import datetime
import smtplib
import subprocess
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring import reminders
from goldenthread.monitoring.models import CollectionRound, ReminderKind, ReminderSent
from goldenthread.monitoring.reminders import reminders_send
from goldenthread.monitoring.services import round_open
from goldenthread.notifications import absolute_url
from goldenthread.planning.models import Milestone
from goldenthread.workflow import WorkflowState
from tests.conftest import make_user
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2009, 10, 23)  # a Friday
WEEK_BEFORE = datetime.date(2009, 10, 16)
DAY_AFTER = datetime.date(2009, 10, 24)


@pytest.fixture
def people(council, collection):
    """Sam is responsible for smoking and owns the clinics milestone; Kim collates
    inspections; benefits (Revenues & Benefits) names no one, so Olu, its manager, is reminded.
    Ola is Environmental Health's operational director."""
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
    round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)
    return {"sam": sam, "kim": kim, "ola": ola}


def mail_to(outbox, person):
    return [message for message in outbox if message.to == [person.email]]


def test_due_soon_reminders_go_to_each_officer_with_their_own_items_only(
    council, people, mailoutbox
):
    counts = reminders_send(today=WEEK_BEFORE, days=7)

    assert counts.due_soon == 3
    assert sorted(m.to[0] for m in mailoutbox) == [
        "kim@example.org",
        "olu@example.org",
        "sam@example.org",
    ]
    (sam_mail,) = mail_to(mailoutbox, people["sam"])
    assert "due by 23 October 2009" in sam_mail.subject
    assert "NI 123" in sam_mail.body and "EH 1.1" in sam_mail.body
    assert "EH LI 1" not in sam_mail.body and "NI 181" not in sam_mail.body
    (kim_mail,) = mail_to(mailoutbox, people["kim"])
    assert "EH LI 1" in kim_mail.body and "NI 123" not in kim_mail.body
    (olu_mail,) = mail_to(mailoutbox, council.olu)
    assert "NI 181" in olu_mail.body and "RB 1.1" in olu_mail.body
    assert "NI 123" not in olu_mail.body


def test_nothing_is_sent_before_the_reminder_window_opens(people, mailoutbox):
    counts = reminders_send(today=WEEK_BEFORE - datetime.timedelta(days=1), days=7)

    assert counts.sent == 0
    assert mailoutbox == []


def test_submitted_items_are_not_reminded_about(council, collection, people, mailoutbox):
    Actual.objects.create(
        indicator=collection.inspections, period=Q2, value=D(240), state=WorkflowState.SUBMITTED
    )
    Actual.objects.create(
        indicator=collection.smoking, period=Q2, value=D(49), state=WorkflowState.DRAFT
    )

    reminders_send(today=WEEK_BEFORE, days=7)

    assert mail_to(mailoutbox, people["kim"]) == []
    (sam_mail,) = mail_to(mailoutbox, people["sam"])
    assert "NI 123" in sam_mail.body  # a draft is not submitted
    assert "Draft, not submitted" in sam_mail.body


def test_after_the_deadline_officers_are_told_their_items_are_overdue(people, mailoutbox):
    counts = reminders_send(today=DAY_AFTER, days=7)

    assert counts.overdue == 3
    (sam_mail,) = mail_to(mailoutbox, people["sam"])
    assert sam_mail.subject.startswith("Overdue:")
    assert "The deadline for 2009/10 Q2 returns was Friday 23 October 2009" in sam_mail.body
    assert ReminderSent.objects.get(person=people["sam"]).kind == ReminderKind.OVERDUE


def test_after_the_deadline_the_operational_director_gets_who_is_late_and_with_what(
    council, people, mailoutbox
):
    Indicator.objects.create(code="EH LI 7", title="Noise", department=council.health_dept)

    counts = reminders_send(today=DAY_AFTER, days=7)

    assert counts.escalation == 1  # Revenues & Benefits has no operational director
    (ola_mail,) = mail_to(mailoutbox, people["ola"])
    assert ola_mail.subject == "Late returns for 2009/10 Q2: 4 items not submitted"
    sam_part = ola_mail.body.split("Sam Okafor, Environmental Health:")[1].split("Return:")[0]
    assert "NI 123" in sam_part and "EH 1.1" in sam_part and "EH LI 1" not in sam_part
    assert "Kim Lee, Environmental Health:\n- Indicator EH LI 1" in ola_mail.body
    assert "No one named (sent to the managers), Environmental Health:\n- Indicator EH LI 7" in (
        ola_mail.body
    )
    assert "NI 181" not in ola_mail.body  # another department's
    assert mail_to(mailoutbox, council.dev)  # EH LI 7 went to Environmental Health's manager
    sent = ReminderSent.objects.get(person=people["ola"])
    assert sent.kind == ReminderKind.ESCALATION
    assert {item["code"] for item in sent.items} == {"NI 123", "EH LI 1", "EH 1.1", "EH LI 7"}


def test_the_operational_director_is_not_escalated_to_before_the_deadline(people, mailoutbox):
    reminders_send(today=DEADLINE, days=7)

    assert mail_to(mailoutbox, people["ola"]) == []
    assert len(mailoutbox) == 3


def test_running_twice_the_same_day_sends_nothing_more(people, mailoutbox):
    reminders_send(today=DAY_AFTER, days=7)
    first = len(mailoutbox)

    counts = reminders_send(today=DAY_AFTER, days=7)

    assert first == 4
    assert len(mailoutbox) == first
    assert counts.sent == 0
    assert counts.already_sent == 4
    assert ReminderSent.objects.count() == 4


def test_a_new_day_sends_again(people, mailoutbox):
    reminders_send(today=DAY_AFTER, days=7)

    counts = reminders_send(today=DAY_AFTER + datetime.timedelta(days=1), days=7)

    assert counts.sent == 4
    assert len(mailoutbox) == 8


def test_a_dry_run_sends_and_records_nothing_but_says_who_would_be_emailed(
    people, mailoutbox, capsys
):
    call_command("send_reminders", "--today", DAY_AFTER.isoformat(), "--dry-run")

    assert mailoutbox == []
    assert ReminderSent.objects.count() == 0
    output = capsys.readouterr().out
    assert "Would send escalation to ola@example.org: 3 item(s), 2009/10 Q2" in output
    assert "Would send 4 reminder(s): 0 due soon, 3 overdue, 1 escalation(s)" in output


def test_the_command_sends_and_reports_counts(people, mailoutbox, capsys):
    call_command("send_reminders", "--today", WEEK_BEFORE.isoformat(), "--days", "7")

    assert len(mailoutbox) == 3
    assert "Sent 3 reminder(s): 3 due soon, 0 overdue" in capsys.readouterr().out


def test_each_email_has_a_text_and_an_html_part_and_the_html_links_to_the_return(
    people, mailoutbox, settings
):
    settings.GOLDENTHREAD_BASE_URL = "https://performance.example.gov.uk"

    reminders_send(today=DAY_AFTER, days=7)

    for message in mailoutbox:
        ((html, mimetype),) = message.alternatives
        assert mimetype == "text/html"
        assert message.body.strip() and '<html lang="en-GB">' in html
        assert '<th scope="col"' in html
    (sam_mail,) = mail_to(mailoutbox, people["sam"])
    html = sam_mail.alternatives[0][0]
    link = "https://performance.example.gov.uk/returns/EH/2009-10-Q2/"
    assert f'<a href="{link}">' in html
    assert link in sam_mail.body


def test_links_are_relative_paths_when_no_base_url_is_set(settings):
    settings.GOLDENTHREAD_BASE_URL = ""

    assert absolute_url("/returns/EH/2009-10-Q2/") == "/returns/EH/2009-10-Q2/"


def test_people_without_an_email_address_are_skipped_and_counted(people, mailoutbox):
    people["kim"].email = ""
    people["kim"].save()

    counts = reminders_send(today=WEEK_BEFORE, days=7)

    assert counts.no_address == 1
    assert len(mailoutbox) == 2


def test_the_number_of_queries_does_not_grow_with_the_number_of_items(
    council, collection, people, mailoutbox
):
    def queries() -> int:
        ReminderSent.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            reminders_send(today=DAY_AFTER, days=7)
        return len(captured)

    before = queries()
    for number in range(10):
        Indicator.objects.create(
            code=f"EH LI {100 + number}",
            title=f"Extra {number}",
            department=council.health_dept,
            responsible_officer=people["sam"],
            collator=people["kim"],
        )
        Milestone.objects.create(
            objective=collection.milestone.objective,
            code=f"EH 1.{10 + number}",
            title=f"Extra milestone {number}",
            due="2009/10 Q4",
            owner=people["sam"],
        )

    assert queries() == before
    assert "EH LI 109" in mail_to(mailoutbox, people["kim"])[-1].body


def test_a_reminder_another_run_sent_since_this_run_looked_is_not_sent_again(
    people, mailoutbox, monkeypatch
):
    plan = reminders.reminders_plan

    def plan_then_another_run_sends_to_sam(**kwargs):
        planned = plan(**kwargs)
        sam = next(r for r in planned if r.person == people["sam"])
        ReminderSent.objects.create(
            person=sam.person, round=sam.round, kind=sam.kind, date=DAY_AFTER
        )
        return planned

    monkeypatch.setattr(reminders, "reminders_plan", plan_then_another_run_sends_to_sam)

    counts = reminders_send(today=DAY_AFTER, days=7)

    assert counts.already_sent == 1
    assert counts.sent == 3
    assert mail_to(mailoutbox, people["sam"]) == []
    assert ReminderSent.objects.count() == 4


def test_a_refused_email_is_not_recorded_so_the_next_run_sends_it_and_the_rest_still_go(
    people, mailoutbox, monkeypatch, capsys
):
    send = reminders.send_templated_mail

    def refuse_kim(**kwargs):
        if kwargs["to"] == [people["kim"].email]:
            raise smtplib.SMTPRecipientsRefused({people["kim"].email: (550, b"No such user")})
        send(**kwargs)

    monkeypatch.setattr(reminders, "send_templated_mail", refuse_kim)

    with pytest.raises(CommandError, match="1 reminder"):
        call_command("send_reminders", "--today", DAY_AFTER.isoformat())

    assert len(mailoutbox) == 3
    assert not ReminderSent.objects.filter(person=people["kim"]).exists()
    monkeypatch.setattr(reminders, "send_templated_mail", send)
    assert reminders_send(today=DAY_AFTER, days=7).sent == 1
    assert mail_to(mailoutbox, people["kim"])


def test_closed_rounds_send_nothing(people, mailoutbox):
    CollectionRound.objects.update(closed_at=timezone.now())

    assert reminders_send(today=DAY_AFTER, days=7).sent == 0
    assert mailoutbox == []


BACKEND_CASES = {
    "smtp in production": {},
    "console in development": {"GOLDENTHREAD_DEBUG": "1"},
    "chosen by name": {"GOLDENTHREAD_EMAIL_BACKEND": "file"},
    "unknown": {"GOLDENTHREAD_EMAIL_BACKEND": "pigeon"},
}


@pytest.fixture(scope="module")
def email_backends(tmp_path_factory):
    """settings.EMAIL_BACKEND in a fresh process for each case, run together, by case name."""
    from tests.test_deploy_settings import CONSOLE_SCRIPT, production_environment

    command = [
        str(CONSOLE_SCRIPT),
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_BACKEND)",
    ]
    running = {
        name: subprocess.Popen(
            command,
            env=production_environment(tmp_path_factory.mktemp("mail"), changes),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, changes in BACKEND_CASES.items()
    }
    results = {}
    for name, process in running.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    return results


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("smtp in production", "django.core.mail.backends.smtp.EmailBackend"),
        ("console in development", "django.core.mail.backends.console.EmailBackend"),
        ("chosen by name", "django.core.mail.backends.filebased.EmailBackend"),
    ],
)
def test_email_goes_by_smtp_in_production_and_to_the_console_in_development(
    email_backends, case, expected
):
    result = email_backends[case]

    assert result.stdout.strip() == expected, result.stderr


def test_an_unknown_email_backend_stops_golden_thread_naming_the_variable(email_backends):
    result = email_backends["unknown"]

    assert result.returncode != 0
    assert "GOLDENTHREAD_EMAIL_BACKEND must be one of console, smtp" in result.stderr


def test_the_command_can_send_for_one_round_only_and_refuses_an_unknown_one(
    people, mailoutbox, capsys
):
    CollectionRound.objects.create(quarter="2009/10 Q1", deadline=datetime.date(2009, 7, 24))

    call_command("send_reminders", "--today", DAY_AFTER.isoformat(), "--period", "2009/10 Q2")

    assert {r.round.quarter for r in ReminderSent.objects.all()} == {Q2}
    with pytest.raises(CommandError, match="--period: there is no collection round for 2008/09 Q1"):
        call_command("send_reminders", "--period", "2008/09 Q1")
    with pytest.raises(CommandError, match="--period: "):
        call_command("send_reminders", "--period", "someday")


def test_a_run_that_sends_is_audited_as_the_command_line(people, mailoutbox):
    from goldenthread.audit.models import AuditEntry

    reminders_send(today=DAY_AFTER, days=7)
    reminders_send(today=DAY_AFTER, days=7)  # sends nothing, so no second entry

    entry = AuditEntry.objects.get(action="reminders_send")
    assert entry.actor is None and entry.data["from"] == "command line"
    assert entry.summary.startswith("Sent 4 reminder(s) for open rounds: 0 due soon, 3 overdue")
