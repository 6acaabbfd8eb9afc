"""Behind a reverse proxy every request arrives from the proxy's address, and the browser's is
in X-Forwarded-For (GOLDENTHREAD_BEHIND_PROXY, GOLDENTHREAD_PROXY_COUNT). Sign-in lockout and the
audit log must key on the browser's address, or five wrong passwords from anywhere lock a person
out from everywhere; and only the entries our own proxies wrote may be believed, since the
browser can write anything further left."""

import logging
import os
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from goldenthread.accounts.addresses import client_address
from goldenthread.audit.models import AuditEntry
from tests.conftest import PASSWORD, Council

LIMIT = 5
PROXY = "10.0.0.2"  # the reverse proxy, the only address the application server sees
ALICE = "192.0.2.10"  # a browser on the internet
BOB = "198.51.100.7"  # another


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1


def via_proxy(client, username: str, password: str, browser: str, written_by_browser: str = ""):
    """A sign-in through one proxy, which appends the browser's address to whatever
    X-Forwarded-For the browser sent (nginx's $proxy_add_x_forwarded_for)."""
    forwarded = f"{written_by_browser}, {browser}" if written_by_browser else browser
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_five_wrong_passwords_lock_out_that_browser_only(
    client, council: Council, behind_proxy
):
    for _ in range(LIMIT):
        response = via_proxy(client, "priya", "wrong", ALICE)
    assert response.status_code == 429
    assert via_proxy(client, "priya", PASSWORD, ALICE).status_code == 429

    assert via_proxy(client, "priya", PASSWORD, BOB).status_code == 302  # signed in


def test_a_browser_cannot_escape_its_lockout_by_writing_its_own_x_forwarded_for(
    client, council: Council, behind_proxy
):
    for attempt in range(LIMIT):
        via_proxy(client, "priya", "wrong", ALICE, written_by_browser=f"203.0.113.{attempt}")

    response = via_proxy(client, "priya", PASSWORD, ALICE, written_by_browser=BOB)

    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302  # not signed in


def test_a_browser_cannot_lock_someone_else_out_by_writing_their_address(
    client, council: Council, behind_proxy
):
    for _ in range(LIMIT):
        via_proxy(client, "priya", "wrong", ALICE, written_by_browser=BOB)

    assert via_proxy(client, "priya", PASSWORD, BOB).status_code == 302


def test_the_audit_log_records_the_browsers_address_not_the_proxys(
    client, council: Council, behind_proxy
):
    via_proxy(client, "priya", "wrong", ALICE, written_by_browser=BOB)
    via_proxy(client, "priya", PASSWORD, ALICE, written_by_browser=BOB)

    entries = AuditEntry.objects.filter(action__in=["sign_in_failed", "sign_in"]).order_by("id")
    assert [(entry.action, entry.data["ip"]) for entry in entries] == [
        ("sign_in_failed", ALICE),
        ("sign_in", ALICE),
    ]
    assert entries[1].summary == f"Priya Shah signed in (password) from {ALICE}"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_browser(
    client, council: Council, settings
):
    settings.BEHIND_PROXY, settings.PROXY_COUNT = True, 2

    client.post(
        reverse("login"),
        {"username": "priya", "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{BOB}, {ALICE}, 10.0.0.1",  # browser's, outer proxy's, inner's
    )

    assert AuditEntry.objects.get(action="sign_in").data["ip"] == ALICE


def test_without_a_proxy_x_forwarded_for_is_ignored(client, council: Council):
    client.post(
        reverse("login"),
        {"username": "priya", "password": PASSWORD},
        REMOTE_ADDR=ALICE,
        HTTP_X_FORWARDED_FOR=BOB,
    )

    assert AuditEntry.objects.get(action="sign_in").data["ip"] == ALICE


def test_an_ipv6_browser_is_locked_out_by_its_network_not_just_its_address(
    client, council: Council
):
    """One machine may be given a whole /64 to pick addresses from."""
    for host in range(1, LIMIT + 1):
        response = client.post(
            reverse("login"),
            {"username": "priya", "password": "wrong"},
            REMOTE_ADDR=f"2001:db8:1:2::{host}",
        )
    assert response.status_code == 429

    def right_password_from(address: str) -> int:
        return client.post(
            reverse("login"), {"username": "priya", "password": PASSWORD}, REMOTE_ADDR=address
        ).status_code

    assert right_password_from("2001:db8:1:2:ffff::9") == 429
    assert right_password_from("2001:db8:1:3::1") == 302  # another network


# -- reading the address ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("forwarded", "browser"),
    [
        ("192.0.2.10", "192.0.2.10"),
        ("198.51.100.7, 192.0.2.10", "192.0.2.10"),  # the left-most was the browser's own
        (" 198.51.100.7 ,192.0.2.10 ", "192.0.2.10"),
        ("192.0.2.10:51234", "192.0.2.10"),  # proxies that add the port
        ("[2001:DB8::A]:443", "2001:db8::a"),
        ("2001:db8:0:0:0:0:0:a", "2001:db8::a"),  # one spelling for one address
        ("::ffff:192.0.2.10", "192.0.2.10"),  # IPv4 mapped into IPv6 is the IPv4 address
        ("fe80::1%eth0", "fe80::1"),
        ('"192.0.2.10"', "192.0.2.10"),
    ],
)
def test_the_browsers_address_is_read_from_what_the_proxy_wrote(
    settings, forwarded: str, browser: str
):
    settings.BEHIND_PROXY, settings.PROXY_COUNT = True, 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == browser


@pytest.mark.parametrize("forwarded", ["", "unknown", "unix:", "not-an-address, 192.0.2.10x"])
def test_without_a_readable_address_from_the_proxy_the_connections_address_is_used(
    settings, caplog, forwarded: str
):
    settings.BEHIND_PROXY, settings.PROXY_COUNT = True, 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    with caplog.at_level(logging.WARNING, logger="goldenthread.accounts.addresses"):
        assert client_address(request) == PROXY
    if forwarded:  # the proxy wrote something that is not an address: the operator is told
        assert "check GOLDENTHREAD_PROXY_COUNT" in caplog.text


def test_a_connection_address_that_is_not_an_address_is_unknown(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="unix:/run/goldenthread.sock")

    assert client_address(request) == ""


def settings_start_up(**variables: str) -> subprocess.CompletedProcess[str]:
    """Loading the settings in a fresh process with these environment variables set."""
    return subprocess.run(
        [sys.executable, "-c", "import goldenthread.settings"],
        env={**os.environ, "GOLDENTHREAD_ENV": "test", **variables},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("count", ["0", "-1"])
def test_a_proxy_count_below_one_is_refused_at_start_up_naming_the_variable(count: str):
    result = settings_start_up(GOLDENTHREAD_BEHIND_PROXY="1", GOLDENTHREAD_PROXY_COUNT=count)

    assert result.returncode != 0
    assert "GOLDENTHREAD_PROXY_COUNT must be 1 or more" in result.stderr
    assert f"not {count}" in result.stderr
