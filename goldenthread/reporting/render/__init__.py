"""Turning a built report into a file: HTML, PDF, XLSX, CSV or JSON, all with the same
content (every section, summary line, indicator, milestone, narrative and note)."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.reporting.choices import ReportFormat
from goldenthread.reporting.document import Report


@dataclass(frozen=True)
class Rendered:
    content: bytes
    content_type: str
    filename: str  # e.g. qmr-ERS-2009-10-Q1.pdf


def render_report(report: Report, fmt: ReportFormat | str) -> Rendered:
    """``report`` as a file in ``fmt``."""
    raise NotImplementedError(f"{fmt} is not written yet")
