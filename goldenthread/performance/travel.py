"""Direction of travel: is an indicator getting better or worse?

Compared with the same period last year where there is a figure for it, else with the
previous period. A cumulative (year-to-date) figure is only compared like with like: with the
same point in last year, never with an earlier, shorter part of the same year. A change within
the no-change band (a percentage of the earlier figure) is "no change".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from goldenthread.performance.rating import Polarity, better_by
from goldenthread.performance.words import number, percent, relative


class Direction(StrEnum):
    IMPROVING = "improving"
    NO_CHANGE = "no_change"
    WORSENING = "worsening"


class Basis(StrEnum):
    SAME_PERIOD_LAST_YEAR = "same period last year"
    PREVIOUS_PERIOD = "previous period"


@dataclass(frozen=True)
class Travel:
    direction: Direction | None
    basis: Basis | None
    explanation: str


DEFAULT_NO_CHANGE_BAND = Decimal(1)


def direction_of_travel(
    *,
    current: Decimal | None,
    polarity: Polarity | str,
    same_period_last_year: Decimal | None = None,
    previous_period: Decimal | None = None,
    cumulative: bool = False,
    no_change_band: Decimal = DEFAULT_NO_CHANGE_BAND,
    decimals: int | None = None,
) -> Travel:
    polarity = Polarity(polarity)
    if current is None:
        return Travel(None, None, "No figure this period to compare.")
    if polarity is Polarity.NONE:
        return Travel(None, None, "This indicator is not rated, so it has no direction.")
    if same_period_last_year is not None:
        earlier, basis = same_period_last_year, Basis.SAME_PERIOD_LAST_YEAR
    elif previous_period is not None and not cumulative:
        earlier, basis = previous_period, Basis.PREVIOUS_PERIOD
    elif cumulative and previous_period is not None:
        return Travel(
            None,
            None,
            "A year-to-date figure is compared only with the same point last year, "
            "and there is none.",
        )
    else:
        return Travel(None, None, "There is no earlier figure to compare with.")

    change = current - earlier
    share = relative(change, earlier)
    fmt_now, fmt_then = number(current, decimals), number(earlier, decimals)
    band = percent(no_change_band)
    if change == 0 or (share is not None and share <= no_change_band):
        return Travel(
            Direction.NO_CHANGE,
            basis,
            f"{fmt_now} against {fmt_then} in the {basis}: within the {band} no-change band.",
        )
    improving = better_by(current, earlier, polarity) > 0
    direction = Direction.IMPROVING if improving else Direction.WORSENING
    moved = "up" if change > 0 else "down"
    size = percent(share) if share is not None else number(abs(change), decimals)
    return Travel(
        direction,
        basis,
        f"{fmt_now} against {fmt_then} in the {basis}: {moved} {size}, "
        f"which is {'better' if improving else 'worse'}"
        f"{' (lower is better)' if polarity is Polarity.LOWER else ''}.",
    )
