"""What an end-to-end test does in the browser: sign in as a persona, check accessibility."""

import re
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import BrowserContext, Locator, Page, Response, expect

from tests.conftest import PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no separate 2.2 A tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def sign_in(page: Page, base_url: str, username: str, password: str = PASSWORD) -> Response:
    """Signs in through the real sign-in form, as a person would.

    Returns the response for the page the form leads to (after any redirect), once it has
    loaded, and fails if that page is an error."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_response(is_page_arrived_at) as arrival:
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    response = arrival.value
    assert response.ok, f"signing in as {username} led to {response.status} at {response.url}"
    return response


def is_page_arrived_at(response: Response) -> bool:
    """A page's own response, not a redirect on the way to it."""
    return response.request.is_navigation_request() and not 300 <= response.status < 400


def control(page: Page, name: str) -> Locator:
    """The button or link a person would press to do `name` ("Sign out"), whichever it is."""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*$", re.IGNORECASE)
    return page.get_by_role("button", name=pattern).or_(page.get_by_role("link", name=pattern))


def preload_axe(context: BrowserContext) -> None:
    """Puts axe-core into every page the context loads from now on.

    Optional (`axe_violations` injects it when it is missing), but about three times faster
    than injecting it into each page afterwards.
    """
    context.add_init_script(path=str(axe_path()))


def axe_path() -> Path:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (or `make assets`)"
    return AXE


def axe_violations(page: Page) -> list[dict]:
    """Runs axe-core on the page as it is now and returns its WCAG A/AA violations."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_path()))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return results["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        lines.extend(f"    at {' '.join(node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


def blocking_violations(page: Page) -> list[dict]:
    """The serious and critical violations: the ones that stop someone using the page."""
    return [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page: Page) -> None:
    violations = blocking_violations(page)
    assert not violations, (
        f"{page.url} has serious or critical accessibility problems:\n"
        + describe_violations(violations)
    )


def expect_path(page: Page, path: str) -> None:
    """Waits until the browser is at `path` on the live server, whatever the query string.

    `path` is written as people read it ("/objectives/EH 1/"); the browser's is URL-encoded."""
    encoded = re.escape(quote(path, safe="/"))
    expect(page).to_have_url(re.compile(rf"^https?://[^/]+{encoded}(\?.*)?$"))
