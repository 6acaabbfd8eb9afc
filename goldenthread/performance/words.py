"""Numbers in words for explanations: the same figure reads the same everywhere."""

from decimal import ROUND_HALF_UP, Decimal

ONE_HUNDRED = Decimal(100)


def number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """Format a figure with at least the indicator's decimals, and never fewer places than the
    figure has: an explanation must not round 78.5 to 78."""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    # The figure's own decimal places, read from its plain form (much quicker than as_tuple,
    # and this runs for every figure of every report).
    plain = format(value.normalize(), "f")
    own_places = len(plain) - plain.index(".") - 1 if "." in plain else 0
    places = max(decimals or 0, own_places)
    text = f"{value:,.{places}f}"
    return "0" if text.lstrip("-").strip("0.,") == "" else text


def percent(value: Decimal) -> str:
    """A percentage to one decimal place, trimmed: 1.9%, 5%, 12.5%."""
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text}%"


def relative(difference: Decimal, base: Decimal) -> Decimal | None:
    """``difference`` as a percentage of ``base``; None when the base is zero."""
    if base == 0:
        return None
    return abs(difference) / abs(base) * ONE_HUNDRED
