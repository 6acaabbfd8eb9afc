"""A built report as plain data: what every format (HTML, PDF, XLSX, CSV, JSON) renders, so
that every format carries the same content.

A report is a flat list of sections, each with a heading level. A section may hold a status
summary (counts, each linking to the items behind it), summary rows (one per department,
priority or perspective, with their counts), indicator rows, milestone rows, the department's
narrative, data-quality notes, and a line counting what it leaves out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from goldenthread.performance.rating import AWAITING
from goldenthread.planning.periods import Period

STATUS_LABELS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "no_target": "Data only",
    "not_reported": "Not reported",
    "awaiting": "Awaiting publication",
}
DIRECTION_LABELS = {"improving": "Improving", "no_change": "No change", "worsening": "Worsening"}
EXCEPTION_LABELS = {"over": "Over target", "under": "Under target"}
STATUS_KEY = [
    ("red", "Missed the target by more than its tolerance, or a milestone missed or overdue."),
    ("amber", "Missed the target within its tolerance, or a milestone at risk."),
    ("green", "Met or beat the target, or a milestone on track or complete."),
    ("no_target", "Reported, with no target to rate it against (or never rated)."),
    ("not_reported", "Due, but no published figure or progress, the quarter's collection over."),
    (
        "awaiting",
        "The quarter is still being collected (its round is open) and nothing is published for "
        "the item yet: not late, and not counted as not reported.",
    ),
]


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int
    url: str  # the list of the items counted

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Chart:
    """An SVG drawn for the page and the PDF alike, and the same content in words."""

    svg: str
    title: str
    text: str  # the text alternative


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: str
    period: Period
    department: str  # the department's name, or empty
    indicator_set: str
    is_key: bool
    in_laa: bool
    unit: str
    decimals: int
    target: Decimal | None
    actual: Decimal | None
    status: str
    direction: str | None
    exception: str | None
    explanation: str
    commentary: str
    priorities: tuple[str, ...]
    url: str  # the indicator's page: its history, chart and commentary
    history_url: str  # the published figure's audit trail; empty when nothing is published
    chart: Chart | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS.get(self.direction or "", "")

    @property
    def exception_label(self) -> str:
        return EXCEPTION_LABELS.get(self.exception or "", "")


@dataclass(frozen=True)
class MilestoneRow:
    code: str
    title: str
    period: Period
    objective: str  # code and title
    department: str
    due: Period
    progress: str  # the manager's words for its progress, or empty
    status: str
    explanation: str
    commentary: str
    url: str  # the objective's page
    history_url: str  # the progress report's audit trail, or empty

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class SummaryRow:
    """One line of a summary: a department, directorate, priority or perspective."""

    label: str
    url: str  # the detail behind the line
    counts: list[StatusCount]
    total: int
    exceptions: int
    note: str = ""


@dataclass
class Section:
    id: str  # an anchor, unique in the report
    heading: str
    level: int = 2  # 2: a part of the report; 3: within the part before it
    period: Period | None = None
    intro: str = ""
    narrative: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    counts: list[StatusCount] = field(default_factory=list)
    chart: Chart | None = None  # the status summary
    summary: list[SummaryRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    others: str = ""  # one line counting what the section leaves out
    notes: list[str] = field(default_factory=list)  # data quality

    @property
    def total(self) -> int:
        return sum(count.count for count in self.counts)

    @property
    def is_empty(self) -> bool:
        return not (
            self.narrative or self.summary or self.indicators or self.milestones or self.counts
        )


@dataclass
class Report:
    kind: str
    kind_label: str
    title: str
    scope_label: str
    periods: tuple[Period, ...]
    generated_at: datetime.datetime
    url: str  # the stable URL of this report, path and query
    query: str  # the query string alone
    basis: str  # which figures it is built from, in words
    sections: list[Section]
    totals: list[StatusCount]  # every item counted once, however many sections show it
    audience: str = ""
    scope_code: str = ""  # the department, board… code, or the sets of an indicator-set view
    collecting: tuple[Period, ...] = ()  # those of its periods whose round is still open

    @property
    def period_label(self) -> str:
        return ", ".join(str(period) for period in self.periods)

    @property
    def total(self) -> int:
        return sum(count.count for count in self.totals)

    @property
    def status_key(self) -> list[tuple[str, str, str]]:
        """(status, label, meaning) for each status the report can show: "Awaiting
        publication" only in a report of a period still being collected."""
        return [
            (status, STATUS_LABELS[status], meaning)
            for status, meaning in STATUS_KEY
            if status != AWAITING or self.collecting
        ]

    def slug(self) -> str:
        """A file name for this report: kind, scope and period, e.g. qmr-ERS-2009-10-Q1."""
        parts = [self.kind, *([self.scope_code] if self.scope_code else [])]
        parts.append("_".join(period.slug for period in self.periods))
        return "-".join(_file_safe(part) for part in parts)

    def as_dict(self) -> dict[str, Any]:
        """The report's header, for the JSON form (rows are added by the renderer)."""
        return {
            "report": self.kind,
            "title": self.title,
            "scope": self.scope_label,
            "periods": [str(period) for period in self.periods],
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "basis": self.basis,
            "url": self.url,
            # Every status, always: a report of closed quarters has 0 awaiting publication.
            "totals": {
                **dict.fromkeys(STATUS_LABELS, 0),
                **{count.status: count.count for count in self.totals},
            },
            "collecting": [str(period) for period in self.collecting],
        }


def _file_safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text).strip("_")
