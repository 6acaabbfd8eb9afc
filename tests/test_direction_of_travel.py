"""Direction of travel compares like with like and knows which way is better."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.performance.travel import Basis, Direction, direction_of_travel


def test_same_period_last_year_is_preferred_to_the_previous_period():
    travel = direction_of_travel(
        current=D(80), polarity="higher", same_period_last_year=D(70), previous_period=D(90)
    )
    assert travel.direction is Direction.IMPROVING
    assert travel.basis is Basis.SAME_PERIOD_LAST_YEAR
    assert travel.explanation == (
        "80 against 70 in the same period last year: up 14.3%, which is better."
    )


def test_without_last_year_it_falls_back_to_the_previous_period():
    travel = direction_of_travel(current=D(80), polarity="higher", previous_period=D(90))
    assert travel.direction is Direction.WORSENING
    assert travel.basis is Basis.PREVIOUS_PERIOD


def test_falling_is_improving_when_lower_is_better():
    travel = direction_of_travel(current=D(8), polarity="lower", same_period_last_year=D(10))
    assert travel.direction is Direction.IMPROVING
    assert "(lower is better)" in travel.explanation


def test_a_small_change_is_no_change_within_the_band():
    assert (
        direction_of_travel(
            current=D("100.9"), polarity="higher", same_period_last_year=D(100)
        ).direction
        is Direction.NO_CHANGE
    )
    assert (
        direction_of_travel(
            current=D(103), polarity="higher", same_period_last_year=D(100), no_change_band=D(5)
        ).direction
        is Direction.NO_CHANGE
    )
    assert (
        direction_of_travel(
            current=D(106), polarity="higher", same_period_last_year=D(100), no_change_band=D(5)
        ).direction
        is Direction.IMPROVING
    )


def test_a_cumulative_figure_is_not_compared_with_an_earlier_part_of_the_same_year():
    travel = direction_of_travel(
        current=D(600), polarity="higher", previous_period=D(300), cumulative=True
    )
    assert travel.direction is None
    assert "same point last year" in travel.explanation
    like_for_like = direction_of_travel(
        current=D(600),
        polarity="higher",
        cumulative=True,
        same_period_last_year=D(500),
        previous_period=D(300),
    )
    assert like_for_like.direction is Direction.IMPROVING


def test_nothing_to_compare_gives_no_direction_and_says_so():
    assert direction_of_travel(current=D(5), polarity="higher").direction is None
    assert (
        direction_of_travel(current=None, polarity="higher", same_period_last_year=D(4)).direction
        is None
    )
    unrated = direction_of_travel(current=D(5), polarity="none", same_period_last_year=D(4))
    assert unrated.direction is None
    assert "not rated" in unrated.explanation


def test_a_change_from_zero_is_measured_in_units():
    travel = direction_of_travel(current=D(3), polarity="lower", same_period_last_year=D(0))
    assert travel.direction is Direction.WORSENING
    assert "up 3" in travel.explanation


figures = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(figures, figures)
def test_swapping_polarity_swaps_improving_and_worsening(now, then):
    up = direction_of_travel(current=now, polarity="higher", same_period_last_year=then)
    down = direction_of_travel(current=now, polarity="lower", same_period_last_year=then)
    swap = {
        Direction.IMPROVING: Direction.WORSENING,
        Direction.WORSENING: Direction.IMPROVING,
        Direction.NO_CHANGE: Direction.NO_CHANGE,
    }
    assert down.direction is swap[up.direction]
