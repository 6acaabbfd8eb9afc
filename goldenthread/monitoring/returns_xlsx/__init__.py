"""A department's quarterly return as an Excel workbook: download it filled in, enter the
figures, milestone progress and narrative offline, and upload it back.

The workbook has four sheets: Instructions, Indicators, Milestones and Narrative (and a hidden
one naming the department and quarter). Each item's row carries the version of the item when
the file was made, in a hidden column, so a change someone made since is reported rather than
overwritten.

An upload goes through the services (``actual_save``, ``milestone_progress_save``,
``narrative_save``), so it passes exactly the checks the form applies, and it is all or
nothing: one transaction, rolled back when any row is refused. A row whose cells to fill in
are all blank is "not entered yet" and skipped; a row that matches what is held is unchanged
and writes nothing, so uploading the same file twice changes nothing the second time.
"""

from goldenthread.monitoring.returns_xlsx.exporting import return_export
from goldenthread.monitoring.returns_xlsx.importing import return_import
from goldenthread.monitoring.returns_xlsx.result import (
    LeftAlone,
    ReturnFileRefused,
    ReturnImportResult,
    ReturnRowError,
)

__all__ = [
    "LeftAlone",
    "ReturnFileRefused",
    "ReturnImportResult",
    "ReturnRowError",
    "return_export",
    "return_import",
]
