"""The performance team's rating settings: only they can see or change them; saving is audited
and leaves published history its colours until they recalculate it, on purpose, after a
confirmation page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from goldenthread.audit.models import AuditEntry
from goldenthread.performance.models import RatingSettings, StatusRecord
from goldenthread.performance.services import statuses_record_published
from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import Q1, Thread, make_actual, thread_fixture  # noqa: F401

SETTINGS_URLS = ["rating_settings", "recalculate_statuses"]
VALID = {
    "rule": "tolerance_band",
    "tolerance": "1",
    "tolerance_kind": "percent",
    "exception_threshold": "12.5",
    "no_change_band": "2",
    "spc_enabled": "on",
    "spc_shift_length": "8",
    "spc_trend_length": "6",
    "spc_minimum_points": "15",
}


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("url_name", SETTINGS_URLS)
@pytest.mark.parametrize("name", ["dev", "olu", "chen", "pat"])
def test_only_the_performance_team_can_open_or_post_the_settings(
    client, thread: Thread, url_name: str, name: str
):
    client.force_login(getattr(thread.council, name))

    assert client.get(reverse(url_name)).status_code == 404
    assert client.post(reverse(url_name), VALID).status_code == 404
    assert not AuditEntry.objects.exists()
    assert RatingSettings.current().tolerance == Decimal(5)


@pytest.mark.parametrize("url_name", SETTINGS_URLS)
def test_signed_out_the_settings_ask_you_to_sign_in(client, thread: Thread, url_name: str):
    response = client.get(reverse(url_name))

    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_settings_page_shows_the_rules_in_force(client, thread: Thread):
    client.force_login(thread.council.priya)
    html = text(client.get(reverse("rating_settings")))

    assert '<h1 class="govuk-heading-xl">Rating settings</h1>' in html
    assert 'name="rule" type="radio" value="tolerance_band" checked>' in html
    assert (
        'id="id_tolerance" name="tolerance" type="text" inputmode="decimal" '
        'spellcheck="false" value="5"' in html
    )
    assert (
        'name="exception_threshold" type="text" inputmode="decimal" spellcheck="false" '
        'value="10"' in html
    )
    assert 'name="spc_enabled" type="checkbox" value="on">' in html  # off by default
    assert "Published history keeps its colours until you recalculate it." in html


def test_saving_the_settings_changes_them_says_so_and_is_audited(client, thread: Thread):
    priya = thread.council.priya
    client.force_login(priya)

    response = client.post(reverse("rating_settings"), VALID, follow=True)

    settings = RatingSettings.current()
    assert (settings.tolerance, settings.exception_threshold, settings.no_change_band) == (
        Decimal(1),
        Decimal("12.5"),
        Decimal(2),
    )
    assert settings.spc_enabled and settings.spc_shift_length == 8
    assert settings.spc_trend_length == 6 and settings.spc_minimum_points == 15
    assert settings.updated_by == priya
    html = text(response)
    assert "Rating settings saved." in html
    assert "published statuses keep their colours until you recalculate them" in html
    entry = AuditEntry.objects.get(action="rating_settings_update")
    assert entry.actor == priya and "tolerance" in entry.summary
    assert "Rating settings changed: tolerance" in html  # listed under recent changes


def test_wrong_values_are_reported_and_nothing_is_saved(client, thread: Thread):
    client.force_login(thread.council.priya)
    wrong = {**VALID, "tolerance": "-1", "spc_shift_length": "1", "no_change_band": "lots"}

    response = client.post(reverse("rating_settings"), wrong)

    html = text(response)
    assert response.status_code == 200
    assert "<title>Error: Rating settings" in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_tolerance">Enter a number that is 0 or more</a>' in html
    assert '<a href="#id_spc_shift_length">Enter a whole number from 2 to 50</a>' in html
    assert '<a href="#id_no_change_band">Enter a number.</a>' in html
    assert RatingSettings.current().tolerance == Decimal(5)
    assert not AuditEntry.objects.exists()


def test_history_keeps_its_colours_until_the_team_recalculates(client, thread: Thread):
    """EH LI 1's published 92 against 95 is amber with a 5% band; with a 1% band it would be
    red, but a stored status keeps its colour until the performance team recalculates. (NI 123's
    published Q1 figure is stored too, and stays green.)"""
    thread.local.actuals.all().delete()
    make_actual(thread.local, Q1, "92", WorkflowState.PUBLISHED)
    thread.local.targets.filter(period=Q1).update(value=Decimal(95))
    statuses_record_published(acting_user=None)
    priya, chen = thread.council.priya, thread.council.chen
    indicator_url = reverse("indicator", args=["EH LI 1"])

    client.force_login(priya)
    client.post(reverse("rating_settings"), VALID)
    client.force_login(chen)
    before = text(client.get(indicator_url))

    assert "Near target" in before.split('class="gt-latest"')[1].split("</p>")[0]
    assert "the amber band is 5%" in before
    assert "later changes to the rating settings do not recolour it" in before

    client.force_login(priya)
    confirm = text(client.get(reverse("recalculate_statuses")))
    assert "There are <strong>2</strong> stored statuses of published figures." in confirm
    assert "The audit trail records that you did this" in confirm
    stored = StatusRecord.objects.filter(indicator=thread.local)
    assert stored.get().status == "amber"  # looking is not doing

    done = text(client.post(reverse("recalculate_statuses"), follow=True))

    assert "Statuses recalculated: 0 stored, 2 re-rated, 1 changed status." in done
    assert stored.get().status == "red"
    entry = AuditEntry.objects.filter(action="statuses_recalculate").get()
    assert entry.actor == priya
    client.force_login(chen)
    after = text(client.get(indicator_url))
    assert "Off target" in after.split('class="gt-latest"')[1].split("</p>")[0]
    assert "the amber band is 1%, so this is red" in after


def test_the_settings_page_lists_the_latest_rating_audit_entries_only(client, thread: Thread):
    AuditEntry.objects.create(action="actual_submit", summary="A figure was submitted")
    statuses_record_published(acting_user=None)
    client.force_login(thread.council.priya)

    html = text(client.get(reverse("rating_settings")))

    assert "Published figures rated: 1 stored, 0 re-rated, 0 changed status" in html  # NI 123
    assert "The system" in html
    assert "A figure was submitted" not in html


def test_the_home_page_leads_the_performance_team_to_their_pages(client, thread: Thread):
    client.force_login(thread.council.priya)
    html = text(client.get(reverse("home")))

    assert f'href="{reverse("rating_settings")}">Rating settings</a>' in html
    assert f'href="{reverse("integrity")}">Check the golden thread' in html
    client.force_login(thread.council.dev)
    assert reverse("rating_settings") not in text(client.get(reverse("home")))
