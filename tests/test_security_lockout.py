"""Failed sign-ins are counted (django-axes): after five wrong passwords for one username from
one address, that pair is locked out for fifteen minutes, with a page saying so. After twenty for
one account from any mix of addresses (password spraying, credential stuffing), the account is
locked from every address for fifteen minutes and its holder e-mailed. These tests run with the
lockout on, as production does."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.dateformat import time_format
from django.utils.timezone import localtime
from django_otp.plugins.otp_totp.models import TOTPDevice

from goldenthread.accounts.models import AccountLockout, SignInFailure
from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import User
from tests.conftest import PASSWORD, Council
from tests.test_security_proxy import settings_start_up
from tests.test_security_two_factor import code_now

LIMIT = 5
ACCOUNT_LIMIT = 20
ADDRESSES = [f"203.0.113.{n}" for n in range(1, 6)]  # five places, four wrong passwords each
ELSEWHERE = "198.51.100.99"


def attempt(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_fifth_wrong_password_locks_the_account_and_says_when_to_try_again(
    client, council: Council
):
    for _ in range(LIMIT - 1):
        assert attempt(client, "priya", "wrong").status_code == 200  # the form, with an error

    response = attempt(client, "priya", "wrong")

    html = response.content.decode()
    assert response.status_code == 429
    assert "<title>Too many attempts to sign in – Golden Thread</title>" in html
    assert "There have been 5 attempts to sign in as <strong>priya</strong>" in html
    assert "You can try again in 15 minutes" in html


def test_while_locked_out_even_the_right_password_is_refused(client, council: Council):
    for _ in range(LIMIT):
        attempt(client, "priya", "wrong")

    response = attempt(client, "priya", PASSWORD)

    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302  # not signed in


def test_the_lockout_is_for_that_username_from_that_address_only(client, council: Council):
    for _ in range(LIMIT):
        attempt(client, "priya", "wrong")

    assert attempt(client, "priya", PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    assert attempt(client, "dev", PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_clears_the_count(client, council: Council):
    for _ in range(LIMIT - 1):
        attempt(client, "priya", "wrong")
    assert attempt(client, "priya", PASSWORD).status_code == 302
    client.logout()

    for _ in range(LIMIT - 1):
        assert attempt(client, "priya", "wrong").status_code == 200


def test_the_attempt_that_locks_and_those_after_it_are_audited_as_locked_out(
    client, council: Council
):
    for _ in range(LIMIT + 1):
        attempt(client, "priya", "wrong")

    reasons = list(
        AuditEntry.objects.filter(action="sign_in_failed")
        .order_by("id")
        .values_list("data__reason", flat=True)
    )
    assert (
        reasons
        == ["wrong username or password"] * (LIMIT - 1)
        + ["locked out after too many failed attempts"] * 2
    )


def test_a_lockout_ends_when_the_page_said_however_often_it_is_tried_meanwhile(
    client, council: Council
):
    for _ in range(LIMIT):
        attempt(client, "priya", "wrong")
    minutes_pass(10)
    for _ in range(3):
        assert attempt(client, "priya", PASSWORD).status_code == 429

    minutes_pass(6)

    assert attempt(client, "priya", PASSWORD).status_code == 302


# -- the whole account, from many addresses -------------------------------------------------


def minutes_pass(minutes: int) -> None:
    """As if the minutes had passed: every recorded attempt and lockout moves that far back."""
    earlier = datetime.timedelta(minutes=minutes)
    for attempt_row in AccessAttempt.objects.all():
        attempt_row.attempt_time -= earlier
        attempt_row.save(update_fields=["attempt_time"])
    for failure in SignInFailure.objects.all():
        failure.at -= earlier
        failure.save(update_fields=["at"])
    for lockout in AccountLockout.objects.all():
        lockout.locked_at, lockout.until = lockout.locked_at - earlier, lockout.until - earlier
        lockout.save(update_fields=["locked_at", "until"])


def spray(client, username: str, failures: int = ACCOUNT_LIMIT):
    """Wrong passwords for one account, four from each address in turn: never enough from one
    address for its own lockout. Returns the last response."""
    for n in range(failures):
        response = attempt(client, username, "wrong", address=ADDRESSES[n // 4 % len(ADDRESSES)])
    return response


def paragraphs(response) -> list[str]:
    return re.findall(r'<p class="govuk-body">(.*?)</p>', response.content.decode())


def test_twenty_wrong_passwords_from_five_addresses_lock_the_account_from_everywhere(
    client, council: Council
):
    assert spray(client, "priya", ACCOUNT_LIMIT - 1).status_code == 200

    response = spray(client, "priya", 1)

    assert response.status_code == 429
    assert paragraphs(response)[0] == (
        "There have been too many attempts to sign in as <strong>priya</strong> with a wrong "
        "password or code, from more than one place, so signing in to that account is locked "
        "from every computer for now."
    )
    assert paragraphs(response)[1].startswith("You can try again in 15 minutes, after ")
    refused = attempt(client, "priya", PASSWORD, address=ELSEWHERE)
    assert refused.status_code == 429  # not even the right password, from a new address
    assert client.get(reverse("home")).status_code == 302  # not signed in
    assert attempt(client, "dev", PASSWORD, address=ELSEWHERE).status_code == 302  # others can


def test_the_account_holder_is_emailed_once_saying_when_from_where_and_what_to_do(
    client, council: Council, mailoutbox
):
    spray(client, "priya")
    for address in [ELSEWHERE, *ADDRESSES]:
        attempt(client, "priya", "wrong", address=address)  # refused: no more e-mail

    (mail,) = mailoutbox
    until = time_format(localtime(AccountLockout.objects.get(username="priya").until), "g:i a")
    assert mail.to == ["priya@example.org"]
    assert mail.subject == f"Signing in to your Golden Thread account is locked until {until}"
    text = " ".join(mail.body.split())
    assert "someone tried to sign in to your Golden Thread account (priya) 20 times" in text
    assert "from 5 different internet addresses" in text
    assert "In the 15 minutes up to" in text
    assert "Even the right password will not work before then." in text
    assert "Contact your council's performance team" in text
    assert "/sign-in/" in text
    html = mail.alternatives[0][0]
    assert "from 5 different internet addresses" in html
    assert f"locked from every computer until <strong>{until}</strong>" in html


def test_an_unknown_username_is_locked_the_same_way_and_nobody_is_emailed(
    client, council: Council, mailoutbox
):
    real = spray(client, "priya")
    unknown = spray(client, "nobody")

    assert unknown.status_code == real.status_code == 429
    assert [p.replace("nobody", "priya") for p in paragraphs(unknown)] == paragraphs(real)
    assert [mail.to for mail in mailoutbox] == [["priya@example.org"]]


def test_the_lockout_of_the_account_is_audited(client, council: Council):
    spray(client, "priya")

    entry = AuditEntry.objects.get(action="account_lock")
    assert entry.summary.startswith("Signing in as 'priya' locked from every address until ")
    assert entry.summary.endswith(" after 20 failed attempts from 5 addresses")
    assert (entry.object_type, entry.object_id) == ("organisation.user", str(council.priya.pk))
    assert entry.data["emailed"] == "priya@example.org"
    refused = AuditEntry.objects.filter(action="sign_in_failed").order_by("-id").first()
    assert refused is not None and refused.data["reason"] == (
        "locked out after too many failed attempts"
    )


def test_attempts_refused_by_a_lockout_do_not_count_towards_the_account(client, council: Council):
    """Else one address could lock the account everywhere just by asking again and again."""
    for _ in range(ACCOUNT_LIMIT + 10):
        attempt(client, "priya", "wrong", address=ADDRESSES[0])

    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_holder_signing_in_meanwhile_does_not_clear_the_count_for_the_account(
    client, council: Council
):
    spray(client, "priya", ACCOUNT_LIMIT - 4)  # from the first four addresses
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 302
    client.logout()

    for _ in range(4):
        response = attempt(client, "priya", "wrong", address=ADDRESSES[4])

    assert response.status_code == 429
    assert "locked from every computer" in paragraphs(response)[0]


def test_wrong_passwords_older_than_fifteen_minutes_do_not_count(client, council: Council):
    spray(client, "priya", ACCOUNT_LIMIT - 1)
    minutes_pass(16)

    assert spray(client, "priya", 1).status_code == 200
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_account_can_sign_in_again_after_fifteen_minutes(client, council: Council):
    spray(client, "priya")
    minutes_pass(14)
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 429

    minutes_pass(2)

    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_performance_team_can_unlock_the_account_at_the_command_line(
    client, council: Council, capsys
):
    spray(client, "priya")
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 429

    call_command("axes_reset_username", "priya")

    assert "attempts removed" in capsys.readouterr().out
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 302


def test_the_performance_team_can_unlock_the_account_in_the_admin(client, council: Council):
    spray(client, "priya")
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 429
    lockout = AccountLockout.objects.get(username="priya")
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", PASSWORD))

    page = client.get(reverse("admin:accounts_accountlockout_changelist"))
    client.post(reverse("admin:accounts_accountlockout_delete", args=[lockout.pk]), {"post": "yes"})
    client.logout()

    assert "priya" in page.content.decode()
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_right_two_step_code_does_not_sign_in_once_the_account_is_locked(
    client, council: Council
):
    device = TOTPDevice.objects.create(user=council.priya, name="app", confirmed=True)
    attempt(client, "priya", PASSWORD, address=ELSEWHERE)  # the password, then the code owed
    spray(Client(), "priya")  # others, elsewhere, meanwhile

    response = client.post(
        reverse("sign_in_code"), {"code": code_now(device)}, REMOTE_ADDR=ELSEWHERE
    )

    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302  # signed out, to start again later


def test_a_mail_server_that_is_down_does_not_stop_the_lockout(
    client, council: Council, monkeypatch, caplog
):
    def refuse(**kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("goldenthread.accounts.services.send_templated_mail", refuse)

    assert spray(client, "priya").status_code == 429
    assert attempt(client, "priya", PASSWORD, address=ELSEWHERE).status_code == 429
    assert "Could not tell priya that their account is locked" in caplog.text


@pytest.mark.parametrize(("account", "address"), [("5", "5"), ("4", "5")], ids=["equal", "fewer"])
def test_an_account_limit_not_above_the_address_limit_is_refused_at_start_up(
    account: str, address: str
):
    result = settings_start_up(
        GOLDENTHREAD_ACCOUNT_LOCKOUT_FAILURES=account, GOLDENTHREAD_LOCKOUT_FAILURES=address
    )

    assert result.returncode != 0
    assert (
        f"GOLDENTHREAD_ACCOUNT_LOCKOUT_FAILURES ({account}) must be more than "
        f"GOLDENTHREAD_LOCKOUT_FAILURES ({address})"
    ) in result.stderr
