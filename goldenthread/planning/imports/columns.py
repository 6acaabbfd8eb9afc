"""The plan file's columns: one table whose ``record`` column says what each row is.

One table, so the same file works as CSV (which has one) and as XLSX (its first sheet). Each
kind of row uses some of the columns; a value in a column its kind does not use is an error,
which catches a row shifted by a column. docs/imports.md shows the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from goldenthread.indicators.imports.reading import Column


class RecordKind(models.TextChoices):
    """What a row of a plan file describes, in the order the export writes them."""

    PRIORITY = "priority", "priority"
    KEY_OBJECTIVE = "key_objective", "key objective"
    AREA_OF_FOCUS = "area_of_focus", "area of focus"
    PLAN = "plan", "plan"
    OBJECTIVE = "objective", "objective"
    OBJECTIVE_LINK = "objective_link", "objective link"
    MILESTONE = "milestone", "milestone"
    TASK = "task", "task"
    INDICATOR_LINK = "indicator_link", "indicator link"


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    meaning: str  # what the column holds, for each kind that uses it


# Every column, in the order the export and the template write them, with what it means.
HELP = (
    ColumnHelp("record", "what the row is: " + ", ".join(RecordKind.labels)),
    ColumnHelp(
        "code",
        "the row's own code, matched ignoring case: a priority's code (HEALTH), a key "
        "objective's letter (A), an area of focus's number (33), a plan's, objective's, "
        "milestone's or task's code",
    ),
    ColumnHelp(
        "title",
        "the name of a priority; the title of a key objective, area of focus, plan, "
        "objective, milestone or task",
    ),
    ColumnHelp("parent", "plan: the code of the plan one level up (empty at the top)"),
    ColumnHelp(
        "kind",
        "plan: community strategy, corporate plan, service plan, divisional plan, team plan "
        "or personal plan",
    ),
    ColumnHelp("plan", "objective, task: the code of the plan it belongs to"),
    ColumnHelp(
        "objective",
        "objective link, milestone, indicator link: the objective's code; task: the objective "
        "it serves (may be empty)",
    ),
    ColumnHelp(
        "priority",
        "key objective, area of focus, objective link: the priority's code or name",
    ),
    ColumnHelp("key_objective", "area of focus: the letter of its key objective (may be empty)"),
    ColumnHelp(
        "area_of_focus",
        "objective link: the number of an area of focus under the link's priority (may be empty)",
    ),
    ColumnHelp(
        "primary",
        "objective link: yes for the objective's one primary link, which Table 2 counts",
    ),
    ColumnHelp("number", "priority: its number, which orders the priorities (1, 2 …)"),
    ColumnHelp("short_name", "priority: the short name shown in tables (default: its name)"),
    ColumnHelp("department", "plan: the department's code or name"),
    ColumnHelp("organisation", "plan: the organisation's code (default: the council)"),
    ColumnHelp("owner", "plan, objective, milestone, task: the owner's e-mail address"),
    ColumnHelp("first_year", "plan: the financial year it starts, e.g. 2008/09"),
    ColumnHelp("last_year", "plan: the financial year it ends, e.g. 2010/11"),
    ColumnHelp(
        "state",
        "plan: draft, in quality assurance, approved or published (default draft)",
    ),
    ColumnHelp(
        "due",
        "milestone: the quarter it is due, e.g. 2009/10 Q3; task: the period it is due (may be "
        "empty)",
    ),
    ColumnHelp("indicator", "indicator link: the indicator's code, already in the library"),
    ColumnHelp("ppb", "priority: the code of its Policy and Performance Board"),
    ColumnHelp("ssp", "priority: the code of its Specialist Strategic Partnership"),
    ColumnHelp("portfolio", "priority: the code of its Executive Board portfolio"),
    ColumnHelp("description", "objective: a longer description"),
)
NAMES = tuple(column.name for column in HELP)
COLUMNS = tuple(Column(name, required=name == "record") for name in NAMES)

K = RecordKind
# The columns each kind of row needs filled, then the ones it may fill.
REQUIRED: dict[str, tuple[str, ...]] = {
    K.PRIORITY: ("code", "title"),
    K.KEY_OBJECTIVE: ("code", "title", "priority"),
    K.AREA_OF_FOCUS: ("code", "title", "priority"),
    K.PLAN: ("code", "title", "kind", "first_year", "last_year"),
    K.OBJECTIVE: ("code", "title", "plan"),
    K.OBJECTIVE_LINK: ("objective", "priority"),
    K.MILESTONE: ("code", "title", "objective", "due"),
    K.TASK: ("code", "title", "plan"),
    K.INDICATOR_LINK: ("indicator", "objective"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    K.PRIORITY: ("number", "short_name", "ppb", "ssp", "portfolio"),
    K.KEY_OBJECTIVE: (),
    K.AREA_OF_FOCUS: ("key_objective",),
    K.PLAN: ("parent", "organisation", "department", "owner", "state"),
    K.OBJECTIVE: ("owner", "description"),
    K.OBJECTIVE_LINK: ("area_of_focus", "primary"),
    K.MILESTONE: ("owner",),
    K.TASK: ("objective", "owner", "due"),
    K.INDICATOR_LINK: (),
}
USES = {kind: {"record", *REQUIRED[kind], *OPTIONAL[kind]} for kind in REQUIRED}
