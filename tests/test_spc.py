"""Statistical process control, checked against NHS England's Making Data Count rules."""

import pytest

from goldenthread.performance.spc import Assurance, Signal, SpcSettings, Variation, xmr

STEADY = [10, 12, 11, 13, 12, 11, 12, 13, 11, 12, 13, 12]


def test_limits_are_the_mean_plus_and_minus_2_66_mean_moving_ranges():
    result = xmr([10, 12, 11, 13], polarity="higher")
    # moving ranges 2, 1, 2 -> mean 5/3; mean of values 11.5
    assert result.mean == pytest.approx(11.5)
    assert result.mean_moving_range == pytest.approx(5 / 3)
    assert result.upper_limit == pytest.approx(11.5 + 2.66 * 5 / 3)
    assert result.lower_limit == pytest.approx(11.5 - 2.66 * 5 / 3)


def test_a_steady_series_shows_common_cause_variation_only():
    result = xmr(STEADY, polarity="higher")
    assert result.variation is Variation.COMMON_CAUSE
    assert not any(point.special for point in result.points)
    assert not result.provisional


def test_a_point_outside_the_limits_is_special_cause_improving_or_concerning_by_polarity():
    series = STEADY + [25]
    assert xmr(series, polarity="higher", baseline=12).variation is Variation.IMPROVING
    assert xmr(series, polarity="lower", baseline=12).variation is Variation.CONCERNING
    assert xmr(series, polarity="none", baseline=12).variation is Variation.NEUTRAL
    assert Signal.OUTSIDE_LIMITS in xmr(series, polarity="higher", baseline=12).points[-1].signals


def test_a_shift_needs_seven_points_on_one_side_of_the_mean_and_the_length_is_configurable():
    base = [14, 10, 14, 10, 14, 10, 14, 10]  # mean 12, ends below it
    six_above = base + [13] * 6
    seven_above = base + [13] * 7
    assert not any(
        Signal.SHIFT in p.signals for p in xmr(six_above, polarity="higher", baseline=8).points
    )
    result = xmr(seven_above, polarity="higher", baseline=8)
    assert [Signal.SHIFT in p.signals for p in result.points] == [False] * 8 + [True] * 7
    shorter = xmr(six_above, polarity="higher", baseline=8, settings=SpcSettings(shift_length=6))
    assert Signal.SHIFT in shorter.points[-1].signals


def test_a_point_on_the_mean_breaks_a_shift():
    base = [10, 14, 10, 14, 10, 14, 10, 14]
    series = base + [13, 13, 13, 12, 13, 13, 13]
    assert not any(
        Signal.SHIFT in p.signals for p in xmr(series, polarity="higher", baseline=8).points
    )


def test_a_trend_needs_seven_points_each_rising_or_each_falling():
    base = [20, 24, 20, 24, 20, 24, 20, 24]
    rising = base[:-1] + [15, 16, 17, 18, 19, 20, 21]
    flagged = [Signal.TREND in p.signals for p in xmr(rising, polarity="lower", baseline=8).points]
    assert flagged[-7:] == [True] * 7
    assert xmr(rising, polarity="lower", baseline=8).variation is Variation.CONCERNING
    six = base[:-1] + [16, 17, 18, 19, 20, 21]
    assert Signal.TREND not in xmr(six, polarity="lower", baseline=8).points[-1].signals


def test_two_of_three_points_near_the_same_limit_signal():
    base = [10, 12, 11, 13, 12, 11, 12, 13, 11, 12, 13, 12]
    result = xmr(base + [14.6, 12.1, 14.7], polarity="higher", baseline=12)
    assert result.upper_limit > 14.7  # neither point is outside the limits
    assert Signal.TWO_OF_THREE in result.points[-1].signals
    assert Signal.TWO_OF_THREE in result.points[-3].signals
    assert Signal.TWO_OF_THREE not in result.points[-2].signals


@pytest.mark.parametrize(
    ("target", "polarity", "assurance"),
    [
        (5, "higher", Assurance.CONSISTENTLY_MET),
        (20, "higher", Assurance.CONSISTENTLY_FAILED),
        (12, "higher", Assurance.INCONSISTENT),
        (20, "lower", Assurance.CONSISTENTLY_MET),
        (5, "lower", Assurance.CONSISTENTLY_FAILED),
        (None, "higher", None),
    ],
)
def test_assurance_compares_the_target_with_the_process_limits(target, polarity, assurance):
    assert xmr(STEADY, polarity=polarity, target=target).assurance is assurance


def test_a_baseline_sets_the_limits_from_the_leading_points_only():
    result = xmr(STEADY + [30, 31, 32], polarity="higher", baseline=12)
    assert result.mean == pytest.approx(sum(STEADY) / 12)
    assert result.baseline_points == 12


def test_short_series_give_provisional_limits_and_one_point_gives_none():
    assert xmr([5], polarity="higher") is None
    short = xmr([5, 6, 7, 6], polarity="higher", target=6)
    assert short.provisional
    assert "limits are provisional" in short.explanation


def test_a_baseline_can_start_later_than_the_first_point():
    series = [30, 31, 32] + STEADY + [30]
    result = xmr(series, polarity="higher", baseline=12, baseline_from=3)
    assert result.mean == pytest.approx(sum(STEADY) / 12)
    assert Signal.OUTSIDE_LIMITS in result.points[0].signals
    assert Signal.OUTSIDE_LIMITS in result.points[-1].signals
