"""Risk scoring, with no database: a score is likelihood × impact on the council's scale, its
band comes from the council's thresholds, and a risk is rising when its score went up between
two assessments. Every function takes and returns plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from goldenthread.risks.choices import RiskBand, Trend

DEFAULT_LIKELIHOOD_WORDS = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
DEFAULT_IMPACT_WORDS = ("Insignificant", "Minor", "Moderate", "Major", "Catastrophic")
# The lowest score of each band above low: on a 5 × 5 scale 1–4 low, 5–9 medium, 10–16 high,
# 20–25 very high.
DEFAULT_MEDIUM_FROM = 5
DEFAULT_HIGH_FROM = 10
DEFAULT_VERY_HIGH_FROM = 20
MAX_LEVELS = 10


class ScoreError(ValueError):
    """A likelihood or impact that is not on the scale; ``field`` names it, the message says
    what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Scale:
    """The council's risk scale: the words for each level of likelihood and impact (level 1
    first), and the lowest score of the medium, high and very high bands."""

    likelihood_words: tuple[str, ...] = DEFAULT_LIKELIHOOD_WORDS
    impact_words: tuple[str, ...] = DEFAULT_IMPACT_WORDS
    medium_from: int = DEFAULT_MEDIUM_FROM
    high_from: int = DEFAULT_HIGH_FROM
    very_high_from: int = DEFAULT_VERY_HIGH_FROM

    @property
    def likelihood_levels(self) -> int:
        return len(self.likelihood_words)

    @property
    def impact_levels(self) -> int:
        return len(self.impact_words)

    @property
    def highest_score(self) -> int:
        return self.likelihood_levels * self.impact_levels

    def likelihood_word(self, level: int) -> str:
        return _word(self.likelihood_words, level)

    def impact_word(self, level: int) -> str:
        return _word(self.impact_words, level)


DEFAULT_SCALE = Scale()


def _word(words: Sequence[str], level: int) -> str:
    return words[level - 1] if 1 <= level <= len(words) else str(level)


def scale_problems(scale: Scale) -> list[str]:
    """What is wrong with a scale the performance team wants to save (empty when it is fine)."""
    problems = []
    for name, words in (("likelihood", scale.likelihood_words), ("impact", scale.impact_words)):
        if not 2 <= len(words) <= MAX_LEVELS:
            problems.append(f"The {name} scale needs between 2 and {MAX_LEVELS} levels.")
        if any(not word.strip() for word in words):
            problems.append(f"Every {name} level needs a word, e.g. “Possible”.")
        if len({word.strip().casefold() for word in words}) != len(words):
            problems.append(f"Two {name} levels have the same word.")
    if not 1 < scale.medium_from < scale.high_from < scale.very_high_from <= scale.highest_score:
        problems.append(
            "The bands must start in this order: medium above 1, high above medium, very high "
            f"above high and no higher than the highest score ({scale.highest_score})."
        )
    return problems


def score(likelihood: int, impact: int) -> int:
    """A risk's score: likelihood × impact."""
    return likelihood * impact


def band(value: int, scale: Scale = DEFAULT_SCALE) -> RiskBand:
    """The band a score falls in on the council's scale."""
    if value >= scale.very_high_from:
        return RiskBand.VERY_HIGH
    if value >= scale.high_from:
        return RiskBand.HIGH
    if value >= scale.medium_from:
        return RiskBand.MEDIUM
    return RiskBand.LOW


def band_ranges(scale: Scale = DEFAULT_SCALE) -> list[tuple[RiskBand, int, int]]:
    """Each band with its lowest and highest score, for a key beside a heat map."""
    starts = [
        (RiskBand.LOW, 1),
        (RiskBand.MEDIUM, scale.medium_from),
        (RiskBand.HIGH, scale.high_from),
        (RiskBand.VERY_HIGH, scale.very_high_from),
    ]
    ends = [start - 1 for _, start in starts[1:]] + [scale.highest_score]
    return [(name, start, end) for (name, start), end in zip(starts, ends, strict=True)]


def trend(before: int | None, after: int) -> Trend:
    """How a score moved from one assessment to the next (steady when there was none before)."""
    if before is None or before == after:
        return Trend.STEADY
    return Trend.RISING if after > before else Trend.FALLING


def rising(before: int | None, after: int) -> bool:
    return trend(before, after) == Trend.RISING


def check_level(value: object, *, words: Sequence[str], field: str, label: str) -> int:
    """The level as a whole number from 1 to the number of ``words``, or a ScoreError naming
    the field: e.g. "Residual likelihood must be a whole number from 1 (Rare) to 5 (Almost
    certain), not “7”."."""
    levels = len(words)
    level: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        level = value
    elif isinstance(value, float) and value.is_integer():
        level = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        level = int(value.strip())
    if level is None or not 1 <= level <= levels:
        given = "nothing" if value is None or str(value).strip() == "" else f"“{value}”"
        raise ScoreError(
            field,
            f"{label} must be a whole number from 1 ({words[0]}) to {levels} "
            f"({words[-1]}), not {given}.",
        )
    return level


@dataclass(frozen=True)
class Scores:
    """A risk's four levels: likelihood and impact before controls and after them."""

    inherent_likelihood: int
    inherent_impact: int
    residual_likelihood: int
    residual_impact: int

    @property
    def inherent(self) -> int:
        return score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual(self) -> int:
        return score(self.residual_likelihood, self.residual_impact)


SCORE_FIELDS = (
    ("inherent_likelihood", "Inherent likelihood"),
    ("inherent_impact", "Inherent impact"),
    ("residual_likelihood", "Residual likelihood"),
    ("residual_impact", "Residual impact"),
)


def check_scores(values: Mapping[str, object], scale: Scale = DEFAULT_SCALE) -> Scores:
    """The four levels checked against the scale. Raises a ScoreError for the first level
    that is not on it; a residual score above the inherent one is refused too (controls do not
    make a risk worse)."""
    levels = {}
    for field, label in SCORE_FIELDS:
        words = scale.likelihood_words if field.endswith("likelihood") else scale.impact_words
        levels[field] = check_level(values.get(field), words=words, field=field, label=label)
    scores = Scores(**levels)
    if scores.residual > scores.inherent:
        raise ScoreError(
            "residual_likelihood",
            f"The residual score ({scores.residual}) is higher than the inherent score "
            f"({scores.inherent}): the score after controls cannot be worse than before them.",
        )
    return scores


@dataclass(frozen=True)
class Cell:
    """One square of a heat map: how many risks have this likelihood and impact."""

    likelihood: int
    impact: int
    count: int
    band: RiskBand

    @property
    def score(self) -> int:
        return score(self.likelihood, self.impact)


def heat_map_rows(
    counts: Mapping[tuple[int, int], int], scale: Scale = DEFAULT_SCALE
) -> list[tuple[int, list[Cell]]]:
    """A heat map's grid: one row per impact level, highest first, each with one cell per
    likelihood level, lowest first; cells no risk falls in count 0. ``counts`` maps
    (likelihood, impact) to a number of risks."""
    return [
        (
            impact,
            [
                Cell(
                    likelihood,
                    impact,
                    counts.get((likelihood, impact), 0),
                    band(score(likelihood, impact), scale),
                )
                for likelihood in range(1, scale.likelihood_levels + 1)
            ],
        )
        for impact in range(scale.impact_levels, 0, -1)
    ]
