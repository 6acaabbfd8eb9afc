"""Signing in and out in a real browser, as each persona would, under the Content Security
Policy: the browser reports no violation, GOV.UK Frontend's scripts still run and the trend
charts keep their colours."""

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, Council
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

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


# Collects what the browser blocks under the Content Security Policy. Playwright injects it
# through the browser's debugging protocol, which the policy does not govern.
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const seen = JSON.parse(sessionStorage.getItem("csp-violations") || "[]");
  const blocked = event.blockedURI || "inline";
  seen.push(`${event.violatedDirective} blocked ${blocked} on ${location.pathname}`);
  sessionStorage.setItem("csp-violations", JSON.stringify(seen));
});
"""
# Pages with a trend chart (matplotlib's SVG, put into the page) are listed with the chart's class,
# so a chart that needed an inline style would be a violation here, and a missing one a failure.
PUBLIC_PAGES = {"/": "", "/sign-in/": "", "/performance/indicators/NI 123/": "gt-chart__svg"}
SIGNED_IN_PAGES = {
    "/home/": "",
    "/indicators/": "",
    "/indicators/NI 123/": "gt-chart__svg",
    "/reports/qmr/?period=2008-09-Q1&department=EH": "gt-status-chart",
    "/plans/": "",
    "/account/": "",
    "/account/two-step/set-up/": "",
}
TARGET_BLUE = "rgb(29, 112, 184)"  # charts.TARGET, as the browser computes it


def test_pages_run_under_the_content_security_policy_with_no_violation_and_working_scripts(
    page: Page, live_server: LiveServer, thread: Thread
) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(live_server.url + "/")
    page.evaluate("() => sessionStorage.removeItem('csp-violations')")

    for path, chart in PUBLIC_PAGES.items():
        page.goto(live_server.url + path)
        expect_frontend_running(page)
        expect_chart_drawn(page, chart)
    sign_in(page, live_server.url, "priya")
    for path, chart in SIGNED_IN_PAGES.items():
        page.goto(live_server.url + path)
        expect_frontend_running(page)
        expect_chart_drawn(page, chart)

    violations = page.evaluate("() => JSON.parse(sessionStorage.getItem('csp-violations') || '[]')")
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line], console
    assert page.evaluate("() => document.querySelector('img.gt-qr-code').naturalWidth") > 0


def expect_frontend_running(page: Page) -> None:
    """The static script set the classes GOV.UK Frontend's styles key on, and its module
    started the components (each marks its root element once initialised)."""
    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    buttons = page.locator('[data-module="govuk-button"]')
    if buttons.count():
        expect(buttons.first).to_have_attribute("data-govuk-button-init", "")


def expect_chart_drawn(page: Page, chart: str) -> None:
    """The page has its chart, and the chart's lines have their colours: the target line is
    drawn in blue, not in the black an unstyled SVG falls back to."""
    if not chart:
        return
    expect(page.locator(f"svg.{chart}").first).to_be_visible()
    if chart == "gt-chart__svg":
        strokes = page.eval_on_selector_all(
            "svg.gt-chart__svg path, svg.gt-chart__svg use",
            "nodes => nodes.map(node => getComputedStyle(node).stroke)",
        )
        assert TARGET_BLUE in strokes
