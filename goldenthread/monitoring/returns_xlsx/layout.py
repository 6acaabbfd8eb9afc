"""The return workbook's sheets and columns, shared by the export and the import."""

from __future__ import annotations

from goldenthread.planning.models import MilestoneProgress

Columns = tuple[tuple[str, int, bool], ...]

INDICATORS, MILESTONES, NARRATIVE, INSTRUCTIONS, ABOUT = (
    "Indicators",
    "Milestones",
    "Narrative",
    "Instructions",
    "About",
)
FORMAT = "golden-thread-return-1"

# (column, heading width, to fill in?) in sheet order; "version" is hidden.
INDICATOR_COLUMNS: Columns = (
    ("code", 12, False),
    ("title", 40, False),
    ("period", 12, False),
    ("unit", 10, False),
    ("decimals", 9, False),
    ("polarity", 9, False),
    ("target", 10, False),
    ("previous_quarter", 12, False),
    ("same_quarter_last_year", 12, False),
    ("state", 11, False),
    ("value", 10, True),
    ("numerator", 11, True),
    ("denominator", 12, True),
    ("commentary", 50, True),
    ("explanation", 40, True),
    ("version", 8, False),
)
MILESTONE_COLUMNS: Columns = (
    ("code", 12, False),
    ("title", 40, False),
    ("objective", 30, False),
    ("due", 12, False),
    ("latest_progress", 24, False),
    ("state", 11, False),
    ("progress", 12, True),
    ("commentary", 50, True),
    ("version", 8, False),
)
NARRATIVE_COLUMNS: Columns = (
    ("department", 24, False),
    ("period", 12, False),
    ("state", 11, False),
    ("key_developments", 60, True),
    ("emerging_issues", 60, True),
    ("version", 8, False),
)
# The statuses offered in the sheet's drop-down, in the order officers know them.
PROGRESS_ORDER = (
    MilestoneProgress.ON_TRACK,
    MilestoneProgress.AT_RISK,
    MilestoneProgress.MISSED,
    MilestoneProgress.COMPLETE,
    MilestoneProgress.WILL_MISS,
)
PROGRESS_LABELS = tuple(str(p.label) for p in PROGRESS_ORDER)

INSTRUCTIONS_TEXT = (
    "How to fill in this return",
    "",
    "Fill in the white columns only; the grey ones are what Golden Thread holds, for reference.",
    "Indicators: enter the value, or the numerator and denominator (the value is then worked "
    "out). Round the value to the indicator's decimals yourself.",
    "A red figure or milestone needs commentary. A figure that moved a lot, or a year-to-date "
    "figure that fell, needs an explanation in the explanation column.",
    "Milestones: choose the progress from the drop-down list.",
    "Narrative: the department's key developments and emerging issues for the quarter.",
    "Leave a row blank if you have nothing to enter yet: it is skipped, not refused.",
    "Items already submitted to the performance team are left alone; ask them to return an "
    "item to change it.",
    "Upload the whole file: if any row is refused nothing is saved, and every refused row is "
    "listed with its sheet, row and column.",
    "Do not add, remove or rename columns, or change the hidden version column: it tells Golden "
    "Thread whether someone changed an item after you downloaded this file.",
)
