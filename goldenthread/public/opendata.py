"""Open data: every published figure the public may see, one row each, as CSV and JSON under
the Open Government Licence v3.0 (docs/public.md describes the files).

The columns follow docs' interchange conventions: periods written ``2008/09 Q1``, polarity
``higher``/``lower``/``none``, status ``green``/``amber``/``red``/``no_target``, numbers as
stored without trailing zeros. CSV is UTF-8 with a byte-order mark (spreadsheets read it
right), comma-separated, with a header row; a cell a spreadsheet would run as a formula is
written as text (goldenthread.spreadsheet_cells).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from goldenthread.indicators.models import Indicator
from goldenthread.public.selectors import Release, rate_histories, released_dates
from goldenthread.reporting.render.rows import number
from goldenthread.spreadsheet_cells import csv_cell
from goldenthread.web import markers

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."

COLUMNS = [
    "indicator",
    "title",
    "note",
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
            "note": indicator.note or None,
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
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
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
