"""Every page passes axe-core's WCAG 2.2 A and AA rules with nothing serious or critical.

Add each new page to PAGES under every persona who can see it: the test visits them in order,
signed in as that persona (or signed out for "public"), and lists all problems it found.
"""

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.conftest import Council

from .browsing import (
    blocking_violations,
    describe_violations,
    expect_path,
    sign_in,
)

PAGES: dict[str, list[str]] = {
    "public": ["/", "/sign-in/"],
    "priya": ["/home/"],  # performance officer
    "dev": ["/home/"],  # department manager
    "chen": ["/home/"],  # councillor on a board
    "pat": ["/home/"],  # partner officer
}

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("persona", PAGES)
def test_pages_have_no_serious_accessibility_problems(
    page: Page, live_server: LiveServer, council: Council, persona: str
) -> None:
    if persona != "public":
        sign_in(page, live_server.url, persona)
        expect_path(page, "/home/")
    problems = []
    for path in PAGES[persona]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        expect_path(page, path)
        violations = blocking_violations(page)
        if violations:
            problems.append(f"{path}\n{describe_violations(violations)}")

    assert not problems, f"Accessibility problems seen by {persona}:\n" + "\n".join(problems)
