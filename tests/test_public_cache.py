"""The public pages are kept for anonymous readers until what the public may see next changes
(issue 11, point 8; goldenthread/public/caching.py and edition.py).

Rosa, a resident, reads the public pages many times a day, as do thousands like her: after the
first visit each page is answered from the cache with one query. Priya, the performance
officer, publishes, corrects and closes rounds through the service: Rosa sees each change on her
very next request, and never a figure the public may no longer see. The figures are those of
test_public_pages.py: NI 123's Q1 figure (812.25) is public; Q2's round is still open, so NI
123's published Q2 figure (790.4) is not yet; EH LI 1's Q2 figure (93.71) is validated.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.services import (
    actual_correct,
    actual_publish,
    actual_save,
    round_close,
    round_open,
)
from goldenthread.organisation.models import User
from goldenthread.performance.services import rating_settings_update
from goldenthread.planning.periods import Period
from goldenthread.public import caching
from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import Q1, Q2, Thread, make_actual, thread_fixture  # noqa: F401
from tests.test_public_pages import PUBLIC_PAGES, page, published_fixture  # noqa: F401

NI_PAGE = "/performance/indicators/NI 123/"
CSV = "/performance/open-data/figures.csv"
Q3 = Period.parse("2008/09 Q3")


def queries(client, url: str, **headers) -> tuple[int, int]:
    """The status of one GET of ``url`` and the database queries it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    return response.status_code, len(captured)


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, CSV, f"{CSV}?priority=HEALTH"])
def test_rosa_s_second_visit_is_answered_from_the_cache_with_one_query(
    client, published: Thread, url: str
):
    first = page(client, url)

    assert queries(client, url) == (200, 1)  # the public edition, nothing else
    assert page(client, url) == first


def test_a_figure_published_shows_on_rosa_s_very_next_request(client, published: Thread):
    priya = published.council.priya
    round_close(acting_user=priya, round=CollectionRound.objects.get(quarter=Q2))
    before = page(client, "/performance/indicators/EH LI 1/")
    assert "93.71" not in before  # validated, not yet published

    actual_publish(
        acting_user=priya, actuals=[Actual.objects.get(indicator=published.local, period=Q2)]
    )

    assert "93.71" in page(client, "/performance/indicators/EH LI 1/")
    assert "93.71" in page(client, CSV)


def test_a_quarter_shows_as_soon_as_priya_closes_its_round(client, published: Thread):
    assert "790.4" not in page(client, NI_PAGE)

    round_close(acting_user=published.council.priya, round=CollectionRound.objects.get(quarter=Q2))

    assert "790.4" in page(client, NI_PAGE)


def test_a_correction_to_a_published_figure_replaces_it_at_once(client, published: Thread):
    assert "812.25" in page(client, NI_PAGE)

    actual_correct(
        acting_user=published.council.priya,
        actual=Actual.objects.get(indicator=published.ni, period=Q1),
        value="815.5",
        reason="The March count was revised",
    )

    html = page(client, NI_PAGE)
    assert "815.5" in html and "812.25" not in html


def test_every_server_process_sees_a_change_made_in_another_at_once(
    client, published: Thread, monkeypatch
):
    """Two gunicorn workers, each with its own in-memory cache: the first keeps Rosa's copy,
    the second serves Priya's round closing; the first never serves its copy again."""
    first_worker, second_worker = LocMemCache("first", {}), LocMemCache("second", {})
    monkeypatch.setattr(caching, "cache", first_worker)
    assert "790.4" not in page(client, NI_PAGE)

    monkeypatch.setattr(caching, "cache", second_worker)
    round_close(acting_user=published.council.priya, round=CollectionRound.objects.get(quarter=Q2))
    assert "790.4" in page(client, NI_PAGE)

    monkeypatch.setattr(caching, "cache", first_worker)
    assert "790.4" in page(client, NI_PAGE)


def test_a_quarter_withheld_by_a_new_round_never_leaks_through_the_cache(client, published: Thread):
    """A figure for 2008/09 Q3 was published early (an import, say): the public sees it, until
    Priya opens Q3's round, which withholds the quarter until the round closes."""
    make_actual(published.ni, Q3, "701.75", WorkflowState.PUBLISHED)
    assert "701.75" in page(client, NI_PAGE)
    assert "701.75" in page(client, CSV)

    round_open(acting_user=published.council.priya, quarter=Q3, deadline=datetime.date(2009, 2, 1))

    for url in [NI_PAGE, CSV, "/performance/", "/performance/priorities/HEALTH/"]:
        assert "701.75" not in page(client, url), url


def test_a_round_opened_again_outside_the_service_withholds_its_quarter_at_once(
    client, published: Thread
):
    """The admin or the shell saves the round: no service, and still no stale page."""
    assert "812.25" in page(client, NI_PAGE)

    q1_round = CollectionRound.objects.get(quarter=Q1)
    q1_round.closed_at = None
    q1_round.save()

    assert "812.25" not in page(client, NI_PAGE)


def test_new_rating_rules_show_on_the_next_visit(client, published: Thread):
    assert "by no more than 5% of the target" in page(client, "/performance/about/")

    rating_settings_update(acting_user=published.council.priya, tolerance=Decimal("7.5"))

    assert "by no more than 7.5% of the target" in page(client, "/performance/about/")


def test_an_indicator_renamed_in_the_library_shows_renamed(client, published: Thread):
    assert "Stopping smoking" in page(client, NI_PAGE)

    published.ni.title = "Quitting smoking"
    published.ni.save()

    assert "Quitting smoking" in page(client, NI_PAGE)


def test_indicators_deleted_together_in_the_admin_leave_the_public_pages_at_once(
    client, published: Thread
):
    """The admin's "delete selected" deletes them in one go, and logs them without a signal."""
    assert "812.25" in page(client, CSV)
    assert "Stopping smoking" in page(client, "/performance/priorities/HEALTH/")
    staff = Client()
    staff.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))

    staff.post(
        "/admin/indicators/indicator/",
        {
            "action": "delete_selected",
            "_selected_action": [published.ni.pk, published.bvpi.pk],
            "post": "yes",
        },
    )

    assert not Indicator.objects.filter(pk=published.ni.pk).exists()
    assert "812.25" not in page(client, CSV)
    assert "Stopping smoking" not in page(client, "/performance/priorities/HEALTH/")


def test_a_measure_taken_off_a_priority_in_the_admin_leaves_its_page_at_once(
    client, published: Thread
):
    """The admin deletes the inline link itself, with no signal watched for it; saving the
    indicator around it is what changes the edition."""
    assert "Stopping smoking" in page(client, "/performance/priorities/HEALTH/")
    staff = Client()
    staff.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    url = f"/admin/indicators/indicator/{published.ni.pk}/change/"
    form = admin_form(staff.get(url).content.decode())

    answer = staff.post(url, {**form, "priority_links-0-DELETE": "on"})

    assert answer.status_code == 302, answer.content.decode()
    assert "Stopping smoking" not in page(client, "/performance/priorities/HEALTH/")


def admin_form(html: str) -> dict[str, str]:
    """The fields of an admin change form as a browser would send them unchanged."""
    fields: dict[str, str] = {}

    def named(attributes: str) -> str:
        found = re.search(r'name="([^"]+)"', attributes)
        return found.group(1) if found and "__prefix__" not in found.group(1) else ""

    for attributes in re.findall(r"<input([^>]*)>", html):
        name = named(attributes)
        if not name or name == "csrfmiddlewaretoken" or 'type="submit"' in attributes:
            continue
        if 'type="checkbox"' in attributes:
            if "checked" in attributes:
                fields[name] = "on"
            continue
        value = re.search(r'value="([^"]*)"', attributes)
        fields[name] = unescape(value.group(1)) if value else ""
    for attributes, text in re.findall(r"<textarea([^>]*)>(.*?)</textarea>", html, re.S):
        if name := named(attributes):
            fields[name] = unescape(text.strip())
    for attributes, options in re.findall(r"<select([^>]*)>(.*?)</select>", html, re.S):
        if name := named(attributes):
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
            fields[name] = chosen.group(1) if chosen else ""
    return fields


def test_a_draft_saved_during_collection_does_not_rebuild_the_public_pages(
    client, published: Thread
):
    page(client, "/performance/")
    draft = Actual.objects.get(indicator=published.bvpi, period=Q2)

    actual_save(
        acting_user=published.council.olu,
        indicator=published.bvpi,
        period=Q2,
        value="98",
        expected_version=draft.version,
    )

    assert queries(client, "/performance/") == (200, 1)


def test_browsers_may_keep_a_public_page_but_must_ask_again_each_time(client, published: Thread):
    response = client.get(NI_PAGE)

    assert response["Cache-Control"] == "public, no-cache"
    assert "Cookie" in response["Vary"]
    etag = response["ETag"]
    again = client.get(NI_PAGE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""

    round_close(acting_user=published.council.priya, round=CollectionRound.objects.get(quarter=Q2))

    changed = client.get(NI_PAGE, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "790.4" in changed.content.decode()


def test_priya_signed_in_never_gets_the_anonymous_copy_nor_is_hers_kept(client, published: Thread):
    page(client, NI_PAGE)  # Rosa's copy, kept
    # A change that bypasses every door (a bulk UPDATE): only a page built afresh shows it.
    Actual.objects.filter(indicator=published.ni, period=Q1).update(value=Decimal("899.5"))
    assert "899.5" not in page(client, NI_PAGE)

    client.force_login(published.council.priya)
    response = client.get(NI_PAGE)

    assert "899.5" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("ETag")


def test_with_caching_switched_off_every_visit_builds_the_page(client, published: Thread, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    page(client, "/performance/")

    status, count = queries(client, "/performance/")

    assert status == 200 and count > 5
