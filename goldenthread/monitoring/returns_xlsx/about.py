"""The hidden About sheet of a return workbook: whose return the file is, and for which quarter.

A person never sees or edits it; a file whose About sheet names a quarter with no round, or one
whose round is closed, or (on a return's page) another department or quarter than the page's,
is refused once, naming the cell and what it reads, rather than row by row or saved somewhere
the person did not mean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from goldenthread.indicators.imports.reading import _cell_text
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.returns_xlsx.layout import ABOUT
from goldenthread.monitoring.returns_xlsx.result import ReturnFileRefused
from goldenthread.monitoring.returns_xlsx.scope import department_for, round_for
from goldenthread.monitoring.services import NO_ENTRIES, MonitoringError
from goldenthread.organisation.models import Department
from goldenthread.planning.periods import Period, PeriodError
from goldenthread.spreadsheet_reading import Workbook


def whose_return(
    workbook: Workbook,
    *,
    acting_user: Any,
    expected_department: Department | None = None,
    expected_period: Period | None = None,
) -> tuple[Department, CollectionRound]:
    """The department (if the person may enter anything in its return: Http404 otherwise) and
    the open round the About sheet names; ReturnFileRefused, saying which cell, when it names
    none or not the ones expected."""
    about = _read(workbook)
    department = _department(about, acting_user, expected_department)
    return department, _round(about, expected_period)


@dataclass(frozen=True)
class AboutCell:
    """A cell of the hidden About sheet, which says whose return the file is and for when."""

    key: str
    cell: str  # where its value is, B2 say
    value: str

    def refused(self, why: str) -> ReturnFileRefused:
        return ReturnFileRefused(
            f"In the hidden About sheet, cell {self.cell} ({self.key}) reads {self.value!r}: {why}"
        )


def _read(workbook: Workbook) -> dict[str, AboutCell]:
    if ABOUT not in workbook.sheetnames:
        raise ReturnFileRefused(
            "This workbook is not a Golden Thread return (it has no hidden 'About' sheet): "
            "download the return again and enter the figures in that file."
        )
    found = {}
    for number, row in enumerate(workbook.rows(ABOUT, max_col=2), start=1):
        key, value = (_cell_text(v) for v in (*row, None, None)[:2])
        found[key] = AboutCell(key, f"B{number}", value)
    return found


def _cell(about: dict[str, AboutCell], key: str) -> AboutCell:
    if key not in about:
        raise ReturnFileRefused(
            f"The hidden About sheet does not say the return's {key}: {DOWNLOAD_AGAIN}"
        )
    return about[key]


DOWNLOAD_AGAIN = "download the return again from its page and enter the figures in that file"


def _department(
    about: dict[str, AboutCell], acting_user: Any, expected: Department | None
) -> Department:
    named = _cell(about, "department")
    if expected is not None and named.value != expected.code:
        raise named.refused(
            f"the file is not {expected.code}'s return, and this page is for {expected.code}: "
            "upload a return on its own department's page"
        )
    return department_for(acting_user, named.value)


def _round(about: dict[str, AboutCell], expected: Period | None) -> CollectionRound:
    named = _cell(about, "period")
    try:
        quarter = Period.parse(named.value)
    except PeriodError as error:
        raise named.refused(f"{error}. Do not edit the About sheet: {DOWNLOAD_AGAIN}") from None
    try:
        found = round_for(quarter)
    except MonitoringError:
        raise named.refused(
            f"no collection round is open for {quarter}, so there is no return to enter: "
            f"{DOWNLOAD_AGAIN}"
        ) from None
    if not found.is_open:
        raise named.refused(
            f"the {quarter} round is closed and {NO_ENTRIES}, so nothing in this file was saved. "
            "Ask the performance team if a published figure needs correcting"
        )
    if expected is not None and quarter != expected:
        raise named.refused(
            f"the file is the return for {quarter}, and this page is for {expected}: upload it "
            f"on the page of the {quarter} return"
        )
    return found
