"""Signing in and out in a real browser, as each persona would."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, Council

from .browsing import control, expect_path, sign_in

pytestmark = pytest.mark.e2e


def test_a_wrong_password_shows_an_error_and_stays_on_the_sign_in_page(
    page: Page, live_server: LiveServer, council: Council
) -> None:
    sign_in(page, live_server.url, "priya", password="not my password")

    expect_path(page, "/sign-in/")
    expect(page.locator("main")).to_contain_text(re.compile("username and password", re.I))
    expect(page.get_by_label("Password")).to_have_value("")


@pytest.mark.parametrize(("username", "name"), [("priya", "Priya Shah"), ("pat", "Pat Doyle")])
def test_signing_in_lands_on_home_showing_the_persona_s_name(
    page: Page, live_server: LiveServer, council: Council, username: str, name: str
) -> None:
    sign_in(page, live_server.url, username)

    expect_path(page, "/home/")
    expect(page.locator("body")).to_contain_text(name)


def test_signing_out_returns_to_the_public_page_and_ends_the_session(
    page: Page, live_server: LiveServer, council: Council
) -> None:
    sign_in(page, live_server.url, "dev")

    control(page, "Sign out").click()

    expect_path(page, "/")
    expect(control(page, "Sign in")).to_be_visible()
    expect(control(page, "Sign out")).to_have_count(0)
    page.goto(live_server.url + "/home/")
    expect_path(page, "/sign-in/")


def test_an_anonymous_visitor_to_home_is_sent_to_sign_in_and_then_back(
    page: Page, live_server: LiveServer, council: Council
) -> None:
    page.goto(live_server.url + "/home/")

    expect_path(page, "/sign-in/")
    page.get_by_label("Username").fill("chen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect_path(page, "/home/")
    expect(page.locator("body")).to_contain_text("Mei Chen")
