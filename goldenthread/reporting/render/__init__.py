"""Turning a built report into a file: HTML, PDF, XLSX, CSV or JSON, all with the same
content (every section, summary line, indicator, milestone, narrative and note).

- HTML: the board pack as one self-contained page (its styles inline), ``html.py``.
- PDF: the same page laid out on A4 by WeasyPrint, ``pdf.py``.
- XLSX: an "About" sheet, then a sheet per section, ``xlsx.py``.
- CSV and JSON: one row per item, the columns in ``rows.COLUMNS``, ``rows.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.reporting.choices import ReportFormat
from goldenthread.reporting.document import Report
from goldenthread.reporting.render import html, pdf, rows, xlsx


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str  # e.g. qmr-ERS-2009-10-Q1.pdf


def render_report(report: Report, fmt: ReportFormat | str) -> Rendered:
    """``report`` as a file in ``fmt``."""
    fmt = ReportFormat(fmt)
    match fmt:
        case ReportFormat.HTML:
            content = html.render_html(report).encode()
            content_type = "text/html; charset=utf-8"
        case ReportFormat.PDF:
            content = pdf.render_pdf(report)
            content_type = "application/pdf"
        case ReportFormat.XLSX:
            content = xlsx.render_xlsx(report)
            content_type = xlsx.CONTENT_TYPE
        case ReportFormat.CSV:
            content = rows.render_csv(report).encode("utf-8-sig")  # Excel reads UTF-8 with a BOM
            content_type = "text/csv; charset=utf-8"
        case ReportFormat.JSON:
            content = rows.render_json(report).encode()
            content_type = "application/json"
    return Rendered(content, content_type, f"{report.slug()}.{fmt.value}")
