"""No unpublished figure ever reaches anyone the role table does not allow, in any format.

Over the access matrix's world (tests/test_access_matrix.py: one persona per role, figures
planted with unmistakable values in every state and for every audience), each persona fetches
everything that could carry a figure: the report pages and their downloads (HTML, PDF, XLSX,
CSV, JSON) for every kind of report, the returns spreadsheets, their home and indicator pages,
an item's history, the public pages and the open-data downloads. A PDF is read with pypdf and a
workbook with openpyxl, so a figure is found wherever a reader would find it. Each planted value
must appear only where MAY_SEE says the persona may see it, and where it should appear, it does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import openpyxl
import pytest
from pypdf import PdfReader

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring import services as monitoring
from goldenthread.monitoring.models import CollectionRound
from goldenthread.workflow import WorkflowState
from tests.test_access_matrix import (
    DRAFT,
    MAY_SEE,
    NATIONAL,
    PARTNER_DRAFT,
    PLANTED,
    PUBLISHED_EARLIER,
    PUBLISHED_OPEN,
    Q2,
    ROLES,
    SHARED,
    SUBMITTED,
    World,
    client_for,
    world_fixture,  # noqa: F401  (the world fixture)
)

REPORT = "/reports/built/?period=2008-09-Q2&scope=council"
FORMATS = ("html", "pdf", "xlsx", "csv", "json")
# Every kind of report, as rows (the kinds share their drawing; CSV is the cheapest to read).
KINDS = (
    "/reports/qmr/?period=2008-09-Q2&department=EH",
    "/reports/qmr/?period=2008-09-Q2&department=RB",
    "/reports/exceptions/?period=2008-09-Q2&scope=council",
    "/reports/priority/?period=2008-09-Q2&priority=HEALTH",
    "/reports/directorate/?period=2008-09-Q2&directorate=HCC",
    "/reports/organisation/?period=2008-09-Q2",
    "/reports/scorecard/?period=2008-09-Q2",
    "/reports/six-monthly/?period=2008-09-H1&scope=council",
    "/reports/portfolio/?period=2008-09-Q2&portfolio=HA",
    "/reports/indicator-set/?period=2008-09-Q2&set=NI",
    "/reports/indicator-set/?period=2008-09-Q2&set=partner",
)
RETURNS = ("/returns/EH/2008-09-Q2/spreadsheet/", "/returns/RB/2008-09-Q2/spreadsheet/")
PAGES = (
    "/home/",
    "/plans/priorities/HEALTH/",
    "/plans/departments/EH/",
    "/plans/departments/RB/",
    "/coverage/",
    "/indicators/",
    "/ratings/",
    *(
        f"/indicators/{code}/"
        for code in (
            "EH LI 7",
            "EH LI 8",
            "RB LI 8",
            "EH LI 9",
            "PP 1",
            "SH 1",
            "NI 999",
            "EX 1",
            "PCT 1",
        )
    ),
    "/returns/EH/2008-09-Q2/",
    "/returns/RB/2008-09-Q2/",
    "/boards/PPB-HEALTH/queue/",
    "/portfolios/HA/briefings/",
    "/flags/new/?item=indicator&code=EH LI 9",
)
PUBLIC = (
    "/performance/",
    "/performance/priorities/HEALTH/",
    "/performance/indicators/EH LI 9/",
    "/performance/indicators/SH 1/",
    "/performance/open-data/figures.csv",
    "/performance/open-data/figures.json",
    "/performance/open-data/figures.json?indicator=EH LI 9",
)


def readable(content: bytes, content_type: str) -> str:
    """The text a person reading the file would see."""
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        return "\n".join(
            " ".join("" if cell is None else str(cell) for cell in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode()


def planted_in(text: str) -> set[str]:
    """The planted values the text holds, however they are written (111111, 111,111, 111 111,
    111111.0)."""
    return {
        value
        for value in PLANTED
        if re.search(rf"(?<![\d.]){value[:3]}[,\u00a0\u202f ]?{value[3:]}(?!\d)", text)
    }


def fetched(world: World, role: str, paths: tuple[str, ...]) -> Iterator[tuple[str, set[str]]]:
    """Each path this persona may open, with the planted values it holds."""
    client = client_for(world, role)
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = readable(response.content, response["Content-Type"])
        yield path, planted_in(text)


def seen(world: World, role: str, paths: tuple[str, ...]) -> dict[str, set[str]]:
    return dict(fetched(world, role, paths))


def leaks(found: dict[str, set[str]], role: str) -> dict[str, set[str]]:
    allowed = MAY_SEE[role]
    return {path: values - allowed for path, values in found.items() if values - allowed}


# A PDF takes a second to draw; it is drawn from the same document as the other formats, so the
# sweep leaves it to test_a_report_in_every_format_holds_what_its_reader_may_see, which reads
# one for each kind of report limit (the council's, a partner's, a regulator's).
ALL_PATHS = (
    REPORT,
    *(f"{REPORT}&format={fmt}" for fmt in FORMATS if fmt != "pdf"),
    *(f"{kind}&format=csv" for kind in KINDS),
    *RETURNS,
    *PAGES,
    *PUBLIC,
)


def histories() -> tuple[str, ...]:
    """Each planted figure's history page."""
    planted = Actual.objects.filter(indicator__title__startswith="Planted measure")
    return tuple(f"/history/actual/{pk}/" for pk in planted.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_no_figure_reaches_anyone_the_table_does_not_allow(world: World, db, role: str) -> None:
    everywhere = (*ALL_PATHS, *histories(), f"/reports/saved/{world.ids['saved']}/?format=csv")
    found = seen(world, role, everywhere)
    assert found, f"{role} opened nothing at all"
    assert not leaks(found, role), f"{role} was shown figures the table does not allow"
    everything = set().union(*found.values())
    # What they may see, they do see somewhere (so the test above can fail).
    assert everything == MAY_SEE[role], (
        f"{role} should find {sorted(MAY_SEE[role] - everything)} somewhere"
    )


# What each reader's report holds: the published figures of the quarter they may see.
REPORT_HOLDS = {
    "partner officer": {SHARED},
    "regulator": {NATIONAL},
}


@pytest.mark.parametrize("fmt", ("page", *FORMATS))
@pytest.mark.parametrize(
    "role", ("performance officer", "management team", "partner officer", "regulator")
)
def test_a_report_in_every_format_holds_what_its_reader_may_see(
    world: World, db, role: str, fmt: str
) -> None:
    path = REPORT if fmt == "page" else f"{REPORT}&format={fmt}"
    found = seen(world, role, (path,))
    assert path in found, f"{role} could not open {path}"
    holds = found[path]
    assert not holds - MAY_SEE[role], f"{role}'s {fmt} report shows {holds - MAY_SEE[role]}"
    assert not holds & {DRAFT, SUBMITTED}, "reports hold published figures only"
    expected = REPORT_HOLDS.get(role, {PUBLISHED_OPEN, NATIONAL, SHARED})
    assert expected <= holds, f"{role}'s {fmt} report lacks {expected - holds}"


def test_the_returns_spreadsheet_holds_the_departments_items_for_its_enterers(
    world: World, db
) -> None:
    path = RETURNS[0]  # Environmental Health's
    for role in ("performance officer", "operational director", "manager"):
        assert {DRAFT, SUBMITTED, PARTNER_DRAFT} <= seen(world, role, (path,))[path]
    assert path not in seen(world, "other department's manager", (path,))


def test_a_partners_copy_of_a_departments_return_holds_only_their_own_items(
    world: World, db
) -> None:
    path = RETURNS[0]  # Pat enters PCT 1 on Environmental Health's return
    partner = seen(world, "partner officer", (path,))[path]
    assert PARTNER_DRAFT in partner
    assert not partner - MAY_SEE["partner officer"], "EH's own figures, in Pat's spreadsheet"


def test_the_public_sees_published_figures_outside_the_open_round_only(world: World, db) -> None:
    found = seen(world, "public", PUBLIC)
    assert PUBLISHED_EARLIER in found["/performance/open-data/figures.csv"]
    assert PUBLISHED_EARLIER in found["/performance/open-data/figures.json?indicator=EH LI 9"]
    assert not set().union(*found.values()) - {PUBLISHED_EARLIER}
    # Signed in, the public pages are still the public's.
    assert seen(world, "performance officer", PUBLIC) == found


def test_a_published_figures_history_shows_no_value_it_had_before_publication(
    world: World, db
) -> None:
    """Dev's first draft of a figure, 131313, is not the figure the council published (141414):
    councillors read the published figure's history, but not his unpublished draft."""
    dev, priya = world.users["dev"], world.users["priya"]
    indicator = Indicator.objects.get(code="EH LI 7")  # a count, with no figure yet
    Actual.objects.filter(indicator=indicator, period=Q2).delete()
    first = monitoring.actual_save(acting_user=dev, indicator=indicator, period=Q2, value="131313")
    monitoring.actual_save(
        acting_user=dev,
        indicator=indicator,
        period=Q2,
        value="141414",
        explanation="Recounted",
        expected_version=first.version,
    )
    round_ = CollectionRound.objects.get()
    monitoring.return_submit(acting_user=dev, round=round_, department=indicator.department)
    figure = Actual.objects.get(indicator=indicator, period=Q2)
    monitoring.actual_validate(acting_user=priya, actual=figure)
    monitoring.round_publish(acting_user=priya, round=round_)
    assert Actual.objects.get(pk=figure.pk).state == WorkflowState.PUBLISHED

    history = client_for(world, "PPB member").get(f"/history/actual/{figure.pk}/")
    assert history.status_code == 200
    text = history.content.decode()
    assert re.search(r"141,?414", text), "the published figure is on its history"
    assert not re.search(r"131,?313", text), "Dev's unpublished draft is on the public record"


def test_someone_whose_roles_are_taken_away_sees_no_more_than_the_public(world: World, db) -> None:
    """Pat's partnership ends and his role with it; his account stays, signed in."""
    pat = world.users["pat"]
    pat.roles.all().delete()
    found = seen(world, "partner officer", (*PAGES, *histories()))
    assert not set().union(*found.values()) - MAY_SEE["public"]
