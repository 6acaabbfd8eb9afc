"""The standard pack for a period: every report of it, for every department, directorate,
priority, board and portfolio it is drawn for, each with a file name of its own.

A quarter's pack holds the quarterly reports. The six-monthly summary is for a half year: a
quarter's pack includes it at the end of each half (Q2 gives H1, Q4 gives H2), and a half
year's pack is that summary alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.organisation.models import (
    Board,
    BoardKind,
    Department,
    Directorate,
    OrganisationKind,
    Portfolio,
)
from goldenthread.planning.models import Priority
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.reporting.choices import IndicatorSetChoice, ReportKind, ScopeKind
from goldenthread.reporting.spec import ReportSpec, standard_spec

COUNCIL = OrganisationKind.COUNCIL  # the pack is the council's: partners' departments have none
# The indicator-set views of the pack: NI only, BVPI only, local only, LAA only, key only.
SET_VIEWS = [
    IndicatorSetChoice.NI,
    IndicatorSetChoice.BVPI,
    IndicatorSetChoice.LOCAL,
    IndicatorSetChoice.LAA,
    IndicatorSetChoice.KEY,
]


@dataclass(frozen=True)
class PackEntry:
    spec: ReportSpec
    label: str  # e.g. "Quarterly monitoring report: Environmental & Regulatory Services"
    stem: str  # the file name without its extension, e.g. qmr-ERS-2009-10-Q1

    def filename(self, extension: str) -> str:
        return f"{self.stem}.{extension}"


def _entry(spec: ReportSpec, label: str, part: str = "") -> PackEntry:
    stem = "-".join(x for x in (spec.kind.value, part, spec.period.slug) if x)
    return PackEntry(spec, label, stem)


def standard_pack(period: Period) -> list[PackEntry]:
    """Every report in ``period``'s standard pack, in the order a pack is read."""
    if period.kind is PeriodKind.HALF:
        return [_six_monthly(period)]
    entries = []
    label = ReportKind.ORGANISATION.label
    entries.append(_entry(standard_spec(ReportKind.ORGANISATION, period), label))
    entries.append(_entry(standard_spec(ReportKind.SCORECARD, period), ReportKind.SCORECARD.label))
    for directorate in Directorate.objects.filter(organisation__kind=COUNCIL).order_by("name"):
        spec = standard_spec(
            ReportKind.DIRECTORATE, period, ScopeKind.DIRECTORATE, directorate.code
        )
        entries.append(
            _entry(spec, f"{ReportKind.DIRECTORATE.label}: {directorate.name}", directorate.code)
        )
    council_departments = Department.objects.filter(directorate__organisation__kind=COUNCIL)
    for department in council_departments.order_by("name"):
        spec = standard_spec(ReportKind.QMR, period, ScopeKind.DEPARTMENT, department.code)
        entries.append(_entry(spec, f"{ReportKind.QMR.label}: {department.name}", department.code))
    for board in Board.objects.filter(kind=BoardKind.PPB).order_by("name"):
        spec = standard_spec(ReportKind.EXCEPTIONS, period, ScopeKind.BOARD, board.code)
        entries.append(_entry(spec, f"{ReportKind.EXCEPTIONS.label}: {board.name}", board.code))
    for priority in Priority.objects.order_by("number"):
        spec = standard_spec(ReportKind.PRIORITY, period, ScopeKind.PRIORITY, priority.code)
        entries.append(_entry(spec, f"{ReportKind.PRIORITY.label}: {priority.name}", priority.code))
    for portfolio in Portfolio.objects.order_by("name"):
        spec = standard_spec(ReportKind.PORTFOLIO, period, ScopeKind.PORTFOLIO, portfolio.code)
        entries.append(
            _entry(spec, f"{ReportKind.PORTFOLIO.label}: {portfolio.name}", portfolio.code)
        )
    for chosen in SET_VIEWS:
        spec = standard_spec(ReportKind.INDICATOR_SET, period).narrowed(
            sets=frozenset({chosen.value})
        )
        entries.append(_entry(spec, f"Indicator-set view: {chosen.label}", chosen.value))
    if period.kind is PeriodKind.QUARTER and period.number in (2, 4):
        entries.append(_six_monthly(Period(period.year, PeriodKind.HALF, period.number // 2)))
    return entries


def _six_monthly(half: Period) -> PackEntry:
    spec = standard_spec(ReportKind.SIX_MONTHLY, half)
    return _entry(spec, f"{ReportKind.SIX_MONTHLY.label}: {half}")
