"""How often one address may ask (issue 11, point 8; goldenthread/web/ratelimits.py).

Rosa reads the public pages without signing in; a scraper at another address hammers them.
Past its limit the scraper gets the "Too many requests" page (429) with Retry-After, while Rosa
carries on. Ppb.chair, signed in, downloads reports: a few a minute per address, and PDFs, the
dearest to draw, a few a minute per person wherever they ask from.

The suite runs with the limits off (every test client is 127.0.0.1); each test here sets the
limit it tries, except the first, which runs the settings as an operator gets them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.cache import caches

from goldenthread.organisation.models import User

ROSA, SCRAPER, PROXY = "198.51.100.7", "203.0.113.9", "10.0.0.2"
ERS_QMR = "/reports/qmr/?period=2009-10-Q1&department=ERS&status=red"
CSV = "/performance/open-data/figures.csv"
OFF = {"anonymous": 0, "open_data": 0, "downloads": 0, "pdf": 0}


@pytest.fixture(autouse=True)
def fresh_counts():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def limits(settings, **per_minute: int) -> None:
    settings.RATE_LIMITS = {**OFF, **per_minute}


def get(client, url: str, address: str, **extra):
    return client.get(url, REMOTE_ADDR=address, **extra)


def test_by_default_an_address_may_ask_120_times_a_minute_without_signing_in(tmp_path):
    """A fresh process with an operator's settings (no GOLDENTHREAD_RATE_LIMIT_* set)."""
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='goldenthread.settings';"
        "django.setup();"
        "from django.test import Client;"
        "client = Client(HTTP_HOST='localhost', REMOTE_ADDR='192.0.2.1');"
        "answers = [client.get('/no-such-page/').status_code for _ in range(121)];"
        "print(answers.count(404), answers[-1])"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GOLDENTHREAD_") and name != "DJANGO_SETTINGS_MODULE"
    }
    environment |= {"GOLDENTHREAD_ENV": "development", "GOLDENTHREAD_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["120", "429"]


def test_a_scraper_past_the_limit_gets_too_many_requests_while_rosa_carries_on(
    client, db, settings
):
    limits(settings, anonymous=3)
    for _ in range(3):
        assert get(client, "/performance/about/", SCRAPER).status_code == 200

    refused = get(client, "/performance/about/", SCRAPER)

    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-store" in refused["Cache-Control"]
    html = refused.content.decode()
    assert '<h1 class="govuk-heading-l">Too many requests</h1>' in html
    assert "more than 3 times in a minute" in html
    assert f"Try again in {refused['Retry-After']} second" in html
    assert "download them as open data" in html
    assert get(client, "/performance/about/", ROSA).status_code == 200


def test_behind_a_proxy_each_browser_is_counted_by_its_own_address(client, db, settings):
    limits(settings, anonymous=2)
    settings.PROXY_COUNT = 1
    for _ in range(2):
        get(client, "/performance/about/", PROXY, HTTP_X_FORWARDED_FOR=SCRAPER)

    assert get(client, "/", PROXY, HTTP_X_FORWARDED_FOR=SCRAPER).status_code == 429
    # A scraper cannot start a fresh count by writing its own entry on the left.
    spoofed = get(client, "/", PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {SCRAPER}")
    assert spoofed.status_code == 429
    assert get(client, "/", PROXY, HTTP_X_FORWARDED_FOR=ROSA).status_code == 200


def test_signed_in_people_are_not_counted_as_anonymous(client, council, settings):
    limits(settings, anonymous=1)
    client.force_login(council.priya)

    for _ in range(3):
        assert get(client, "/performance/about/", SCRAPER).status_code == 200


def test_a_limit_of_0_is_no_limit(client, db, settings):
    limits(settings, anonymous=0)

    for _ in range(5):
        assert get(client, "/performance/about/", SCRAPER).status_code == 200


def test_open_data_downloads_have_a_limit_of_their_own(client, db, settings):
    limits(settings, open_data=2)
    for _ in range(2):
        assert get(client, CSV, SCRAPER).status_code == 200

    refused = get(client, CSV, SCRAPER)

    assert refused.status_code == 429
    assert "open data downloads more than 2 times in a minute" in refused.content.decode()
    assert "download them as open data" not in refused.content.decode()
    assert get(client, "/performance/", SCRAPER).status_code == 200  # the pages are not
    assert get(client, CSV, ROSA).status_code == 200


def test_report_downloads_are_limited_per_address_but_the_report_page_is_not(
    client, demo, settings
):
    limits(settings, downloads=2)
    client.force_login(User.objects.get(username="ppb.chair"))
    for fmt in ("csv", "json"):
        assert get(client, f"{ERS_QMR}&format={fmt}", SCRAPER).status_code == 200

    refused = get(client, f"{ERS_QMR}&format=xlsx", SCRAPER)

    assert refused.status_code == 429
    assert "report downloads more than 2 times in a minute" in refused.content.decode()
    assert get(client, ERS_QMR, SCRAPER).status_code == 200
    assert get(client, f"{ERS_QMR}&format=csv", ROSA).status_code == 200


def test_pdfs_are_limited_per_person_from_any_address(client, demo, settings):
    limits(settings, pdf=1)
    client.force_login(User.objects.get(username="ppb.chair"))
    assert get(client, f"{ERS_QMR}&format=pdf", ROSA).status_code == 200

    refused = get(client, f"{ERS_QMR}&format=pdf", SCRAPER)

    assert refused.status_code == 429
    assert "PDF reports more than 1 time in a minute" in refused.content.decode()
    assert get(client, f"{ERS_QMR}&format=csv", SCRAPER).status_code == 200
