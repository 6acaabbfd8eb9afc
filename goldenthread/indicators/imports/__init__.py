"""Importing indicators, targets and actuals from CSV and XLSX files.

Call the services in goldenthread.indicators.services; this package holds their parts:
``reading`` (files into numbered rows), ``cells`` (one cell into a value), one module per
file type, and ``runner`` (check everything, then write all or nothing).
"""

from goldenthread.indicators.imports.result import ImportResult, RowError

__all__ = ["ImportResult", "RowError"]
