"""The board pack as a PDF: the HTML board pack laid out on A4 by WeasyPrint, with page
numbers and the date generated in the margins and the contents' page numbers filled in."""

from __future__ import annotations

import logging

from goldenthread.reporting.document import Report
from goldenthread.reporting.render.html import base_url, render_html

# WeasyPrint logs every layout step, and warns of every SVG presentation property its HTML
# cascade does not know (its SVG drawing uses them all the same); fontTools logs each font
# subset. None of it is news to an operator.
for _name, _level in (("weasyprint", logging.ERROR), ("fontTools", logging.WARNING)):
    logging.getLogger(_name).setLevel(_level)


def render_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango and its fonts, which only a PDF needs.
    from weasyprint import HTML

    document = HTML(string=render_html(report), base_url=base_url() or None)
    # PDF/UA: a tagged PDF, so that a screen reader reads headings, tables and links in order.
    return document.write_pdf(pdf_variant="pdf/ua-1")
