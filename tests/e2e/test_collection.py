"""A quarter's collection in a real browser: a manager completes their department's return
(a figure checked before saving, a warning explained, the rest saved at once with Save all)
and submits it after confirming; the performance officer validates and publishes it, after
confirming; a member of the board whose priority the indicator serves then sees the published
figure."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from goldenthread.indicators.models import Actual, IndicatorPriority
from goldenthread.monitoring import services
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q2, Collection, collection_fixture  # noqa: F401

from .browsing import assert_accessible, expect_path, sign_in

pytestmark = pytest.mark.e2e


def test_a_return_goes_from_the_manager_to_the_board(
    page: Page, live_server: LiveServer, council, collection: Collection
) -> None:
    IndicatorPriority.objects.create(indicator=collection.smoking, priority=council.health)
    services.round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 31))

    # Dev, manager in Environmental Health, finds the return from his home page.
    sign_in(page, live_server.url, "dev")
    page.get_by_role("link", name="Enter Environmental Health's return for 2009/10 Q2").click()
    expect_path(page, "/returns/EH/2009-10-Q2/")
    assert_accessible(page)

    # The page shows the target and last quarter's figure beside each figure to enter.
    smoking = page.get_by_role("region", name="NI 123 Stopping smoking")
    expect(smoking).to_contain_text("the annual target for 2009/10")
    expect(smoking).to_contain_text("48.0%, published")

    # Check: the status 70.0 would get, and the warning it raises, with nothing saved.
    smoking.get_by_label("Value").fill("70.0")
    smoking.get_by_role("button", name="Check NI 123").click()
    smoking = page.get_by_role("region", name="NI 123 Stopping smoking")
    expect(smoking.get_by_text("Checked, not saved")).to_be_visible()
    expect(smoking).to_contain_text("On target")
    expect(smoking).to_contain_text("is up by 45.8% on 48.0 in 2009/10 Q1")
    assert_accessible(page)
    assert not Actual.objects.filter(period=Q2).exists()
    expect(smoking.get_by_label("Value")).to_have_value("70.0")
    smoking.get_by_label("Explanation of the warning").fill("A second clinic opened in July")
    smoking.get_by_role("button", name="Save NI 123").click()
    expect(page.get_by_text("Saved as a draft")).to_be_visible()

    # The rest in one go: Save all saves every item changed.
    inspections = page.get_by_role("region", name="EH LI 1 Food premises inspected")
    inspections.get_by_label("Value").fill("260")
    milestone = page.get_by_role("region", name="EH 1.1 Open two clinics")
    milestone.get_by_label("Progress").select_option(label="On track")
    milestone.get_by_label("Commentary").fill("The first clinic is open")
    narrative = page.get_by_role("region", name="Department narrative")
    narrative.get_by_label("Key developments").fill("Two stop-smoking clinics")
    page.get_by_role("button", name="Save all changes").first.click()
    expect(page.get_by_text("Saved 3 items as drafts")).to_be_visible()

    # Submitting asks first, saying how many items go.
    page.get_by_role("button", name="Submit return").click()
    expect_path(page, "/returns/EH/2009-10-Q2/submit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Submit 4 items to the performance team?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Yes, submit 4 items").click()
    expect(page.get_by_text("Return submitted: 4 items")).to_be_visible()
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).state == "submitted"

    # Priya, performance officer, validates each item and publishes them.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "priya")
    page.goto(f"{live_server.url}/collection/2009-10-Q2/")
    assert_accessible(page)
    queue = page.get_by_role("table", name=re.compile("Validate each item"))
    expect(queue.get_by_role("row").filter(has_text="NI 123")).to_contain_text(
        "A second clinic opened in July"
    )
    validate = page.get_by_role("button", name=re.compile(r"^Validate"))
    for remaining in range(4, 0, -1):
        expect(validate).to_have_count(remaining)
        validate.first.click()
        expect(page.get_by_text("validated.", exact=False)).to_be_visible()
    expect(validate).to_have_count(0)
    # The queue showed each item's status and the explanation given; publishing asks first.
    page.get_by_role("button", name="Publish validated figures").click()
    expect(page.get_by_role("main")).to_contain_text("once the 2009/10 Q2 round is closed")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, publish 4 items").click()
    expect(page.get_by_text("Published 4 items")).to_be_visible()
    actual = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert actual.state == WorkflowState.PUBLISHED

    # Its history shows every step, with the warning's explanation.
    page.goto(f"{live_server.url}/history/actual/{actual.pk}/")
    expect(page.get_by_role("cell", name="A second clinic opened in July").first).to_be_visible()
    expect(page.get_by_role("cell", name="published", exact=True)).to_be_visible()
    assert_accessible(page)

    # Cllr Chen, on the Healthy Borough PPB, sees the published figure on her home page.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "chen")
    board = page.get_by_role("table", name=re.compile("Indicators for this priority"))
    expect(board.get_by_role("row").filter(has_text="NI 123")).to_contain_text("70.0%")
