"""Numbers in words for explanations: the same figure reads the same everywhere."""

from decimal import ROUND_HALF_UP, Decimal

ONE_HUNDRED = Decimal(100)


def number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """Format a figure: at the indicator's decimals when known, else as few digits as it needs."""
    value = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{value.normalize():,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


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
