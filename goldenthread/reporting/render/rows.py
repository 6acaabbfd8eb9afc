"""A report as rows, one per item, for CSV, JSON and the spreadsheet's section sheets.

Every row has the same columns, ``COLUMNS``, in this order; a column that does not apply to a
row's kind of item is empty (``null`` in JSON):

- ``section``, ``section_id``, ``section_level`` (2 for a part of the report, 3 within one),
  ``period``: where the item is and the period it is for.
- ``item_type``: ``intro`` (the section's introduction, in ``text``), ``narrative`` (a piece
  of the department's narrative: ``title`` is its heading, ``text`` its words), ``count``
  (how many items of the section have one ``status``: ``count``, and ``url`` lists them),
  ``summary`` (a summary line, e.g. a department: ``title``, its count in each status in the
  ``red`` … ``awaiting`` columns, ``total``, ``exceptions``, ``text`` its note; ``awaiting``
  is empty in a report with no period still being collected, where it cannot be counted),
  ``indicator``, ``milestone``, ``others`` (the line counting what the section leaves out,
  in ``text``) and ``note`` (a data-quality note, in ``text``).
- ``code``, ``title``, ``department``, ``objective`` (a milestone's objective), ``due`` (a
  milestone's due period), ``progress`` (a milestone's progress in the manager's words).
- ``target``, ``actual``: numbers, as stored (the spreadsheet shows them to the indicator's
  ``decimals``); ``unit`` and ``decimals`` say how to write them.
- ``status`` (red, amber, green, no_target, not_reported, awaiting: nothing published yet
  while the period's round is open) and ``status_label``; ``direction`` (improving,
  no_change, worsening); ``exception`` (over, under).
- ``explanation`` (why the item has its status), ``commentary`` (the responsible officer's).
- ``url`` (the item's page, or the list a count stands for) and ``history_url`` (the published
  figure's or progress report's audit trail), as paths on the site, or full addresses when
  GOLDENTHREAD_BASE_URL is set.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from goldenthread.reporting.document import STATUS_LABELS, Report, Section
from goldenthread.reporting.render.html import base_url
from goldenthread.spreadsheet_cells import csv_cell

STATUSES = list(STATUS_LABELS)
COLUMNS = [
    "section",
    "section_id",
    "section_level",
    "period",
    "item_type",
    "code",
    "title",
    "department",
    "objective",
    "due",
    "progress",
    "target",
    "actual",
    "unit",
    "decimals",
    "status",
    "status_label",
    "direction",
    "exception",
    "count",
    *STATUSES,
    "total",
    "exceptions",
    "explanation",
    "commentary",
    "text",
    "url",
    "history_url",
]

Row = dict[str, Any]


def number(value: Decimal | None) -> int | float | None:
    """A stored figure as a plain number: 115.000000 → 115, 92.500000 → 92.5."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def section_rows(report: Report, section: Section, *, prefix: str = "") -> Iterator[Row]:
    """The rows of one section, every column present. ``prefix`` goes before each link; a row
    of a summary line also carries ``_count_urls`` (status → the link behind that count),
    which is not a column."""

    def row(item_type: str, **values: Any) -> Row:
        full: Row = dict.fromkeys(COLUMNS)
        full.update(
            section=section.heading,
            section_id=section.id,
            section_level=section.level,
            period=str(section.period) if section.period else report.period_label,
            item_type=item_type,
        )
        for key in ("url", "history_url"):
            if values.get(key):
                values[key] = prefix + values[key]
            else:
                values[key] = None
        full.update(values)
        return full

    if section.intro:
        yield row("intro", text=section.intro)
    for heading, text in section.narrative:
        yield row("narrative", title=heading, text=text)
    for count in section.counts:
        yield row(
            "count",
            status=count.status,
            status_label=count.label,
            count=count.count,
            url=count.url,
        )
    for line in section.summary:
        summary = row(
            "summary",
            title=line.label,
            total=line.total,
            exceptions=line.exceptions,
            text=line.note or None,
            url=line.url,
            **{count.status: count.count for count in line.counts},
        )
        summary["_count_urls"] = {count.status: prefix + count.url for count in line.counts}
        yield summary
    for indicator in section.indicators:
        yield row(
            "indicator",
            period=str(indicator.period),
            code=indicator.code,
            title=indicator.title,
            department=indicator.department or None,
            target=number(indicator.target),
            actual=number(indicator.actual),
            unit=indicator.unit,
            decimals=indicator.decimals,
            status=indicator.status,
            status_label=indicator.status_label,
            direction=indicator.direction,
            exception=indicator.exception,
            explanation=indicator.explanation or None,
            commentary=indicator.commentary or None,
            url=indicator.url,
            history_url=indicator.history_url,
        )
    for milestone in section.milestones:
        yield row(
            "milestone",
            period=str(milestone.period),
            code=milestone.code,
            title=milestone.title,
            department=milestone.department or None,
            objective=milestone.objective,
            due=str(milestone.due),
            progress=milestone.progress or None,
            status=milestone.status,
            status_label=milestone.status_label,
            explanation=milestone.explanation or None,
            commentary=milestone.commentary or None,
            url=milestone.url,
            history_url=milestone.history_url,
        )
    if section.others:
        yield row("others", text=section.others)
    for note in section.notes:
        yield row("note", text=note)


def report_rows(report: Report) -> list[Row]:
    """Every row of the report, section by section, with only the ``COLUMNS``."""
    prefix = base_url()
    return [
        {column: row[column] for column in COLUMNS}
        for section in report.sections
        for row in section_rows(report, section, prefix=prefix)
    ]


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()


def render_json(report: Report) -> str:
    document = {**report.as_dict(), "columns": COLUMNS, "rows": report_rows(report)}
    return json.dumps(document, ensure_ascii=False, indent=1)
