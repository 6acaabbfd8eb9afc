"""Ratings in a real browser: the reasons open under "Why", the trend chart is an image a screen
reader can name, and the performance team changes the settings through the form."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from goldenthread.performance.models import RatingSettings
from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import Q1, Thread, make_actual, thread_fixture  # noqa: F401

from .browsing import assert_accessible, sign_in

pytestmark = pytest.mark.e2e


def test_why_opens_to_show_the_numbers_behind_a_status(
    page: Page, live_server: LiveServer, thread: Thread
) -> None:
    sign_in(page, live_server.url, "dev")
    page.goto(f"{live_server.url}/indicators/")
    row = page.get_by_role("row").filter(has_text="EH LI 1")
    reason = row.get_by_text("93 is 2.1% below the target of 95; the amber band is 5%.")

    expect(row.get_by_text("Near target")).to_be_visible()
    expect(reason).to_be_hidden()
    row.get_by_text("Why").click()
    expect(reason).to_be_visible()


def test_the_trend_chart_is_an_image_named_for_screen_readers_with_spc_on(
    page: Page, live_server: LiveServer, thread: Thread
) -> None:
    settings = RatingSettings.current()
    settings.spc_enabled = True
    settings.save()
    for i, value in enumerate(["780", "790", "805", "795"]):
        make_actual(thread.ni, Q1.shift(-4 + i), value, WorkflowState.PUBLISHED)
    sign_in(page, live_server.url, "chen")
    page.goto(f"{live_server.url}/indicators/NI%20123/")

    chart = page.get_by_role("img", name=re.compile(r"^Chart of NI 123 Stopping smoking"))
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_description(re.compile(r"5 quarters of published figures"))
    expect(page.get_by_text("Common cause variation").first).to_be_visible()
    assert_accessible(page)


def test_the_performance_team_changes_the_settings_through_the_form(
    page: Page, live_server: LiveServer, thread: Thread
) -> None:
    sign_in(page, live_server.url, "priya")
    page.goto(f"{live_server.url}/ratings/settings/")
    page.get_by_label("Floor standard (amber between floor and target)").check()
    page.get_by_label("Tolerance (the amber band)").fill("3")
    page.get_by_role("button", name="Save rating settings").click()

    expect(page.get_by_role("alert")).to_contain_text("Rating settings saved.")
    assert RatingSettings.current().rule == "floor_standard"

    page.get_by_role("button", name="Recalculate published statuses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recalculate published statuses?")
    page.get_by_role("button", name=re.compile(r"^Recalculate \d+ status")).click()
    expect(page.get_by_role("alert")).to_contain_text("Statuses recalculated:")
