"""The checks a figure passes as it is entered: errors block it, warnings need an explanation.
No database."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.monitoring.checks import Check, Unit, check_actual, check_milestone_progress
from goldenthread.performance.assess import CouncilRules, IndicatorFacts, PeriodFigures
from goldenthread.performance.rating import Status
from goldenthread.planning.periods import Period

Q1 = Period.parse("2009/10 Q1")
Q2 = Period.parse("2009/10 Q2")
PERCENT = IndicatorFacts(decimals=1)
COUNT_YTD = IndicatorFacts(decimals=0, cumulative=True)


def check(value=None, *, unit="%", facts=PERCENT, period=Q2, figures=None, **entry):
    return check_actual(
        value=value,
        unit=unit,
        facts=facts,
        period=period,
        figures=figures or PeriodFigures(target=D(50)),
        council=CouncilRules(),
        **entry,
    )


def codes(result):
    return [f.check for f in result.findings]


def test_a_figure_that_is_not_a_number_is_refused_and_says_so():
    result = check("forty")
    assert codes(result) == [Check.NOT_A_NUMBER]
    assert result.errors[0].message == "The value 'forty' is not a number."
    assert not result.accepted


def test_an_empty_value_is_refused():
    assert codes(check("")) == [Check.MISSING]


def test_a_percentage_outside_0_to_100_is_refused():
    assert codes(check("100.1")) == [Check.RANGE]
    assert codes(check("-1")) == [Check.RANGE]
    assert check("100").accepted


def test_a_negative_count_is_refused_but_a_money_variance_may_be_negative():
    assert codes(check("-3", unit="number", facts=IndicatorFacts())) == [Check.NEGATIVE]
    assert codes(check("-3", unit="£ variance", facts=IndicatorFacts(), commentary="x")) == []


def test_more_decimals_than_the_indicator_is_reported_to_are_refused_not_rounded():
    result = check("48.25")
    assert codes(result) == [Check.DECIMALS]
    assert "2 decimal places; this indicator is reported as 1 decimal places" in str(
        result.errors[0]
    )
    assert check("48.50").accepted  # a trailing zero is not an extra place


def test_numerator_and_denominator_give_the_value_times_100_for_a_percentage():
    result = check(numerator="49", denominator="97")
    assert result.value == D("50.5")  # 50.515… rounded half up to one place
    assert result.accepted


def test_a_rate_per_thousand_is_numerator_over_denominator_times_1000():
    assert Unit("rate per 1,000").multiplier == D(1000)
    result = check(numerator="7", denominator="2000", unit="rate per 1,000")
    assert result.value == D("3.5")


def test_a_typed_value_that_disagrees_with_numerator_and_denominator_is_refused():
    result = check("60", numerator="49", denominator="97")
    assert codes(result) == [Check.RATIO]
    assert "which give 50.5" in str(result.errors[0])


def test_a_zero_denominator_or_a_numerator_alone_is_refused():
    assert codes(check(numerator="3", denominator="0")) == [Check.RATIO]
    assert codes(check(numerator="3")) == [Check.RATIO]


def test_a_big_move_from_the_previous_period_needs_an_explanation():
    figures = PeriodFigures(target=D(50), previous_period=D(40))
    result = check("55", figures=figures)
    assert codes(result) == [Check.MOVEMENT]
    assert result.needs_explanation
    assert str(result.warnings[0]) == (
        "55.0 is up by 37.5% on 40.0 in 2009/10 Q1, more than the 25% that needs an explanation."
    )
    explained = check("55", figures=figures, explanation="New clinic opened in July")
    assert explained.accepted


def test_a_move_within_the_threshold_needs_no_explanation_and_the_threshold_is_configurable():
    figures = PeriodFigures(target=D(50), previous_period=D(40))
    assert check("50", figures=figures).accepted  # exactly 25%
    assert codes(check("50", figures=figures, movement_threshold=D(10))) == [Check.MOVEMENT]


def test_a_year_to_date_figure_lower_than_last_quarter_breaks_the_series():
    figures = PeriodFigures(annual_target=D(500), previous_period=D(120))
    result = check("110", unit="number", facts=COUNT_YTD, figures=figures)
    assert Check.CUMULATIVE in codes(result)
    assert "lower than 120 reported for 2009/10 Q1" in str(result.warnings[-1])
    first_quarter = check("10", unit="number", facts=COUNT_YTD, period=Q1, figures=figures)
    assert Check.CUMULATIVE not in codes(first_quarter)  # a new year starts again


def test_a_year_to_date_figure_is_compared_with_the_same_quarter_last_year_for_movement():
    figures = PeriodFigures(
        annual_target=D(500), previous_period=D(120), same_period_last_year=D(240)
    )
    assert check("250", unit="number", facts=COUNT_YTD, figures=figures).accepted


def test_a_red_figure_needs_commentary():
    result = check("40")  # 20% short of 50
    assert result.status is Status.RED
    assert codes(result) == [Check.COMMENTARY]
    assert check("40", commentary="Two advisers off sick").accepted
    assert check("48").status is Status.AMBER


def test_a_red_milestone_needs_commentary_and_progress_must_be_a_choice():
    due = Period.parse("2009/10 Q4")
    missed = check_milestone_progress(progress="will_miss", commentary="", due=due, period=Q2)
    assert codes(missed) == [Check.COMMENTARY]
    fine = check_milestone_progress(progress="on_track", commentary="", due=due, period=Q2)
    assert fine.accepted
    wrong = check_milestone_progress(progress="nearly", commentary="", due=due, period=Q2)
    assert codes(wrong) == [Check.PROGRESS]


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_a_computed_percentage_is_within_its_range_whenever_the_numerator_fits_the_denominator(
    top, bottom
):
    result = check(numerator=top, denominator=bottom, commentary="noted")
    if top <= bottom:
        assert D(0) <= result.value <= D(100)
        assert Check.RANGE not in codes(result)
    else:
        assert codes(result)[0] is Check.RANGE or result.value == D(100)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e6, max_value=1e6))
def test_checks_never_crash_and_an_accepted_value_is_what_was_typed(value):
    result = check(value, unit="number", facts=IndicatorFacts(decimals=3), commentary="noted")
    if result.accepted:
        assert result.value == value


def test_the_council_sets_the_movement_threshold_through_its_settings(settings):
    from goldenthread.monitoring.services import movement_threshold

    assert movement_threshold() == D(25)
    settings.MONITORING_MOVEMENT_THRESHOLD = 40
    assert movement_threshold() == D(40)
