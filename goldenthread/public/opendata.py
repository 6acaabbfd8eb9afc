"""Open data: every published figure the public may see, one row each, as CSV and JSON under
the Open Government Licence v3.0 (docs/public.md describes the files).

The columns follow docs' interchange conventions: periods written ``2008/09 Q1``, polarity
``higher``/``lower``/``none``, status ``green``/``amber``/``red``/``no_target``, numbers as
stored without trailing zeros. CSV is UTF-8 with a byte-order mark (spreadsheets read it
right), comma-separated, with a header row; its cells are made safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from goldenthread.indicators.models import Indicator
from goldenthread.public.selectors import Release, rate_histories, released_dates
from goldenthread.reporting.render.rows import number
from goldenthread.web import markers

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

COLUMNS = [
    "indicator",
    "title",
    "priorities",
    "department",
    "set",
    "unit",
    "decimals",
    "polarity",
    "frequency",
    "period",
    "value",
    "target",
    "status",
    "status_label",
    "direction",
    "exception",
    "explanation",
    "direction_explanation",
    "released",
    "revision",
    "url",
]

Row = dict[str, Any]


def figure_rows(indicators: QuerySet[Indicator], release: Release, *, page_url: Any) -> list[Row]:
    """A row per public figure of ``indicators``, by indicator code then period.
    ``page_url(code)`` is the address of the indicator's public page. A fixed number of
    queries, whatever the number of rows."""
    released = released_dates(indicators)
    rows = []
    for rated in rate_histories(indicators, release):
        indicator = rated.indicator
        about = {
            "indicator": indicator.code,
            "title": indicator.title,
            "priorities": ";".join(p.code for p in rated.priorities),
            "department": indicator.department.name if indicator.department else None,
            "set": indicator.indicator_set,
            "unit": indicator.unit or None,
            "decimals": indicator.decimals,
            "polarity": indicator.polarity,
            "frequency": indicator.frequency,
            "url": page_url(indicator.code),
        }
        for rating in rated.history:
            actual = rating.actual
            assert actual is not None  # a public history holds figures only
            rows.append(
                {
                    **about,
                    "period": str(rating.period),
                    "value": number(actual.value),
                    "target": number(rating.target),
                    "status": rating.status,
                    "status_label": markers.STATUS.get(rating.status, markers.NOT_RATED).text,
                    "direction": rating.direction,
                    "exception": rating.exception,
                    "explanation": rating.explanation,
                    "direction_explanation": rating.direction_explanation or None,
                    "released": _iso(released.get(actual.pk)),
                    "revision": actual.revision,
                }
            )
    return [{column: row[column] for column in COLUMNS} for row in rows]


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


# -- spreadsheet safety --------------------------------------------------------------------------

# A spreadsheet treats a cell that starts with one of these as a formula (OWASP, "CSV
# injection"); titles and explanations are free text, so such a cell is written with a leading
# apostrophe, which spreadsheets show as text. A number (-3.5) is not a formula and is left alone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return text.strip() == text


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


# -- the files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    title: str  # "Published performance figures: A Healthy Borough"
    publisher: str
    release: Release
    rows: list[Row]


def render_csv(dataset: Dataset) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in dataset.rows:
        writer.writerow({k: "" if v is None else spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def render_json(dataset: Dataset) -> bytes:
    release = dataset.release
    document = {
        "dataset": dataset.title,
        "publisher": dataset.publisher,
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL, "attribution": ATTRIBUTION},
        "latest_quarter": str(release.quarter) if release.quarter else None,
        "latest_year": str(release.year) if release.year else None,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "note": (
            "Published figures only. A quarter's figures are released when the council "
            "publishes them and its collection closes; until then they are left out."
        ),
        "columns": COLUMNS,
        "rows": dataset.rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()
