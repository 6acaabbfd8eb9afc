"""The board pack as HTML: a cover (what the report is, its contents, the status key), then
the report's body, the same template the web page includes. One self-contained document, its
styles inline, for a download and for the PDF."""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from goldenthread.reporting.document import Report

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "reporting" / "print.css"


@functools.cache
def print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def base_url() -> str:
    """The site's address, so that links in a file opened away from the site still work;
    empty (links stay paths) when GOLDENTHREAD_BASE_URL is not set."""
    return str(getattr(settings, "GOLDENTHREAD_BASE_URL", "") or "").rstrip("/")


def render_html(report: Report) -> str:
    return render_to_string(
        "reporting/print.html",
        {
            "report": report,
            "base_url": base_url(),
            "print_css": print_css(),
            "status_key": report.status_key,
        },
    )
