"""Writing plans out in the import's own format, and the template a council fills in.

Every cell goes through goldenthread.spreadsheet_cells, so a title typed as ``=SUM(…)`` stays
words in the spreadsheet; the import takes the CSV's protecting apostrophe off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch

from goldenthread.planning.imports.columns import HELP, NAMES, OPTIONAL, REQUIRED, RecordKind
from goldenthread.planning.models import (
    PLAN_LEVEL,
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    PlanState,
    Priority,
    Task,
)
from goldenthread.planning.periods import Period
from goldenthread.spreadsheet_cells import csv_cell, workbook_bytes

K = RecordKind
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
Row = dict[str, Any]

# The template's example: one row of every kind, hanging together as a real file would.
EXAMPLE: list[Row] = [
    {
        "record": "priority",
        "code": "HEALTH",
        "title": "A Healthy Borough",
        "number": 1,
        "short_name": "Health",
        "ppb": "PPB-HEALTH",
        "ssp": "SSP-HEALTH",
        "portfolio": "HEALTH",
    },
    {
        "record": "key objective",
        "priority": "HEALTH",
        "code": "A",
        "title": "Improve the future health prospects of local people",
    },
    {
        "record": "area of focus",
        "code": 5,
        "title": "Helping older people to live independently",
        "priority": "HEALTH",
        "key_objective": "A",
    },
    {
        "record": "plan",
        "code": "SP-ASC",
        "title": "Adult Social Care Service Plan",
        "kind": "service plan",
        "parent": "CP-2006",
        "department": "ASC",
        "owner": "head.of.asc@council.example.gov.uk",
        "first_year": "2008/09",
        "last_year": "2010/11",
        "state": "draft",
    },
    {
        "record": "objective",
        "code": "ASC 1",
        "title": "Help more older people to live independently at home",
        "plan": "SP-ASC",
        "owner": "head.of.asc@council.example.gov.uk",
        "description": "Reablement and telecare for people leaving hospital",
    },
    {
        "record": "objective link",
        "objective": "ASC 1",
        "priority": "HEALTH",
        "area_of_focus": 5,
        "primary": "yes",
    },
    {
        "record": "milestone",
        "code": "ASC 1.1",
        "title": "Launch the reablement service",
        "objective": "ASC 1",
        "due": "2009/10 Q3",
        "owner": "head.of.asc@council.example.gov.uk",
    },
    {
        "record": "task",
        "code": "EDR-ASC-1.1",
        "title": "Review every client on the caseload within the year",
        "plan": "EDR-ASC-1",
        "objective": "ASC 1",
        "due": "2009/10 Q4",
        "owner": "care.manager@council.example.gov.uk",
    },
    {"record": "indicator link", "indicator": "NI 125", "objective": "ASC 1"},
]


def plan_rows() -> Iterator[Row]:
    """Every priority, key objective, area of focus, plan, objective, link, milestone, task
    and indicator link held, one row each, parents before children and otherwise in the order
    they were added (so a reload adds them in the same order); a fixed number of queries."""
    from goldenthread.indicators.models import Indicator

    for priority in Priority.objects.select_related("ppb", "ssp", "portfolio"):
        yield {
            "record": K.PRIORITY.label,
            "code": priority.code,
            "title": priority.name,
            "number": priority.number,
            "short_name": priority.short_name,
            "ppb": priority.ppb.code if priority.ppb else "",
            "ssp": priority.ssp.code if priority.ssp else "",
            "portfolio": priority.portfolio.code if priority.portfolio else "",
        }
    for key in KeyObjective.objects.select_related("priority").order_by(
        "priority__number", "letter"
    ):
        yield {
            "record": K.KEY_OBJECTIVE.label,
            "priority": key.priority.code,
            "code": key.letter,
            "title": key.title,
        }
    for area in AreaOfFocus.objects.select_related("priority", "key_objective"):
        yield {
            "record": K.AREA_OF_FOCUS.label,
            "code": area.number,
            "title": area.title,
            "priority": area.priority.code,
            "key_objective": area.key_objective.letter if area.key_objective else "",
        }
    plans = Plan.objects.select_related("parent", "department", "organisation", "owner")
    for plan in sorted(plans, key=lambda p: (PLAN_LEVEL[PlanKind(p.kind)], p.pk)):
        yield {
            "record": K.PLAN.label,
            "code": plan.code,
            "title": plan.title,
            "kind": PlanKind(plan.kind).label,
            "parent": plan.parent.code if plan.parent else "",
            "organisation": plan.organisation.code,
            "department": plan.department.code if plan.department else "",
            "owner": _email(plan.owner),
            "first_year": Period(plan.first_year).year_label,
            "last_year": Period(plan.last_year).year_label,
            "state": PlanState(plan.state).label,
        }
    objectives = Objective.objects.order_by("pk").select_related("plan", "owner")
    objectives = objectives.prefetch_related(
        Prefetch(
            "links",
            queryset=ObjectiveLink.objects.order_by("pk").select_related(
                "priority", "area_of_focus"
            ),
        )
    )
    for objective in objectives:
        yield {
            "record": K.OBJECTIVE.label,
            "code": objective.code,
            "title": objective.title,
            "plan": objective.plan.code,
            "owner": _email(objective.owner),
            "description": objective.description,
        }
    for objective in objectives:
        for link in objective.links.all():
            yield {
                "record": K.OBJECTIVE_LINK.label,
                "objective": objective.code,
                "priority": link.priority.code,
                "area_of_focus": link.area_of_focus.number if link.area_of_focus else "",
                "primary": "yes" if link.is_primary else "no",
            }
    for milestone in Milestone.objects.order_by("pk").select_related("objective", "owner"):
        yield {
            "record": K.MILESTONE.label,
            "code": milestone.code,
            "title": milestone.title,
            "objective": milestone.objective.code,
            "due": str(milestone.due),
            "owner": _email(milestone.owner),
        }
    for task in Task.objects.order_by("pk").select_related("plan", "objective", "owner"):
        yield {
            "record": K.TASK.label,
            "code": task.code,
            "title": task.title,
            "plan": task.plan.code,
            "objective": task.objective.code if task.objective else "",
            "due": str(task.due) if task.due else "",
            "owner": _email(task.owner),
        }
    links = Indicator.objectives.through.objects.order_by("pk")
    for indicator_code, objective_code in links.values_list("indicator__code", "objective__code"):
        yield {
            "record": K.INDICATOR_LINK.label,
            "indicator": indicator_code,
            "objective": objective_code,
        }


def _email(user: Any) -> str:
    return user.email if user is not None else ""


def plans_export(*, fmt: str = "csv") -> bytes:
    """The council's plans as a plan file (CSV or XLSX) that imports back unchanged."""
    return write_rows(plan_rows(), fmt=fmt)


def plans_template(*, fmt: str = "csv") -> bytes:
    """A file to fill in: the columns, one example row of every kind, and (XLSX) a Guidance
    sheet saying what each column holds and which kinds need it."""
    return write_rows(iter(EXAMPLE), fmt=fmt, guidance=fmt == "xlsx")


def write_rows(rows: Iterator[Row], *, fmt: str, guidance: bool = False) -> bytes:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(NAMES)
        for row in rows:
            writer.writerow([csv_cell(row.get(name, "")) for name in NAMES])
        # With the byte order mark, Excel opens the file as UTF-8; the import accepts it.
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"{fmt!r} is not one of {', '.join(FORMATS)}")
    from openpyxl import Workbook

    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = "Plans"
    sheet.append(list(NAMES))
    for row in rows:
        sheet.append([_xlsx_value(row.get(name, "")) for name in NAMES])
    sheet.freeze_panes = "A2"
    if guidance:
        _guidance_sheet(book)
    return workbook_bytes(book)


def _xlsx_value(value: Any) -> Any:
    return None if value == "" else value


def _guidance_sheet(book: Any) -> None:
    sheet = book.create_sheet("Guidance")
    sheet.append(["column", "what it holds", "needed by", "may be filled by"])
    for column in HELP:
        needed = [str(kind.label) for kind in RecordKind if column.name in REQUIRED[kind]]
        optional = [str(kind.label) for kind in RecordKind if column.name in OPTIONAL[kind]]
        if column.name == "record":
            needed = ["every row"]
        sheet.append([column.name, column.meaning, ", ".join(needed), ", ".join(optional)])
    sheet.append([])
    for line in GUIDANCE_NOTES:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].width = 40


GUIDANCE_NOTES = [
    "Only the first sheet (Plans) is read; this sheet is for people.",
    "Column names may be in any case; leave out the columns you do not use.",
    "Rows may come in any order: a row names what it hangs from by code, in this file or "
    "already in Golden Thread.",
    "Loading the same file again updates what changed and never makes duplicates.",
    "One refused row and nothing is loaded: every refused row is listed with its row number, "
    "column, the value found and why.",
    "Periods: 2008/09 (a financial year), 2008/09 Q1 to Q4, 2008/09 H1 or H2.",
    "People are named by their e-mail address in Golden Thread; departments by code or name.",
    "Indicator links need the indicator in the library first (goldenthread import-indicators).",
]
