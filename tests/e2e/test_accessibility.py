"""Every page passes axe-core's WCAG 2.2 A and AA rules with nothing serious or critical.

Add each new page to PAGES under a persona who can see it (every signed-in person sees every
plan and indicator for now, so shared pages are listed once, under Priya). The test visits a
persona's pages in order, signed in as them (or signed out for "public"), over the small golden
thread of tests/pages_fixtures.py, and lists every problem it found.
"""

import datetime
from urllib.parse import quote

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from goldenthread.assurance.choices import Audience, StageKind
from goldenthread.assurance.models import TimetableStage
from goldenthread.monitoring.models import CollectionRound
from goldenthread.planning.periods import Period
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

from .browsing import blocking_violations, describe_violations, expect_path, sign_in

PAGES: dict[str, list[str]] = {
    "public": [
        "/",
        "/sign-in/",
        "/performance/",
        "/performance/priorities/HEALTH/",
        "/performance/indicators/NI 123/",
        "/performance/open-data/",
        "/performance/about/",
        "/performance/planning-timetable/",
    ],
    "priya": [  # performance officer
        "/home/",
        "/plans/",
        "/plans/priorities/HEALTH/",
        "/plans/areas-of-focus/1/",
        "/plans/departments/EH/",
        "/plans/SP-EH/",
        "/plans/EDR-DEV/",
        "/objectives/EH 1/",
        "/indicators/",
        "/indicators/NI 123/",
        "/coverage/",
        "/ratings/",
        "/ratings/settings/",  # the performance team's pages from here on
        "/ratings/settings/recalculate/",
        "/integrity/",
        "/collection/",
        "/collection/2008-09-Q2/",
        "/collection/2008-09-Q2/close/",
        "/planning/priorities/new/",
        "/planning/priorities/edit/HEALTH/",
        "/planning/key-objectives/new/",
        "/planning/key-objectives/HEALTH/A/edit/",
        "/planning/areas-of-focus/new/",
        "/planning/areas-of-focus/1/edit/",
        "/planning/plans/new/?parent=SP-EH",
        "/planning/plans/edit/SP-EH/",
        "/planning/objectives/new/",
        "/planning/objectives/edit/EH 1/",
        "/planning/milestones/new/",
        "/planning/milestones/edit/EH 1.1/",
        "/planning/tasks/new/?plan=DIV-EH",
        "/assurance/reviews/",
        "/assurance/reviews/2008-09/SP-EH/",
        "/assurance/reviews/2008-09/SP-EH/edit/",
        "/assurance/programme/",
        "/assurance/programme/2008-09/DIV-EH/",
        "/assurance/timetable/",
        "/assurance/timetable/2008-09/edit/",
        "/collection/2008-09-Q2/reminders/",
        "/collection/2008-09-Q2/reminders/send/",
        "/collection/2008-09-Q2/publish/",
        "/returns/EH/2008-09-Q2/",
        "/corrections/2008-09-Q1/NI 123/",
        "/reports/",
        "/reports/?period=2030-31-Q1",  # a period with no pack: the error summary
        "/reports/builder/",
        "/reports/builder/?build=yes&scope=department",  # the builder's errors
        "/reports/qmr/?period=2008-09-Q1&department=EH",
        "/reports/organisation/?period=2008-09-Q1",
        "/reports/scorecard/?period=2008-09-Q1",  # the one-page layout, NI 123 a headline
        "/reports/built/?period=2008-09-Q1&scope=council",  # with the form to save it
        "/reports/qmr/?period=2008-09-Q9&department=EH",  # a bad link
    ],
    # Each home page is made for its audience.
    "dev": ["/home/", "/returns/EH/2008-09-Q2/"],  # department manager
    "chen": ["/home/"],  # councillor on a Policy and Performance Board
    "pat": ["/home/"],  # partner officer
    "sam": ["/home/"],  # strategic director
    "ash": ["/home/"],  # portfolio holder
    "rita": ["/home/"],  # regulator
}

pytestmark = pytest.mark.e2e


@pytest.fixture
def collection_round(thread: Thread) -> CollectionRound:
    """The quarter's collection round, so its pages exist (and NI 123 on the scorecard)."""
    from goldenthread.reporting.models import Headline, Perspective

    outcomes = Perspective.objects.or_defaults().order_by("position").first()
    Headline.objects.create(perspective=outcomes, indicator=thread.ni)
    # A planning timetable with a stage done, one overdue and one to come: the public page's
    # table and every home's "due from you" are checked with something in them.
    for name, kind, audience, due, done in (
        ("Service plans drafted", StageKind.OTHER, Audience.MANAGERS, "2008-10-31", "2008-10-30"),
        ("Member input", StageKind.MEMBER_INPUT, Audience.MEMBERS, "2008-11-30", None),
        ("Plans agreed", StageKind.PLANS_AGREED, Audience.EXECUTIVE_BOARD, "2099-03-31", None),
    ):
        TimetableStage.objects.create(
            year=2009, name=name, kind=kind, audience=audience, due=due, done_on=done
        )
    return CollectionRound.objects.create(
        quarter=Period.parse("2008/09 Q2"), deadline=datetime.date(2008, 10, 31)
    )


@pytest.mark.parametrize("persona", PAGES)
def test_pages_have_no_serious_accessibility_problems(
    page: Page, live_server: LiveServer, collection_round: CollectionRound, persona: str
) -> None:
    # Signing in lands on the home page, so the first page need not be loaded again.
    landed = sign_in(page, live_server.url, persona) if persona != "public" else None
    problems = []
    for address in PAGES[persona]:
        path, _, query = address.partition("?")
        url = live_server.url + quote(path) + (f"?{query}" if query else "")
        response = landed if landed and landed.url == url else page.goto(url)
        landed = None
        assert response is not None, f"{address} did not answer"
        # A page that shows what is wrong with its link or form answers 400, and is checked too.
        assert response.ok or (response.status == 400 and query), (
            f"{address} answered {response.status}"
        )
        expect_path(page, path)
        violations = blocking_violations(page)
        if violations:
            problems.append(f"{address}\n{describe_violations(violations)}")

    assert not problems, f"Accessibility problems seen by {persona}:\n" + "\n".join(problems)


def test_the_too_many_requests_page_has_no_serious_accessibility_problems(
    page: Page, live_server: LiveServer, settings, thread: Thread
) -> None:
    from django.core.cache import caches

    caches["ratelimit"].clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "anonymous": 1}
    page.goto(live_server.url + "/performance/about/")

    response = page.goto(live_server.url + "/performance/")

    caches["ratelimit"].clear()
    assert response is not None and response.status == 429
    violations = blocking_violations(page)
    assert not violations, describe_violations(violations)
