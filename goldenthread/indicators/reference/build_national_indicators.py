"""Rebuild national_indicators.csv (the import format) from the research file.

    python goldenthread/indicators/reference/build_national_indicators.py SOURCE.csv

SOURCE has the columns code,title,theme,department,polarity,unit,frequency,source,provenance
(shared/reference/national_indicators.csv). Only what the source says is carried over; an
empty source cell stays empty, so the importer's default applies. An editorial remark in
square brackets in a source title goes to the `note` column, never the title. See README.md here.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from goldenthread.indicators.editorial import split_title

OUTPUT = Path(__file__).resolve().parent / "national_indicators.csv"
COLUMNS = [
    "code", "set", "title", "polarity", "unit", "frequency",
    "description", "note", "data_source", "provenance",
]  # fmt: skip
POLARITY = {"higher is better": "higher", "lower is better": "lower"}
PLAIN_UNITS = {"%", "number", "days", "£", "rate", "rate per 1,000"}
FREQUENCIES = {"monthly", "quarterly", "annual", "biennial"}
# Where a source's bracketed remark reads badly as a sentence of its own, the note's wording.
NOTES = {
    "NI 51": "Title abbreviated in source.",
    "NI 113": "Source wording; verify the age band against the Handbook of Definitions.",
    "NI 158": "Wording from data4nr; the measure is non-decent council homes as a % of stock. "
    "Verify the official title.",
    "NI 169": "Wording from data4nr.",
    "NI 175": "Title as in source: 'other specified models' is probably 'modes'.",
}


def convert(source: dict[str, str]) -> dict[str, str]:
    cell = {name: (value or "").strip() for name, value in source.items()}
    unit = cell["unit"] if cell["unit"] in PLAIN_UNITS else ""
    frequency = cell["frequency"].lower() if cell["frequency"].lower() in FREQUENCIES else ""
    polarity = POLARITY.get(cell["polarity"].lower(), "")
    if cell["polarity"] and not polarity:
        raise ValueError(f"{cell['code']}: unknown polarity {cell['polarity']!r}")
    notes = [
        f"Theme: {cell['theme']}." if cell["theme"] else "",
        f"Government department: {cell['department']}." if cell["department"] else "",
        f"Unit in source: {cell['unit']}." if cell["unit"] and not unit else "",
        f"Frequency in source: {cell['frequency']}." if cell["frequency"] and not frequency else "",
    ]
    title, note = split_title(cell["title"])
    return {
        "code": cell["code"],
        "set": "NI",
        "title": title,
        "polarity": polarity,
        "unit": unit,
        "frequency": frequency,
        "description": " ".join(part for part in notes if part),
        "note": NOTES.get(cell["code"], note) if note else "",
        "data_source": cell["source"],
        "provenance": cell["provenance"],
    }


def main(source: str) -> None:
    with open(source, encoding="utf-8-sig", newline="") as file:
        rows = [convert(row) for row in csv.DictReader(file)]
    with open(OUTPUT, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUTPUT.name}: {len(rows)} indicators")


if __name__ == "__main__":
    main(sys.argv[1])
