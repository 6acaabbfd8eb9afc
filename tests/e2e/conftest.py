"""End-to-end fixtures: one Chromium for all the e2e tests, a clean tab per test, a live server.

The browser is Debian's Chromium, driven by Playwright without its own downloaded browsers
(`make browser` installs it). Tests that use `page` also get pytest-django's `live_server`,
which makes their database access transactional, so the server thread sees the test's data on
SQLite and PostgreSQL alike. See docs/testing.md.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Page,
    Playwright,
    Response,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from .browsing import preload_axe

CHROMIUM = Path(os.environ.get("GOLDENTHREAD_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a page from a local server; a timeout means the page is broken, not slow.
TIMEOUT_MS = 5_000
ASSET_TYPES = {"stylesheet", "script", "image", "font"}
FAILURE_SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


# The browser fixtures live for this package, not the session: they start at the first
# end-to-end test and stop after the last, so the rest of the suite runs without them (below).


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright, with Django told about the event loop it keeps running in this thread.

    Playwright's sync API runs an asyncio loop in the test's thread. While it runs, Django
    refuses ORM calls from this thread (they are safe: the loop never runs our queries, hence
    DJANGO_ALLOW_ASYNC_UNSAFE), and keeps this thread's database connections apart from the
    ones it had before. Those are closed when the loop stops, or they would outlive the test
    database and stop PostgreSQL dropping it.
    """
    if not CHROMIUM.exists():
        missing = (
            f"End-to-end tests need Chromium at {CHROMIUM}, which is missing. Run `make browser` "
            "(or `apt-get install chromium`), or set GOLDENTHREAD_E2E_CHROMIUM to a Chromium."
        )
        if os.environ.get("GOLDENTHREAD_REQUIRE_BROWSER"):  # CI installs it and must run them
            pytest.fail(missing, pytrace=False)
        pytest.skip(f"SKIPPED browser tests: {missing}")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    """One browser profile for all the tests, with axe-core in every page.

    Sharing it keeps the browser's cache and compiled scripts warm, which halves the time per
    test; the `page` fixture clears cookies and storage so tests stay independent. It asks for
    the live server so that the server stops after the browser has closed its connections:
    a request still in flight would otherwise touch a database connection already taken back.
    """
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    preload_axe(context)
    yield context
    context.close()


@pytest.fixture(scope="package")
def _tab(context: BrowserContext) -> list[Page]:
    return [context.new_page()]


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    context: BrowserContext,
    _tab: list[Page],
    live_server: LiveServer,
) -> Iterator[Page]:
    """A signed-out browser tab: no cookies or storage. Go somewhere first (`page.goto`).

    Fails the test on a script error or a stylesheet, script, image or font that does not load,
    and saves a screenshot of a failed test in test-results/.
    """
    if _tab[0].is_closed():
        _tab[0] = context.new_page()
    page = _tab[0]
    context.clear_cookies()
    problems: list[str] = []

    def on_script_error(error: Error) -> None:
        problems.append(f"script error on {page.url}: {error}")

    def on_response(response: Response) -> None:
        problems.extend(broken_asset(response))

    page.on("pageerror", on_script_error)
    page.on("response", on_response)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        FAILURE_SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(FAILURE_SCREENSHOTS / f"{name}.png"), full_page=True)
    if not page.is_closed():
        page.remove_listener("pageerror", on_script_error)
        page.remove_listener("response", on_response)
        page.unroute_all(behavior="ignoreErrors")
        if page.url.startswith(live_server.url):
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        # The tab stays on its page: the next test's first step navigates, and going to
        # about:blank in between would cost a new renderer process each way (0.3 s per test).
    assert not problems, "The browser saw problems:\n" + "\n".join(problems)


def broken_asset(response: Response) -> list[str]:
    if response.request.resource_type not in ASSET_TYPES or response.status < 400:
        return []
    return [f"{response.status} for {response.request.resource_type} {response.url}"]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    # Keeps the call phase's report on the test so the page fixture knows it failed.
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
