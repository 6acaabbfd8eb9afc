"""Failed sign-ins are counted (django-axes): after five wrong passwords for one username from
one address, that pair is locked out for fifteen minutes, with a page saying so. These tests run
with the lockout on, as production does."""

from django.urls import reverse

from goldenthread.audit.models import AuditEntry
from tests.conftest import PASSWORD, Council

LIMIT = 5


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
