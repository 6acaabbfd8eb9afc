"""Financial-year periods as councils write them (FORMATS.md, "Periods")."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.planning.periods import Period, PeriodError, PeriodKind, period_range

Q = PeriodKind.QUARTER
H = PeriodKind.HALF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008/09", Period(2008)),
        ("2008/09 Q1", Period(2008, Q, 1)),
        ("2008/09 Q4", Period(2008, Q, 4)),
        ("2008/09 H2", Period(2008, H, 2)),
        ("2008-09-Q2", Period(2008, Q, 2)),
        ("2008-09", Period(2008)),
        ("  2009/10 q3 ", Period(2009, Q, 3)),
        ("1999/00", Period(1999)),
    ],
)
def test_accepted_forms_parse_to_the_same_period(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2008", "is not a period; write 2008/09, 2008/09 Q1 to Q4"),
        ("Q1 2008/09", "is not a period"),
        ("", "is not a period"),
        ("2008/09 Q", "is not a period"),
        ("08/09", "is not a period"),
        ("2008/10", "is not a financial year"),
        ("2008/09 Q5", "names quarter 5; a year has 4 quarters"),
        ("2008/09 H3", "names half 3; a year has 2 halves"),
    ],
)
def test_other_forms_are_refused_saying_what_was_wrong(text, reason):
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    assert str(error.value).startswith(repr(text))
    assert reason in str(error.value)


def test_a_year_that_does_not_follow_on_says_which_year_should_follow():
    with pytest.raises(PeriodError, match="2008 is followed by 09, not 10"):
        Period.parse("2008/10")


def test_written_and_slug_forms():
    quarter = Period(2008, Q, 2)
    assert str(quarter) == "2008/09 Q2"
    assert quarter.slug == "2008-09-Q2"
    assert str(Period(2009)) == "2009/10"
    assert Period(2009).slug == "2009-10"


def test_quarters_run_april_to_march():
    assert Period(2008, Q, 1).start == datetime.date(2008, 4, 1)
    assert Period(2008, Q, 1).end == datetime.date(2008, 6, 30)
    assert Period(2008, Q, 4).start == datetime.date(2009, 1, 1)
    assert Period(2008, Q, 4).end == datetime.date(2009, 3, 31)
    assert Period(2008, H, 2).start == datetime.date(2008, 10, 1)
    assert Period(2008).end == datetime.date(2009, 3, 31)


def test_periods_of_a_date():
    assert Period.quarter_of(datetime.date(2009, 2, 14)) == Period(2008, Q, 4)
    assert Period.quarter_of(datetime.date(2009, 4, 1)) == Period(2009, Q, 1)
    assert Period.year_of(datetime.date(2009, 3, 31)) == Period(2008)


def test_arithmetic_crosses_year_ends():
    assert Period(2008, Q, 4).following() == Period(2009, Q, 1)
    assert Period(2009, Q, 1).previous() == Period(2008, Q, 4)
    assert Period(2009, Q, 2).same_period_last_year() == Period(2008, Q, 2)
    assert Period(2008, H, 2).following() == Period(2009, H, 1)
    assert Period(2008).following() == Period(2009)


def test_quarters_to_date_for_year_to_date_figures():
    assert Period(2008, Q, 3).quarters_to_date() == [Period(2008, Q, n) for n in (1, 2, 3)]
    assert Period(2008, H, 1).quarters_to_date() == [Period(2008, Q, 1), Period(2008, Q, 2)]
    assert Period(2008).quarters() == [Period(2008, Q, n) for n in (1, 2, 3, 4)]
    assert Period(2008, Q, 3).months_into_year == 9


def test_ordering_is_chronological_with_longer_periods_first():
    periods = [
        Period(2009, Q, 1),
        Period(2008, Q, 4),
        Period(2008),
        Period(2008, H, 1),
        Period(2008, Q, 1),
    ]
    assert sorted(periods) == [
        Period(2008),
        Period(2008, H, 1),
        Period(2008, Q, 1),
        Period(2008, Q, 4),
        Period(2009, Q, 1),
    ]


def test_period_range_lists_every_quarter():
    assert [str(p) for p in period_range(Period(2008, Q, 3), Period(2009, Q, 2))] == [
        "2008/09 Q3",
        "2008/09 Q4",
        "2009/10 Q1",
        "2009/10 Q2",
    ]


periods = st.builds(
    lambda year, kind, n: Period(year, kind, min(n, {PeriodKind.YEAR: 1, H: 2, Q: 4}[kind])),
    st.integers(1950, 2090),
    st.sampled_from(list(PeriodKind)),
    st.integers(1, 4),
)


@given(periods)
def test_every_period_survives_a_round_trip_through_both_written_forms(period):
    assert Period.parse(str(period)) == period
    assert Period.parse(period.slug) == period


@given(periods, st.integers(-40, 40))
def test_shifting_forward_and_back_returns_to_the_start(period, steps):
    assert period.shift(steps).shift(-steps) == period
    assert (period.shift(steps) > period) == (steps > 0) or steps == 0
