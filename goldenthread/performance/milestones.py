"""Milestone status from a manager's progress report and the quarter it is due."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from goldenthread.performance.rating import Status
from goldenthread.planning.periods import Period


class Progress(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    WILL_MISS = "will_miss"
    MISSED = "missed"
    COMPLETE = "complete"


PROGRESS_STATUS = {
    Progress.ON_TRACK: Status.GREEN,
    Progress.COMPLETE: Status.GREEN,
    Progress.AT_RISK: Status.AMBER,
    Progress.WILL_MISS: Status.RED,
    Progress.MISSED: Status.RED,
}
PROGRESS_WORDS = {
    Progress.ON_TRACK: "on track",
    Progress.COMPLETE: "complete",
    Progress.AT_RISK: "at risk",
    Progress.WILL_MISS: "expected to miss its due date",
    Progress.MISSED: "missed",
}


@dataclass(frozen=True)
class MilestoneRating:
    status: Status
    overdue: bool
    explanation: str


def rate_milestone(
    *, progress: Progress | str | None, due: Period, as_at: Period
) -> MilestoneRating:
    """Rate a milestone as at the end of ``as_at`` (a quarter)."""
    overdue = as_at.end > due.end
    if progress is not None and Progress(progress) is Progress.COMPLETE:
        return MilestoneRating(Status.GREEN, False, f"Complete (due {due}).")
    if overdue:
        return MilestoneRating(
            Status.RED, True, f"Overdue: it was due in {due} and is not reported complete."
        )
    if progress is None:
        return MilestoneRating(Status.NOT_REPORTED, False, f"No progress reported; due {due}.")
    progress = Progress(progress)
    return MilestoneRating(
        PROGRESS_STATUS[progress],
        False,
        f"Reported {PROGRESS_WORDS[progress]}; due {due}.",
    )
