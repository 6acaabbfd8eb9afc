"""Risk scoring, with no database: a risk scores likelihood × impact on the council's scale,
falls in a band by the council's thresholds, rises or falls between assessments, and a level off
the scale is refused with a message naming the field and the scale's words."""

from __future__ import annotations

import pytest

from goldenthread.risks import scoring
from goldenthread.risks.choices import RiskBand, Trend
from goldenthread.risks.scoring import DEFAULT_SCALE, Scale, ScoreError

# A council that scores on four levels of likelihood and six of impact, with its own bands.
FOUR_BY_SIX = Scale(
    likelihood_words=("Remote", "Possible", "Probable", "Highly probable"),
    impact_words=("Negligible", "Low", "Medium", "High", "Severe", "Critical"),
    medium_from=4,
    high_from=9,
    very_high_from=16,
)


def test_a_score_is_likelihood_times_impact():
    assert scoring.score(4, 5) == 20
    assert scoring.score(1, 1) == 1


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, RiskBand.LOW),
        (4, RiskBand.LOW),
        (5, RiskBand.MEDIUM),
        (9, RiskBand.MEDIUM),
        (10, RiskBand.HIGH),
        (16, RiskBand.HIGH),
        (20, RiskBand.VERY_HIGH),
        (25, RiskBand.VERY_HIGH),
    ],
)
def test_the_default_bands_are_low_medium_high_and_very_high(score, band):
    assert scoring.band(score) == band


def test_a_council_sets_its_own_band_thresholds():
    assert scoring.band(4, FOUR_BY_SIX) == RiskBand.MEDIUM
    assert scoring.band(9, FOUR_BY_SIX) == RiskBand.HIGH
    assert scoring.band(16, FOUR_BY_SIX) == RiskBand.VERY_HIGH
    assert scoring.band(3, FOUR_BY_SIX) == RiskBand.LOW


def test_the_band_key_covers_every_score_once():
    ranges = scoring.band_ranges(DEFAULT_SCALE)
    assert ranges == [
        (RiskBand.LOW, 1, 4),
        (RiskBand.MEDIUM, 5, 9),
        (RiskBand.HIGH, 10, 19),
        (RiskBand.VERY_HIGH, 20, 25),
    ]


def test_the_scale_says_each_level_in_the_councils_words():
    assert DEFAULT_SCALE.likelihood_word(1) == "Rare"
    assert DEFAULT_SCALE.impact_word(5) == "Catastrophic"
    assert FOUR_BY_SIX.likelihood_levels == 4
    assert FOUR_BY_SIX.impact_levels == 6
    assert FOUR_BY_SIX.highest_score == 24


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [
        (9, 12, Trend.RISING),
        (12, 9, Trend.FALLING),
        (12, 12, Trend.STEADY),
        (None, 12, Trend.STEADY),
    ],
)
def test_a_score_rises_or_falls_between_two_assessments(before, after, trend):
    assert scoring.trend(before, after) == trend
    assert scoring.rising(before, after) is (trend == Trend.RISING)


@pytest.mark.parametrize("value", [3, "3", " 3 ", 3.0])
def test_a_level_may_come_as_a_number_or_its_digits(value):
    assert (
        scoring.check_level(value, words=DEFAULT_SCALE.likelihood_words, field="f", label="L") == 3
    )


@pytest.mark.parametrize("value", [0, 6, -1, "six", "", None, 2.5, True, "3.5"])
def test_a_level_off_the_scale_is_refused_in_the_scales_words(value):
    with pytest.raises(ScoreError) as refused:
        scoring.check_level(
            value,
            words=DEFAULT_SCALE.likelihood_words,
            field="residual_likelihood",
            label="Residual likelihood",
        )
    assert refused.value.field == "residual_likelihood"
    assert refused.value.message.startswith(
        "Residual likelihood must be a whole number from 1 (Rare) to 5 (Almost certain), not "
    )


def test_four_levels_are_checked_against_the_councils_own_scale():
    scores = scoring.check_scores(
        {
            "inherent_likelihood": 4,
            "inherent_impact": 6,
            "residual_likelihood": 2,
            "residual_impact": 6,
        },
        FOUR_BY_SIX,
    )
    assert (scores.inherent, scores.residual) == (24, 12)
    with pytest.raises(ScoreError) as refused:
        scoring.check_scores(
            {
                "inherent_likelihood": 5,
                "inherent_impact": 6,
                "residual_likelihood": 2,
                "residual_impact": 6,
            },
            FOUR_BY_SIX,
        )
    assert refused.value.field == "inherent_likelihood"
    assert "to 4 (Highly probable)" in refused.value.message


def test_controls_cannot_make_a_risk_worse_than_before_them():
    with pytest.raises(ScoreError) as refused:
        scoring.check_scores(
            {
                "inherent_likelihood": 2,
                "inherent_impact": 2,
                "residual_likelihood": 3,
                "residual_impact": 3,
            }
        )
    assert "residual score (9) is higher than the inherent score (4)" in refused.value.message


def test_a_scale_with_bands_out_of_order_or_missing_words_is_refused():
    assert scoring.scale_problems(DEFAULT_SCALE) == []
    assert scoring.scale_problems(FOUR_BY_SIX) == []
    bad = Scale(likelihood_words=("Rare", " ", "Rare"), medium_from=10, high_from=5)
    problems = " ".join(scoring.scale_problems(bad))
    assert "Every likelihood level needs a word" in problems
    assert "Two likelihood levels have the same word" in problems
    assert "The bands must start in this order" in problems
    assert scoring.scale_problems(Scale(impact_words=("Only",))) == [
        "The impact scale needs between 2 and 10 levels.",
        "The bands must start in this order: medium above 1, high above medium, very high above "
        "high and no higher than the highest score (5).",
    ]


def test_a_heat_map_has_a_cell_for_every_likelihood_and_impact_highest_impact_first():
    rows = scoring.heat_map_rows({(1, 1): 2, (4, 5): 3, (5, 5): 1})
    assert [impact for impact, _ in rows] == [5, 4, 3, 2, 1]
    top = rows[0][1]
    assert [cell.likelihood for cell in top] == [1, 2, 3, 4, 5]
    assert [cell.count for cell in top] == [0, 0, 0, 3, 1]
    assert top[4].band == RiskBand.VERY_HIGH and top[4].score == 25
    assert rows[-1][1][0].count == 2 and rows[-1][1][0].band == RiskBand.LOW
    assert sum(cell.count for _, cells in rows for cell in cells) == 6
