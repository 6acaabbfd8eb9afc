"""What an upload reports: counts, rows left alone, and every reason a file was refused."""

from __future__ import annotations

from dataclasses import dataclass, field

from goldenthread.monitoring.services import MonitoringError


class ReturnFileRefused(MonitoringError):
    """The workbook is not a return Golden Thread can read."""


@dataclass(frozen=True)
class ReturnRowError:
    """One reason an upload was refused: where (sheet, row as the spreadsheet numbers it,
    column), the value found, and why."""

    sheet: str
    row: int | None
    column: str | None
    value: str
    message: str

    def __str__(self) -> str:
        where = [f"sheet '{self.sheet}'"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class LeftAlone:
    """A row the upload did not write, and why (the item has moved on from draft)."""

    sheet: str
    row: int
    code: str
    reason: str

    def __str__(self) -> str:
        return f"sheet '{self.sheet}', row {self.row} ({self.code}): {self.reason}"


@dataclass
class ReturnImportResult:
    department: str = ""
    period: str = ""
    dry_run: bool = False
    entered: int = 0  # created or changed
    unchanged: int = 0
    blank: int = 0  # nothing entered yet: skipped
    left_alone: list[LeftAlone] = field(default_factory=list)
    errors: list[ReturnRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """``return EH 2009/10 Q2: 12 entered, 3 unchanged, 2 left alone; 0 errors``."""
        errors = len(self.errors)
        line = (
            f"return {self.department} {self.period}: {self.entered} entered, "
            f"{self.unchanged} unchanged, {len(self.left_alone)} left alone, {self.blank} blank; "
            f"{errors} error{'' if errors == 1 else 's'}"
        )
        if not self.ok:
            return f"{line}; file refused, nothing written"
        return f"{line} (dry run: nothing written)" if self.dry_run else line
