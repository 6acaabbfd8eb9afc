"""Forecast to year end for cumulative indicators, with the method stated."""

from decimal import Decimal as D

from goldenthread.performance.forecast import forecast_year_end


def test_a_straight_line_projection_that_reaches_the_target_is_likely():
    forecast = forecast_year_end(
        year_to_date=D(600), months_into_year=6, annual_target=D(1100), polarity="higher"
    )
    assert forecast.projected == D(1200)
    assert forecast.likely is True
    assert forecast.explanation == (
        "At this rate the year ends at 1,200 (straight-line projection of the year to date over "
        "twelve months): likely to meet the target of 1,100."
    )


def test_a_projection_short_of_the_target_is_unlikely_and_lower_is_better_is_respected():
    assert (
        forecast_year_end(
            year_to_date=D(200), months_into_year=3, annual_target=D(1000), polarity="higher"
        ).likely
        is False
    )
    assert (
        forecast_year_end(
            year_to_date=D(200), months_into_year=3, annual_target=D(1000), polarity="lower"
        ).likely
        is True
    )


def test_no_figure_or_no_target_gives_no_verdict():
    assert (
        forecast_year_end(
            year_to_date=None, months_into_year=3, annual_target=D(5), polarity="higher"
        ).likely
        is None
    )
    no_target = forecast_year_end(
        year_to_date=D(5), months_into_year=3, annual_target=None, polarity="higher"
    )
    assert no_target.likely is None
    assert no_target.projected == D(20)
