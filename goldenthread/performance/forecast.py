"""Forecast to year end for cumulative (year-to-date) indicators."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from goldenthread.performance.rating import Polarity, better_by
from goldenthread.performance.words import number

METHOD = "straight-line projection of the year to date over twelve months"


@dataclass(frozen=True)
class Forecast:
    projected: Decimal | None
    likely: bool | None  # None when there is nothing to project or nothing to meet
    method: str
    explanation: str


def forecast_year_end(
    *,
    year_to_date: Decimal | None,
    months_into_year: int,
    annual_target: Decimal | None,
    polarity: Polarity | str,
    decimals: int | None = None,
) -> Forecast:
    polarity = Polarity(polarity)
    if year_to_date is None or months_into_year <= 0:
        return Forecast(None, None, METHOD, "No year-to-date figure to project.")
    projected = year_to_date * Decimal(12) / Decimal(months_into_year)
    said = f"At this rate the year ends at {number(projected, decimals)} ({METHOD})"
    if annual_target is None or polarity is Polarity.NONE:
        return Forecast(projected, None, METHOD, f"{said}; there is no target to meet.")
    likely = better_by(projected, annual_target, polarity) >= 0
    verdict = "likely" if likely else "unlikely"
    return Forecast(
        projected,
        likely,
        METHOD,
        f"{said}: {verdict} to meet the target of {number(annual_target, decimals)}.",
    )
