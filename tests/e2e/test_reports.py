"""Reports in a real browser: a manager builds a report in the builder, saves it and shares it
with a board; a member of that board finds it in their list of reports and re-opens it; the
manager then stops sharing it, and it is gone from the member's list."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from goldenthread.reporting.models import SavedReport
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

from .browsing import assert_accessible, expect_path, sign_in

pytestmark = pytest.mark.e2e

NAME = "Environmental Health for the Healthy Borough PPB"


def test_a_built_report_is_saved_shared_and_reopened(
    page: Page, live_server: LiveServer, thread: Thread
) -> None:
    # Dev, manager in Environmental Health, builds a report of his department.
    sign_in(page, live_server.url, "dev")
    page.get_by_role("link", name="Reports", exact=True).click()
    expect_path(page, "/reports/")
    page.get_by_role("link", name="Build your own report").click()
    expect_path(page, "/reports/builder/")
    expect(page.get_by_role("checkbox", name="2008/09 Q1")).to_be_checked()
    page.get_by_role("radio", name="Department").check()
    page.get_by_role("combobox", name="Department").select_option(label="Environmental Health")
    page.get_by_role("checkbox", name="Milestones", exact=True).uncheck()
    page.get_by_role("button", name="Build the report").click()
    expect_path(page, "/reports/built/")
    expect(page).to_have_url(re.compile(r"department=EH&content=pis&content=commentary"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report on Environmental Health (EH): 2008/09 Q1"
    )
    expect(page.get_by_role("link", name=re.compile(r"NI 123 Stopping smoking"))).to_be_visible()
    assert_accessible(page)

    # He saves it, shared with the Healthy Borough PPB.
    page.get_by_label("Name").fill(NAME)
    page.get_by_role("checkbox", name="Healthy Borough PPB").check()
    page.get_by_role("button", name="Save this report").click()
    expect(page.get_by_text(f"Saved as “{NAME}”.")).to_be_visible()
    saved = SavedReport.objects.get(name=NAME)
    expect_path(page, f"/reports/saved/{saved.pk}/")
    assert_accessible(page)

    # Cllr Chen, on that board, finds it among her reports and opens it.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "chen")
    page.goto(f"{live_server.url}/reports/")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(
        page.get_by_text(re.compile(r"^Dev Patel, shared with Healthy Borough PPB"))
    ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"NI 123 Stopping smoking"))).to_be_visible()
    expect(page.get_by_role("button", name="Change who it is shared with")).to_have_count(0)

    # Dev stops sharing it; it is gone from her list.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "dev")
    page.goto(f"{live_server.url}/reports/saved/{saved.pk}/")
    page.get_by_role("checkbox", name="Healthy Borough PPB").uncheck()
    page.get_by_role("button", name="Change who it is shared with").click()
    expect(page.get_by_text(f"Changed who “{NAME}” is shared with.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "chen")
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("link", name=NAME)).to_have_count(0)
