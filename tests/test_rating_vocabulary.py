"""The words stored and shown are the words FORMATS.md promises."""

from goldenthread.performance import choices, rating, travel


def test_stored_choices_match_the_pure_rating_words():
    assert set(choices.StatusChoice.values) == {s.value for s in rating.Status}
    assert set(choices.RatingRule.values) == {r.value for r in rating.Rule}
    assert set(choices.ToleranceKind.values) == {k.value for k in rating.ToleranceKind}
    assert set(choices.ExceptionChoice.values) == {e.value for e in rating.ExceptionKind}
    assert set(choices.DirectionChoice.values) == {d.value for d in travel.Direction}


def test_the_status_words_are_those_in_the_interchange_contract():
    assert {s.value for s in rating.Status} == {
        "green",
        "amber",
        "red",
        "no_target",
        "not_reported",
    }
    assert {d.value for d in travel.Direction} == {"improving", "no_change", "worsening"}
    assert {e.value for e in rating.ExceptionKind} == {"over", "under"}
