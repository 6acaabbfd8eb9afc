"""Milestones: on track or complete is green, at risk amber, missed or will miss red."""

import pytest

from goldenthread.performance.milestones import Progress, rate_milestone
from goldenthread.performance.rating import Status
from goldenthread.planning.models import MilestoneProgress
from goldenthread.planning.periods import Period

DUE = Period.parse("2009/10 Q2")
BEFORE = Period.parse("2009/10 Q1")
AFTER = Period.parse("2009/10 Q3")


@pytest.mark.parametrize(
    ("progress", "status"),
    [
        ("on_track", Status.GREEN),
        ("complete", Status.GREEN),
        ("at_risk", Status.AMBER),
        ("will_miss", Status.RED),
        ("missed", Status.RED),
        (None, Status.NOT_REPORTED),
    ],
)
def test_progress_before_the_due_quarter_sets_the_status(progress, status):
    assert rate_milestone(progress=progress, due=DUE, as_at=BEFORE).status is status


def test_a_milestone_not_complete_after_its_due_quarter_is_overdue_and_red():
    rating = rate_milestone(progress="on_track", due=DUE, as_at=AFTER)
    assert rating.status is Status.RED
    assert rating.overdue
    assert rating.explanation == "Overdue: it was due in 2009/10 Q2 and is not reported complete."


def test_a_milestone_is_not_overdue_in_its_own_due_quarter_or_once_complete():
    assert not rate_milestone(progress="on_track", due=DUE, as_at=DUE).overdue
    done = rate_milestone(progress="complete", due=DUE, as_at=AFTER)
    assert (done.status, done.overdue) == (Status.GREEN, False)


def test_the_pure_progress_words_match_what_managers_can_choose():
    assert {p.value for p in Progress} == set(MilestoneProgress.values)
