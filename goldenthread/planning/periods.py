"""UK financial-year periods: parsing, formatting and arithmetic. Pure: no database.

A financial year runs 1 April to 31 March and is written ``2008/09``. Within it are quarters
(``2008/09 Q1`` is April to June) and halves (``2008/09 H1`` is April to September). The URL and
command-line form ``2008-09-Q1`` means the same period.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"


class PeriodError(ValueError):
    """A period written in a form Golden Thread does not accept."""


_PATTERN = re.compile(
    r"^(?P<start>\d{4})(?P<sep>[/-])(?P<end>\d{2})(?:(?:\s+|-)(?P<kind>[QqHh])(?P<number>\d))?$"
)
_PART_LENGTH = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3}
_PART_COUNT = {PeriodKind.YEAR: 1, PeriodKind.HALF: 2, PeriodKind.QUARTER: 4}
_LETTER = {PeriodKind.HALF: "H", PeriodKind.QUARTER: "Q"}
ACCEPTED_FORMS = "2008/09, 2008/09 Q1 to Q4, 2008/09 H1 or H2 (or 2008-09-Q1)"


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """A financial year, or one of its halves or quarters.

    Ordered by start date, then by length (a year sorts before its first half and quarter).
    """

    year: int  # the calendar year in which the financial year starts: 2008 for 2008/09
    kind: PeriodKind = PeriodKind.YEAR
    number: int = 1  # quarter 1-4 or half 1-2; always 1 for a year

    def __post_init__(self) -> None:
        if not 1 <= self.number <= _PART_COUNT[self.kind]:
            raise PeriodError(f"{self.kind} number must be 1 to {_PART_COUNT[self.kind]}")
        if not 1900 <= self.year <= 2999:
            raise PeriodError(f"year {self.year} is out of range")

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Start month, then longer periods first; also the value stored for ordering."""
        return (self.year, (self.number - 1) * _PART_LENGTH[self.kind], -_PART_LENGTH[self.kind])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    # -- construction -------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2008/09``, ``2008/09 Q2``, ``2008/09 H1`` or the slug form ``2008-09-Q2``."""
        raw = str(text).strip()
        match = _PATTERN.match(raw)
        if not match:
            raise PeriodError(f"{raw!r} is not a period; write {ACCEPTED_FORMS}")
        start, end = int(match["start"]), int(match["end"])
        if (start + 1) % 100 != end:
            raise PeriodError(
                f"{raw!r} is not a financial year: {start} is followed by "
                f"{(start + 1) % 100:02d}, not {end:02d}"
            )
        if match["kind"] is None:
            return cls(start)
        kind = PeriodKind.QUARTER if match["kind"].upper() == "Q" else PeriodKind.HALF
        number = int(match["number"])
        if not 1 <= number <= _PART_COUNT[kind]:
            raise PeriodError(
                f"{raw!r} names {kind} {number}; a year has {_PART_COUNT[kind]} "
                f"{'halves' if kind is PeriodKind.HALF else 'quarters'}"
            )
        return cls(start, kind, number)

    @classmethod
    def year_of(cls, day: datetime.date) -> Period:
        """The financial year containing ``day``."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def quarter_of(cls, day: datetime.date) -> Period:
        """The quarter containing ``day``."""
        year = cls.year_of(day).year
        months_in = (day.month - 4) % 12
        return cls(year, PeriodKind.QUARTER, months_in // 3 + 1)

    # -- presentation ------------------------------------------------------------------

    @property
    def year_label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return self.year_label
        return f"{self.year_label} {_LETTER[self.kind]}{self.number}"

    @property
    def slug(self) -> str:
        """The form used in URLs and on the command line: ``2008-09-Q1``."""
        base = f"{self.year}-{(self.year + 1) % 100:02d}"
        if self.kind is PeriodKind.YEAR:
            return base
        return f"{base}-{_LETTER[self.kind]}{self.number}"

    # -- calendar ----------------------------------------------------------------------

    @property
    def start(self) -> datetime.date:
        month_index = 3 + (self.number - 1) * _PART_LENGTH[self.kind]  # 0-based from January
        return datetime.date(self.year + month_index // 12, month_index % 12 + 1, 1)

    @property
    def end(self) -> datetime.date:
        return self.following().start - datetime.timedelta(days=1)

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def financial_year(self) -> Period:
        return Period(self.year)

    @property
    def months_into_year(self) -> int:
        """How many months of the financial year have passed at this period's end."""
        return self.number * _PART_LENGTH[self.kind]

    # -- arithmetic --------------------------------------------------------------------

    def shift(self, steps: int) -> Period:
        """The period ``steps`` periods of the same kind later (earlier when negative)."""
        count = _PART_COUNT[self.kind]
        index = self.year * count + (self.number - 1) + steps
        return Period(index // count, self.kind, index % count + 1)

    def following(self) -> Period:
        return self.shift(1)

    def previous(self) -> Period:
        return self.shift(-1)

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.kind, self.number)

    def quarters(self) -> list[Period]:
        """The quarters that make up this period, in order."""
        return [
            q
            for q in (Period(self.year, PeriodKind.QUARTER, n) for n in range(1, 5))
            if self.contains(q)
        ]

    def quarters_to_date(self) -> list[Period]:
        """The quarters of the financial year up to and including this period's end."""
        return [q for q in Period(self.year).quarters() if q.end <= self.end]


def period_range(first: Period, last: Period) -> list[Period]:
    """Every period of ``first``'s kind from ``first`` to ``last`` inclusive."""
    if first.kind != last.kind:
        raise PeriodError(f"cannot range from a {first.kind} to a {last.kind}")
    periods = []
    current = first
    while current <= last:
        periods.append(current)
        current = current.following()
    return periods


def plan_span_label(first_year: int, last_year: int) -> str:
    """A plan's span as councils write it: 2008–11 for 2008/09 to 2010/11."""
    return f"{first_year}–{(last_year + 1) % 100:02d}"
