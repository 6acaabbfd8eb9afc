"""Reading the plan file's own kinds of cell: codes, letters, years, quarters. No database."""

from __future__ import annotations

from django.db.models import TextChoices

from goldenthread.indicators.imports.cells import CellError, parse_period, parse_text
from goldenthread.planning import rules
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.spreadsheet_cells import FORMULA_STARTS


def unescape(raw: str) -> str:
    """Undo the apostrophe our CSV export puts before text that a spreadsheet would run as a
    formula (goldenthread.spreadsheet_cells), so an exported file imports as it was."""
    if raw.startswith("'") and raw[1:].startswith(FORMULA_STARTS):
        return raw[1:]
    return raw


def parse_words(raw: str, *, max_length: int) -> str:
    return parse_text(unescape(raw), max_length=max_length)


def parse_code(raw: str, *, max_length: int) -> str:
    """A code as written, runs of spaces made one (``ERS  2`` is ``ERS 2``)."""
    return parse_text(" ".join(unescape(raw).split()), max_length=max_length)


def parse_letter(raw: str) -> str:
    letter = raw.strip().upper()
    if not 1 <= len(letter) <= 2 or not letter.isalnum():
        raise CellError(f"{raw!r} is not a key objective's letter (one or two letters, e.g. A)")
    return letter


def parse_area_number(raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        raise CellError(
            f"{raw!r} is not an area of focus number (a whole number, e.g. 33)"
        ) from None
    if not 1 <= number <= 32767:
        raise CellError(f"{raw!r} is not an area of focus number from 1 to 32767")
    return number


def parse_priority_number(raw: str) -> int | None:
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        raise CellError(f"{raw!r} is not a whole number from 1 to 32767") from None
    if not 1 <= number <= 32767:
        raise CellError(f"{raw!r} is not a whole number from 1 to 32767")
    return number


def parse_year(raw: str) -> int:
    """A financial year, ``2008/09``: the calendar year it starts in (2008)."""
    period = parse_period(raw)
    if period.kind is not PeriodKind.YEAR:
        raise CellError(f"{raw!r} is a {period.kind}; write the financial year, e.g. 2008/09")
    return period.year


def parse_quarter(raw: str) -> Period:
    quarter = rules.parse_quarter(raw)
    if quarter is None:
        raise CellError(rules.not_a_quarter(repr(raw)))
    return quarter


def parse_named_choice(raw: str, choices: type[TextChoices], *, default: str | None) -> str | None:
    """One of ``choices`` as people write it: ``personal plan``, ``Personal plan (EDR)`` or
    ``personal_plan``, in any case."""
    if not raw:
        return default
    wanted = " ".join(raw.replace("_", " ").replace("-", " ").split()).casefold()
    for value, label in choices.choices:
        names = {str(value).replace("_", " "), str(label), str(label).split(" (")[0]}
        if wanted in {name.casefold() for name in names}:
            return str(value)
    written = ", ".join(str(value).replace("_", " ") for value in choices.values)
    raise CellError(f"{raw!r} is not one of {written}")
