"""How a priority is doing, in a sentence a resident reads (goldenthread.public.words)."""

import pytest

from goldenthread.public.words import Standing, standing_sentence


@pytest.mark.parametrize(
    ("standing", "sentence"),
    [
        (
            Standing(on_target=9, near_target=2, off_target=3, off_and_worsening=3),
            "9 of 14 measures with a published result and a target are on target; "
            "2 are near target; 3 are off target, all getting worse.",
        ),
        (
            Standing(on_target=1, off_target=2, off_and_worsening=1, data_only=1),
            "1 of 3 measures with a published result and a target is on target; "
            "2 are off target, 1 of them getting worse. "
            "1 more measure is reported for information, with no target.",
        ),
        (
            Standing(on_target=0, off_target=1, off_and_worsening=1, not_reported=2),
            "0 of 1 measure with a published result and a target are on target; "
            "1 is off target and getting worse. "
            "2 measures have no published result for the period.",
        ),
        (
            Standing(data_only=2),
            "2 measures are reported for information, with no target.",
        ),
        (Standing(), "There are no measures to report."),
    ],
)
def test_the_sentence_says_how_many_are_on_target_and_what_is_off(standing, sentence):
    assert standing_sentence(standing) == sentence


def test_the_counts_list_the_worst_first():
    assert list(Standing(on_target=1).counts()) == [
        "red",
        "amber",
        "green",
        "no_target",
        "not_reported",
    ]
