"""Issue 6's journeys in a real browser, one per audience, over the access matrix's world
(tests/test_access_matrix.py: a persona for each role, figures planted in every state, a
collection round open for 2008/09 Q2, the Primary Care Trust's data sharing protocol).

- Dev, a manager, completes Environmental Health's return from the keyboard alone and submits
  it; Priya, the performance officer, validates and publishes it.
- Cllr Chen, on the Healthy Borough PPB, opens the exception report, drills down to an item and
  flags it for the board.
- Eve, an Executive Board member, opens the balanced scorecard.
- Pat, at the Primary Care Trust, sees only what the protocol shares.
- The public sees only published figures, and none of the round still being collected.

axe-core checks every page each journey visits: nothing serious or critical.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from goldenthread.governance.models import Flag
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.reporting.models import Headline, Perspective
from goldenthread.workflow import WorkflowState
from tests.test_access_matrix import (
    DRAFT,
    NATIONAL,
    PARTNER_UNSHARED,
    PUBLISHED_EARLIER,
    PUBLISHED_OPEN,
    SHARED,
    SUBMITTED,
    World,
    build_world,
)

from .browsing import assert_accessible, expect_path, sign_in

pytestmark = pytest.mark.e2e

TAB_LIMIT = 400  # more presses than any page here has controls: a control never reached fails


@pytest.fixture
def world(live_server: LiveServer) -> World:
    """Built inside the test: live-server tests flush the database afterwards."""
    return build_world()


def visit(page: Page, live_server: LiveServer, path: str) -> None:
    """Go to a page, as a link would, and check it with axe."""
    response = page.goto(live_server.url + quote(path, safe="/?&=."))
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    assert_accessible(page)


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until the keyboard focus is on the target, as a keyboard user would."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def arrive_as(page: Page, live_server: LiveServer, username: str) -> None:
    """Sign in, checking the sign-in page and the home page it leads to with axe."""
    visit(page, live_server, "/sign-in/")
    sign_in(page, live_server.url, username)
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.context.clear_cookies()


# -- a manager enters and submits a return; the performance officer validates and publishes it --


def test_a_manager_completes_a_return_by_keyboard_and_the_performance_officer_publishes_it(
    page: Page, live_server: LiveServer, world: World
) -> None:
    arrive_as(page, live_server, "dev")
    visit(page, live_server, "/returns/EH/2008-09-Q2/")

    # Dev replaces his draft figure for EH LI 7, by keyboard alone: Tab, type, Enter.
    entry = page.get_by_role("region", name=re.compile(r"^EH LI 7 "))
    value = entry.get_by_label("Value")
    expect(value).to_have_value(re.compile(rf"^{DRAFT}"))
    tab_to(page, value)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("12")
    save = entry.get_by_role("button", name="Save EH LI 7")
    tab_to(page, save)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved as a draft")).to_be_visible()
    assert_accessible(page)
    saved = page.get_by_role("region", name=re.compile(r"^EH LI 7 ")).get_by_label("Value")
    expect(saved).to_have_value("12")  # as typed, not the database's 12.000000

    # And submits the return, still from the keyboard.
    tab_to(page, page.get_by_role("button", name="Submit return"))
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name=re.compile(r"^Yes, submit \d+ items?$"))
    expect(confirm).to_be_visible()
    assert_accessible(page)
    tab_to(page, confirm)
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Return submitted: \d+ items?"))).to_be_visible()
    assert_accessible(page)
    figure = Actual.objects.get(indicator__code="EH LI 7")
    assert (figure.value, figure.state) == (12, WorkflowState.SUBMITTED)

    # Priya validates Environmental Health's figures and publishes them.
    sign_out(page)
    arrive_as(page, live_server, "priya")
    visit(page, live_server, "/collection/2008-09-Q2/")
    for code in ("EH LI 7", "EH LI 8"):
        page.get_by_role("button", name=re.compile(rf"^Validate {code}\b")).click()
        expect(page.get_by_text("validated.", exact=False)).to_be_visible()
        assert_accessible(page)
    page.get_by_role("button", name="Publish validated figures").click()
    publish = page.get_by_role("button", name=re.compile(r"^Yes, publish \d+ items?$"))
    expect(publish).to_be_visible()
    assert_accessible(page)
    publish.click()
    expect(page.get_by_text(re.compile(r"Published \d+ items?"))).to_be_visible()
    assert_accessible(page)
    assert Actual.objects.get(indicator__code="EH LI 7").state == WorkflowState.PUBLISHED

    # The published figure is on the indicator's page for a councillor.
    sign_out(page)
    arrive_as(page, live_server, "chen")
    visit(page, live_server, "/indicators/EH LI 7/")
    expect(page.get_by_role("main")).to_contain_text("12")


def test_a_figure_on_the_return_reads_back_as_the_manager_typed_it(
    page: Page, live_server: LiveServer, world: World
) -> None:
    arrive_as(page, live_server, "dev")
    visit(page, live_server, "/returns/EH/2008-09-Q2/")
    value = page.get_by_role("region", name=re.compile(r"^EH LI 7 ")).get_by_label("Value")
    expect(value).to_have_value(DRAFT, timeout=1_000)  # EH LI 7 has no decimals


# -- a PPB member opens the exception report, drills down and flags an item ---------------------


def test_a_ppb_member_drills_down_from_the_exception_report_and_flags_an_item(
    page: Page, live_server: LiveServer, world: World
) -> None:
    arrive_as(page, live_server, "chen")
    visit(page, live_server, "/reports/exceptions/?period=2008-09-Q2&scope=board&board=PPB-HEALTH")
    report = page.get_by_role("main")
    item = report.get_by_role("link", name=re.compile(r"^EH LI 9 "))
    expect(item).to_be_visible()

    # EH LI 9's 444,444 against a target of 10 beats it by far more than the exception threshold.
    # Drill down: the item's own page, with its figures.
    item.first.click()
    expect_path(page, "/indicators/EH LI 9/")
    assert_accessible(page)

    # Flag it for the board's next meeting.
    page.get_by_role("button", name="Flag EH LI 9 for discussion").click()
    expect(page.get_by_role("heading", name="Flag EH LI 9 for discussion")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why should the board discuss it?").fill(
        "Far beyond its target: is the target right?"
    )
    page.get_by_role("button", name="Add EH LI 9 to the queue").click()
    expect(page.get_by_text("is on the Healthy Borough PPB queue")).to_be_visible()
    assert_accessible(page)
    assert Flag.objects.filter(indicator__code="EH LI 9", flagged_by__username="chen").exists()

    # The board's queue shows it.
    visit(page, live_server, "/boards/PPB-HEALTH/queue/")
    expect(page.get_by_role("main")).to_contain_text("Far beyond its target: is the target right?")


# -- an executive member opens the scorecard -----------------------------------------------------


def test_an_executive_member_opens_the_scorecard(
    page: Page, live_server: LiveServer, world: World
) -> None:
    outcomes = Perspective.objects.or_defaults().order_by("position").first()
    Headline.objects.create(perspective=outcomes, indicator=Indicator.objects.get(code="EH LI 9"))

    arrive_as(page, live_server, "eve")
    visit(page, live_server, "/reports/")
    page.get_by_role("link", name=re.compile("Balanced scorecard")).first.click()
    expect_path(page, "/reports/scorecard/")
    assert_accessible(page)
    # It opens at the latest quarter whose collection is closed, not the one still collected.
    main = page.get_by_role("main")
    expect(main).to_contain_text("Balanced scorecard: 2008/09 Q1")
    # Chosen, the quarter still being collected shows what is published so far, and says so.
    visit(page, live_server, "/reports/scorecard/?period=2008-09-Q2")
    expect(main).to_contain_text("still being collected")
    expect(main).to_contain_text("EH LI 9")
    expect(main).to_contain_text("444,444")  # published this quarter: the Executive sees it
    for unpublished in (DRAFT, SUBMITTED):
        expect(main).not_to_contain_text(f"{unpublished[:3]},{unpublished[3:]}")


# -- a partner sees only shared data -------------------------------------------------------------


def test_a_partner_sees_only_what_the_protocol_shares(
    page: Page, live_server: LiveServer, world: World
) -> None:
    arrive_as(page, live_server, "pat")
    visit(page, live_server, "/indicators/")
    library = page.get_by_role("main")
    expect(library).to_contain_text("SH 1")  # shared by DSP-2008-01, in force
    for code in ("EH LI 9", "PP 1", "EX 1", "NI 999"):  # not shared, another's, ended, NI
        expect(library).not_to_contain_text(code)

    visit(page, live_server, "/indicators/SH 1/")
    expect(page.get_by_role("main")).to_contain_text(f"{SHARED[:3]},{SHARED[3:]}")

    visit(page, live_server, "/reports/built/?period=2008-09-Q2&scope=council")
    report = page.get_by_role("main")
    expect(report).to_contain_text("666,666")
    for value in (PUBLISHED_OPEN, PARTNER_UNSHARED, NATIONAL):
        expect(report).not_to_contain_text(f"{value[:3]},{value[3:]}")

    # Someone else's indicator is not there at all, for Pat as for anyone it is not shared with.
    response = page.goto(live_server.url + quote("/indicators/EH LI 9/"))
    assert response is not None and response.status == 404
    assert_accessible(page)


# -- the public sees only published data ---------------------------------------------------------


def test_the_public_sees_only_published_figures(
    page: Page, live_server: LiveServer, world: World
) -> None:
    visit(page, live_server, "/")
    visit(page, live_server, "/performance/")
    page.get_by_role("link", name=re.compile("Healthy Borough")).first.click()
    expect_path(page, "/performance/priorities/HEALTH/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Planted measure EH LI 9")).first.click()
    expect_path(page, "/performance/indicators/EH LI 9/")
    assert_accessible(page)
    measure = page.get_by_role("main")
    expect(measure).to_contain_text("888,888")  # 2008/09 Q1, published
    expect(measure).not_to_contain_text("444,444")  # Q2: its round is still collecting

    visit(page, live_server, "/performance/open-data/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("CSV")).first.click()
    figures = Path(download.value.path()).read_text(encoding="utf-8")
    assert PUBLISHED_EARLIER in figures
    for value in (DRAFT, SUBMITTED, PUBLISHED_OPEN, PARTNER_UNSHARED):
        assert value not in figures

    # The council's own pages ask them to sign in.
    page.goto(live_server.url + "/indicators/")
    expect_path(page, "/sign-in/")
    assert_accessible(page)
