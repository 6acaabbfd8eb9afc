"""Reading one cell: numbers, choices, yes/no, periods and names of things. No database.

Each parser takes the cell's text (already trimmed) and returns a value, or raises CellError
with a sentence a person can act on; the sentence quotes the value where that helps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from django.db.models import TextChoices

from goldenthread.planning.periods import Period, PeriodError

T = TypeVar("T")

# Figures are stored with six decimal places and up to twenty digits in all.
FIGURE_PLACES = Decimal("0.000001")
FIGURE_LIMIT = Decimal(10) ** 14
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


def parse_text(raw: str, *, max_length: int, required: str | None = None) -> str:
    """Text as written. ``required`` is the message for an empty cell when one is needed."""
    if not raw and required:
        raise CellError(required)
    if len(raw) > max_length:
        raise CellError(f"the text is {len(raw)} characters long; the most is {max_length}")
    return raw


def parse_choice(raw: str, choices: type[TextChoices], *, default: str | None) -> str | None:
    """One of a fixed set of values, by value or label in any case; empty gives ``default``."""
    if not raw:
        return default
    wanted = raw.casefold()
    for value, label in choices.choices:
        if wanted in (str(value).casefold(), str(label).casefold()):
            return str(value)
    raise CellError(f"{raw!r} is not one of {', '.join(str(v) for v in choices.values)}")


def parse_yes_no(raw: str, *, default: bool = False) -> bool:
    wanted = raw.casefold()
    if not wanted:
        return default
    if wanted in _YES:
        return True
    if wanted in _NO:
        return False
    raise CellError(f"{raw!r} is not yes or no")


def parse_whole_number(raw: str, *, low: int, high: int, default: int) -> int:
    if not raw:
        return default
    try:
        number = int(raw)
    except ValueError:
        raise CellError(f"{raw!r} is not a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise CellError(f"{raw!r} is not a whole number from {low} to {high}")
    return number


def parse_figure(raw: str, *, required: str | None = None) -> Decimal | None:
    """A number as officers write it: ``1234.5``, ``-3``, ``1,234.5`` (with thousands commas).

    Stored to six decimal places, so a spreadsheet's binary noise (0.30000000000000004) reads as
    the figure the officer typed. Empty is None, or CellError(required) when one is needed.
    """
    if not raw:
        if required:
            raise CellError(required)
        return None
    text = raw.replace(" ", "")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        hint = ""
        if raw.endswith("%") or raw.startswith(("£", "$")):
            hint = "; write the number alone, without % or £"
        raise CellError(f"{raw!r} is not a number{hint}")
    if abs(number) >= FIGURE_LIMIT:
        raise CellError(f"{raw!r} is too large; the largest figure is 99,999,999,999,999")
    return number.quantize(FIGURE_PLACES)


def parse_period(raw: str) -> Period:
    if not raw:
        raise CellError("no period given; write it as 2008/09, 2008/09 Q1 or 2008/09 H1")
    try:
        return Period.parse(raw)
    except PeriodError as error:
        message = str(error)
        if _DATE.match(raw):
            message += (
                " (a spreadsheet may have turned the period into a date: "
                "format the column as text and type it again)"
            )
        raise CellError(message) from None


class NameIndex(Generic[T]):
    """Finds a thing by any of its names, ignoring case.

    ``keys`` are tried in order of precedence, so a code wins over another thing's name.
    A name shared by two things of the same precedence finds neither: it is ambiguous.
    """

    _AMBIGUOUS = object()

    def __init__(
        self, items: Iterable[T], *keys: Callable[[T], str], noun: str, unknown: str
    ) -> None:
        self.noun = noun  # "department"
        self.unknown = unknown  # "a department code or name"
        self._index: dict[str, object] = {}
        items = list(items)
        for key in keys:
            level: dict[str, object] = {}
            for item in items:
                name = " ".join(str(key(item) or "").split()).casefold()
                if name:
                    level[name] = item if level.get(name, item) is item else self._AMBIGUOUS
            for name, found in level.items():
                self._index.setdefault(name, found)

    def get(self, raw: str) -> T:
        found = self._index.get(" ".join(raw.split()).casefold())
        if found is None:
            raise CellError(f"{raw!r} is not {self.unknown}")
        if found is self._AMBIGUOUS:
            raise CellError(f"{raw!r} names more than one {self.noun}")
        return found  # type: ignore[return-value]
