"""What an import reports back: counts, and every reason a file was refused."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One reason a file was refused.

    ``row`` is the row number a spreadsheet shows (the header is row 1), or None for a problem
    with the whole file. ``message`` is a full sentence that names the value where it helps.
    """

    row: int | None
    column: str | None
    value: str
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    """The outcome of one import run. Nothing was written when ``errors`` is not empty."""

    kind: str  # "indicators", "targets" or "actuals"
    filename: str | None = None
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        """One line for people: ``indicators: 52 created, 0 updated, 0 unchanged``."""
        if not self.ok:
            rows = {error.row for error in self.errors if error.row is not None}
            found = _plural(len(self.errors), "error")
            if rows:
                found += f" in {_plural(len(rows), 'row')}"
            return f"{self.kind}: file refused, {found}; nothing written"
        line = (
            f"{self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        return f"{line} (dry run: nothing written)" if self.dry_run else line

    def error_lines(self) -> list[str]:
        return [str(error) for error in self.errors]

    def error_report(self) -> str:
        """The summary, then one line per error, in the order they appear in the file."""
        heading = self.summary()
        if self.filename:
            heading = f"{self.filename}: {heading}"
        return "\n".join([heading, *self.error_lines()])


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
