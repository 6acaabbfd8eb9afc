"""Each rule set a council may choose rates figures the way that council publishes them."""

from decimal import Decimal as D

import pytest

from goldenthread.performance.rating import (
    ExceptionKind,
    RatingRules,
    Rule,
    Status,
    Tolerance,
    ToleranceKind,
    profiled_target,
    rate,
)

BAND = RatingRules(rule=Rule.TOLERANCE_BAND)
FLOOR = RatingRules(rule=Rule.FLOOR_STANDARD)
TRAVEL = RatingRules(rule=Rule.DIRECTION_AWARE, tolerance=Tolerance(D(10)))


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "status"),
    [
        ("80", "80", "higher", Status.GREEN),
        ("85", "80", "higher", Status.GREEN),
        ("76", "80", "higher", Status.AMBER),  # exactly 5% short: still amber
        ("75.9", "80", "higher", Status.RED),
        ("10", "10", "lower", Status.GREEN),
        ("10.5", "10", "lower", Status.AMBER),
        ("10.6", "10", "lower", Status.RED),
        ("9", "10", "lower", Status.GREEN),
    ],
)
def test_tolerance_band_is_green_on_target_amber_within_five_percent_red_beyond(
    actual, target, polarity, status
):
    assert rate(actual=D(actual), target=D(target), polarity=polarity, rules=BAND).status is status


def test_the_explanation_gives_the_numbers_and_the_band():
    rating = rate(actual=D("78.5"), target=D(80), polarity="higher")
    assert rating.explanation == "78.5 is 1.9% below the target of 80; the amber band is 5%."


def test_a_lower_is_better_explanation_says_so():
    rating = rate(actual=D(12), target=D(10), polarity="lower")
    assert rating.explanation == (
        "12 is 20% above the target of 10 (lower is better); the amber band is 5%, so this is red."
    )


def test_an_absolute_tolerance_is_in_the_indicators_own_unit():
    rules = RatingRules(tolerance=Tolerance(D(2), ToleranceKind.ABSOLUTE))
    assert rate(actual=D(18), target=D(20), polarity="higher", rules=rules).status is Status.AMBER
    assert rate(actual=D("17.9"), target=D(20), polarity="higher", rules=rules).status is (
        Status.RED
    )
    assert (
        "the amber band is 2"
        in rate(actual=D(18), target=D(20), polarity="higher", rules=rules, decimals=0).explanation
    )


def test_a_figure_below_the_floor_is_red_whatever_the_tolerance():
    rules = RatingRules(tolerance=Tolerance(D(50)))
    rating = rate(actual=D(60), target=D(80), polarity="higher", floor=D(70), rules=rules)
    assert rating.status is Status.RED
    assert "below the floor standard of 70" in rating.explanation


def test_floor_standard_rule_is_amber_between_floor_and_target_and_red_below_the_floor():
    assert (
        rate(actual=D(80), target=D(80), polarity="higher", floor=D(70), rules=FLOOR).status
        is Status.GREEN
    )
    amber = rate(actual=D(71), target=D(80), polarity="higher", floor=D(70), rules=FLOOR)
    assert amber.status is Status.AMBER
    assert "meets the floor standard of 70" in amber.explanation
    assert (
        rate(actual=D(69), target=D(80), polarity="higher", floor=D(70), rules=FLOOR).status
        is Status.RED
    )
    assert (
        rate(actual=D(31), target=D(20), polarity="lower", floor=D(30), rules=FLOOR).status
        is Status.RED
    )


def test_floor_standard_rule_without_a_floor_says_it_used_the_tolerance_band():
    rating = rate(actual=D(77), target=D(80), polarity="higher", rules=FLOOR)
    assert rating.status is Status.AMBER
    assert "no floor standard is set, so the tolerance band applies" in rating.explanation


def test_direction_aware_rule_greens_within_the_margin_and_ambers_on_improvement():
    assert (
        rate(actual=D(73), target=D(80), polarity="higher", rules=TRAVEL).status is Status.GREEN
    )  # 8.75% short, within 10%
    improving = rate(actual=D(70), target=D(80), polarity="higher", previous=D(60), rules=TRAVEL)
    assert improving.status is Status.AMBER
    assert "improved on 60 last period" in improving.explanation
    assert (
        rate(actual=D(70), target=D(80), polarity="higher", previous=D(70), rules=TRAVEL).status
        is Status.RED
    )
    assert (
        rate(actual=D(70), target=D(80), polarity="higher", previous=D(75), rules=TRAVEL).status
        is Status.RED
    )


def test_direction_aware_rule_with_no_earlier_figure_is_red_and_says_why():
    rating = rate(actual=D(50), target=D(80), polarity="higher", rules=TRAVEL)
    assert rating.status is Status.RED
    assert "no earlier figure" in rating.explanation


def test_missing_value_is_not_reported_and_missing_target_is_data_only():
    assert rate(actual=None, target=D(5), polarity="higher").status is Status.NOT_REPORTED
    no_target = rate(actual=D(5), target=None, polarity="higher")
    assert no_target.status is Status.NO_TARGET
    assert no_target.exception is None
    assert "no target" in no_target.explanation


def test_an_indicator_with_no_polarity_is_shown_but_never_rated():
    rating = rate(actual=D(5), target=D(50), polarity="none")
    assert rating.status is Status.NO_TARGET
    assert "not rated" in rating.explanation


def test_a_zero_target_never_raises_and_any_miss_of_it_is_red():
    assert rate(actual=D(0), target=D(0), polarity="lower").status is Status.GREEN
    missed = rate(actual=D(1), target=D(0), polarity="lower")
    assert missed.status is Status.RED
    assert "zero target" in missed.explanation
    assert rate(actual=D(3), target=D(0), polarity="higher").status is Status.GREEN


def test_red_is_an_under_exception_and_beating_target_by_over_ten_percent_is_over():
    assert rate(actual=D(50), target=D(80), polarity="higher").exception is ExceptionKind.UNDER
    assert rate(actual=D(88), target=D(80), polarity="higher").exception is None  # exactly 10%
    over = rate(actual=D("88.1"), target=D(80), polarity="higher")
    assert over.exception is ExceptionKind.OVER
    assert "more than 10% better is an exception" in over.explanation
    assert rate(actual=D(8), target=D(10), polarity="lower").exception is ExceptionKind.OVER
    assert rate(actual=D(77), target=D(80), polarity="higher").exception is None


def test_the_exception_threshold_is_configurable():
    rules = RatingRules(exception_threshold=D(25))
    assert rate(actual=D(96), target=D(80), polarity="higher", rules=rules).exception is None
    assert (
        rate(actual=D(101), target=D(80), polarity="higher", rules=rules).exception
        is ExceptionKind.OVER
    )


def test_cumulative_targets_are_profiled_evenly_unless_the_officer_sets_a_profile():
    assert profiled_target(D(1200), 3) == D(300)
    assert profiled_target(D(1200), 9) == D(900)
    assert profiled_target(D(1200), 6, profile=[D(1), D(1), D(2), D(4)]) == D(300)
    assert profiled_target(D(1200), 12, profile=[D(1), D(1), D(2), D(4)]) == D(1200)
    with pytest.raises(ValueError, match="one share per quarter"):
        profiled_target(D(1200), 3, profile=[D(1)])
