"""Issue 12's journey: a council new to Golden Thread runs its first quarter in a real browser.

Anytown Borough Council has only its organisation, its people and (loaded by its operator on
the command line) its indicator library. Priya, its new performance officer, loads the
council's plan file in the browser, opens the 2009/10 Q1 round, and after Dev (manager in
Environmental Health) has entered and submitted the return and Oona (its operational director)
has signed it off, validates, publishes and closes the round. Only then does the public see
the figure. axe-core checks every page on the way.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import CollectionRound
from goldenthread.organisation.models import Department, Directorate, Organisation
from goldenthread.organisation.models import OrganisationKind as Kind
from goldenthread.planning.models import Objective, Plan
from goldenthread.workflow import WorkflowState
from tests.conftest import make_user

from .browsing import assert_accessible, expect_path, sign_in

pytestmark = pytest.mark.e2e

# The council's plans, as its performance team would write them from the template. The
# indicator links need the library, so the first load leaves them out (docs/imports.md,
# "A new council, in order") and the second adds them.
COLUMNS = [
    "record",
    "code",
    "title",
    "kind",
    "parent",
    "plan",
    "objective",
    "priority",
    "area_of_focus",
    "primary",
    "department",
    "owner",
    "first_year",
    "last_year",
    "due",
    "indicator",
]
YEARS = {"first_year": "2009/10", "last_year": "2011/12"}
THREAD: list[dict[str, str]] = [
    {"record": "priority", "code": "CLEAN", "title": "A Cleaner Anytown"},
    {"record": "area of focus", "code": "1", "title": "Safe food", "priority": "CLEAN"},
    {"record": "plan", "code": "CS-ANY", "title": "Anytown Community Strategy",
     "kind": "community strategy", **YEARS},
    {"record": "plan", "code": "CP-ANY", "title": "Anytown Corporate Plan",
     "kind": "corporate plan", "parent": "CS-ANY", **YEARS},
    {"record": "plan", "code": "SP-EH", "title": "Environmental Health Service Plan",
     "kind": "service plan", "parent": "CP-ANY", "department": "EH",
     "owner": "oona@example.org", **YEARS},
    {"record": "plan", "code": "DP-FOOD", "title": "Food Safety divisional plan",
     "kind": "divisional plan", "parent": "SP-EH", "department": "EH", **YEARS},
    {"record": "plan", "code": "EDR-DEV", "title": "Dev Patel's personal plan",
     "kind": "personal plan", "parent": "DP-FOOD", "department": "EH",
     "owner": "dev@example.org", "first_year": "2009/10", "last_year": "2009/10"},
    {"record": "objective", "code": "EH 1", "title": "Every food business inspected on time",
     "plan": "SP-EH", "owner": "dev@example.org"},
    {"record": "objective link", "objective": "EH 1", "priority": "CLEAN",
     "area_of_focus": "1", "primary": "yes"},
    {"record": "milestone", "code": "EH 1.1",
     "title": "Inspection plan agreed with the Food Standards Agency", "objective": "EH 1",
     "owner": "dev@example.org", "due": "2009/10 Q1"},
    {"record": "task", "code": "EDR-DEV-1", "title": "Inspect the high-risk premises first",
     "plan": "EDR-DEV", "objective": "EH 1", "owner": "dev@example.org", "due": "2009/10 Q1"},
]  # fmt: skip
INDICATOR_LINKS = [{"record": "indicator link", "objective": "EH 1", "indicator": "EH LI 1"}]

LIBRARY = """\
code,title,set,polarity,unit,decimals,frequency,department,priorities,responsible_officer
EH LI 1,Food premises inspected,local,higher,number,0,quarterly,EH,CLEAN,dev@example.org
"""
TARGETS = "indicator,period,target\nEH LI 1,2009/10 Q1,250\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def plan_file(folder: Path, name: str, rows: list[dict[str, str]]) -> Path:
    """A plan file as the template lays it out: every column, each row filling its own."""
    path = folder / name
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def anytown(live_server: LiveServer, tmp_path: Path) -> Path:
    """Built inside the test: live-server tests flush the database afterwards."""
    council = Organisation.objects.create(
        code="ABC", name="Anytown Borough Council", kind=Kind.COUNCIL
    )
    directorate = Directorate.objects.create(organisation=council, code="COM", name="Community")
    eh = Department.objects.create(directorate=directorate, code="EH", name="Environmental Health")
    make_user("priya", "Priya", "Shah", council, performance_officer=None)
    make_user("dev", "Dev", "Patel", council, manager={"department": eh})
    make_user("oona", "Oona", "Reid", council, operational_director={"department": eh})
    return tmp_path


def visit(page: Page, live_server: LiveServer, path: str) -> None:
    response = page.goto(live_server.url + path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    assert_accessible(page)


def load_plan_file(page: Page, live_server: LiveServer, file: Path, loaded: str) -> None:
    """Priya checks a plan file on the import page, then loads it."""
    visit(page, live_server, "/planning/import/")
    page.get_by_label("Plan file").set_input_files(str(file))
    page.get_by_role("button", name="Check the file").click()
    load = page.get_by_role("button", name="Load these plans").first
    expect(load).to_be_visible()
    assert_accessible(page)
    load.click()
    expect(page.get_by_text(re.compile(loaded))).to_be_visible()
    assert_accessible(page)


def test_a_new_performance_officer_loads_the_plans_and_runs_q1_to_the_public(
    page: Page, live_server: LiveServer, anytown: Path
) -> None:
    folder = anytown

    # Priya loads the council's plan file: checked first, then loaded.
    sign_in(page, live_server.url, "priya")
    load_plan_file(page, live_server, plan_file(folder, "plans.csv", THREAD), r"loaded")
    assert Objective.objects.get(code="EH 1").plan.code == "SP-EH"
    assert Plan.objects.count() == 5

    # The operator loads the indicator library and targets; the full plan file then links the
    # indicator to its objective, and everything loaded before is left unchanged.
    call_command("import_indicators", str(write(folder, "library.csv", LIBRARY)))
    call_command("import_targets", str(write(folder, "targets.csv", TARGETS)))
    full = plan_file(folder, "plans-full.csv", THREAD + INDICATOR_LINKS)
    load_plan_file(page, live_server, full, r"loaded")
    assert list(Objective.objects.get(code="EH 1").indicators.values_list("code", flat=True)) == [
        "EH LI 1"
    ]
    visit(page, live_server, "/objectives/EH 1/")
    expect(page.get_by_role("main")).to_contain_text("EH LI 1")

    # She opens the first quarter's round.
    visit(page, live_server, "/collection/")
    page.get_by_label("Quarter").fill("2009/10 Q1")
    page.get_by_label("Deadline for returns").fill("31/07/2009")
    page.get_by_role("button", name="Open round").click()
    expect_path(page, "/collection/2009-10-Q1/")
    assert_accessible(page)

    # Dev finds the return from his home, sees the target, enters the figure, the milestone's
    # progress and the narrative, saves them all at once and submits after confirming.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "dev")
    assert_accessible(page)
    page.get_by_role("link", name="2009/10 Q1 return of Environmental Health").first.click()
    expect_path(page, "/returns/EH/2009-10-Q1/")
    assert_accessible(page)
    figure = page.get_by_role("region", name="EH LI 1 Food premises inspected")
    expect(figure).to_contain_text("250")  # the target, before anything is typed
    figure.get_by_label("Value").fill("262")
    milestone = page.get_by_role("region", name=re.compile(r"^EH 1\.1"))
    milestone.get_by_label("Progress").select_option(label="Complete")
    page.get_by_role("region", name="Department narrative").get_by_label("Key developments").fill(
        "Every high-risk premises inspected in the quarter"
    )
    page.get_by_role("button", name="Save all changes").first.click()
    expect(page.get_by_role("main")).to_contain_text("Saved")
    assert_accessible(page)
    page.get_by_role("button", name="Submit return").click()
    confirm = page.get_by_role("button", name=re.compile(r"^Yes, submit 3 items$"))
    expect(confirm).to_be_visible()
    assert_accessible(page)
    confirm.click()
    expect(page.get_by_text("Return submitted: 3 items")).to_be_visible()

    # Oona, the operational director, signs it off.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "oona")
    visit(page, live_server, "/returns/EH/2009-10-Q1/")
    page.get_by_role("button", name="Sign off this return").click()
    expect(page.get_by_text("You signed off the return for 2009/10 Q1")).to_be_visible()

    # Priya validates each item and publishes, after confirming.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "priya")
    visit(page, live_server, "/collection/2009-10-Q1/")
    validate = page.get_by_role("button", name=re.compile(r"^Validate"))
    for remaining in range(3, 0, -1):
        expect(validate).to_have_count(remaining)
        validate.first.click()
        expect(page.get_by_text("validated.", exact=False)).to_be_visible()
    page.get_by_role("button", name="Publish validated figures").click()
    publish = page.get_by_role("button", name="Yes, publish 3 items")
    expect(publish).to_be_visible()
    assert_accessible(page)
    publish.click()
    expect(page.get_by_text("Published 3 items")).to_be_visible()
    assert Actual.objects.get(indicator__code="EH LI 1").state == WorkflowState.PUBLISHED

    # Published, but the round is open: the public does not see it yet.
    page.context.clear_cookies()
    visit(page, live_server, "/performance/indicators/EH LI 1/")
    expect(page.get_by_role("main")).not_to_contain_text("262")

    # Priya closes the round: the page says what closing does, and she confirms.
    sign_in(page, live_server.url, "priya")
    visit(page, live_server, "/collection/2009-10-Q1/")
    page.get_by_role("link", name="Close the 2009/10 Q1 round").click()
    expect_path(page, "/collection/2009-10-Q1/close/")
    assert_accessible(page)
    page.get_by_role("button", name="Close the 2009/10 Q1 round").click()
    expect_path(page, "/collection/2009-10-Q1/")
    expect(page.get_by_role("main")).to_contain_text("This round was closed on")
    assert CollectionRound.objects.get().closed_at is not None

    # The public now sees the figure, on the overview and the indicator's own page.
    page.context.clear_cookies()
    visit(page, live_server, "/performance/")
    expect(page.get_by_role("main")).to_contain_text("2009/10 Q1")
    visit(page, live_server, "/performance/indicators/EH LI 1/")
    expect(page.get_by_role("main")).to_contain_text("262")
