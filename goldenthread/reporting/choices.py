"""The vocabulary of reports: which report, over what, showing what."""

from django.db import models


class ReportKind(models.TextChoices):
    """The standard pack, and reports built in the builder."""

    QMR = "qmr", "Quarterly monitoring report"
    EXCEPTIONS = "exceptions", "Exception report"
    PRIORITY = "priority", "Priority report"
    DIRECTORATE = "directorate", "Directorate summary"
    ORGANISATION = "organisation", "Organisation summary"
    SCORECARD = "scorecard", "Balanced scorecard"
    SIX_MONTHLY = "six-monthly", "Six-monthly performance summary"
    PORTFOLIO = "portfolio", "Portfolio report"
    INDICATOR_SET = "indicator-set", "Indicator-set view"
    BUILT = "built", "Built report"


class ScopeKind(models.TextChoices):
    """What part of the council a report covers."""

    COUNCIL = "council", "The whole council"
    DEPARTMENT = "department", "Department"
    DIRECTORATE = "directorate", "Directorate"
    PRIORITY = "priority", "Priority"
    BOARD = "board", "Board"
    PORTFOLIO = "portfolio", "Portfolio"
    LAA = "laa", "Local Area Agreement"


class IndicatorSetChoice(models.TextChoices):
    """Sets of indicators a report can be narrowed to. A report with none chosen shows all."""

    NI = "NI", "National Indicators"
    BVPI = "BVPI", "Best Value Performance Indicators"
    LOCAL = "local", "Local indicators"
    PARTNER = "partner", "Partner indicators"
    LAA = "LAA", "LAA indicators"
    KEY = "key", "Key indicators"


class Content(models.TextChoices):
    INDICATORS = "pis", "Performance indicators"
    MILESTONES = "milestones", "Milestones"
    COMMENTARY = "commentary", "Commentary and narrative"


class Depth(models.TextChoices):
    SUMMARY = "summary", "Summary: counts by status"
    DETAIL = "detail", "Detail: every item"


class ReportFormat(models.TextChoices):
    HTML = "html", "Web page (HTML)"
    PDF = "pdf", "PDF board pack"
    XLSX = "xlsx", "Spreadsheet (XLSX)"
    CSV = "csv", "CSV rows"
    JSON = "json", "JSON rows"
