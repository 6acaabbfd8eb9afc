"""Properties every rating must have, whatever the numbers (hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.performance.rating import (
    STATUS_ORDER,
    RatingRules,
    Rule,
    Tolerance,
    rate,
)

figures = st.decimals(min_value=-10_000, max_value=10_000, allow_nan=False, places=2)
factors = st.decimals(min_value=Decimal("0.01"), max_value=1000, allow_nan=False, places=2)
rules = st.builds(
    RatingRules,
    rule=st.sampled_from(list(Rule)),
    tolerance=st.builds(Tolerance, amount=st.decimals(min_value=0, max_value=50, places=1)),
    exception_threshold=st.decimals(min_value=0, max_value=50, places=1),
)
polarities = st.sampled_from(["higher", "lower"])


def rank(rating):
    return STATUS_ORDER.index(rating.status)


@given(
    figures,
    figures,
    figures,
    polarities,
    rules,
    st.one_of(st.none(), figures),
    st.one_of(st.none(), figures),
)
def test_a_better_actual_never_gets_a_worse_status(a, b, target, polarity, chosen, floor, prev):
    worse, better = sorted([a, b]) if polarity == "higher" else sorted([a, b], reverse=True)
    kwargs = {
        "target": target,
        "polarity": polarity,
        "rules": chosen,
        "floor": floor,
        "previous": prev,
    }
    assert rank(rate(actual=better, **kwargs)) >= rank(rate(actual=worse, **kwargs))


@given(figures, figures, rules, st.one_of(st.none(), figures), st.one_of(st.none(), figures))
def test_swapping_polarity_and_mirroring_the_figures_gives_the_same_result(
    actual, target, chosen, floor, previous
):
    def mirror(value):
        return None if value is None else 2 * target - value

    higher = rate(
        actual=actual,
        target=target,
        polarity="higher",
        rules=chosen,
        floor=floor,
        previous=previous,
    )
    lower = rate(
        actual=mirror(actual),
        target=target,
        polarity="lower",
        rules=chosen,
        floor=mirror(floor),
        previous=mirror(previous),
    )
    assert (higher.status, higher.exception) == (lower.status, lower.exception)


@given(
    figures,
    figures,
    factors,
    polarities,
    rules,
    st.one_of(st.none(), figures),
    st.one_of(st.none(), figures),
)
def test_scaling_every_number_by_the_same_factor_changes_nothing(
    actual, target, factor, polarity, chosen, floor, previous
):
    def scaled(value):
        return None if value is None else value * factor

    plain = rate(
        actual=actual,
        target=target,
        polarity=polarity,
        rules=chosen,
        floor=floor,
        previous=previous,
    )
    big = rate(
        actual=scaled(actual),
        target=scaled(target),
        polarity=polarity,
        rules=chosen,
        floor=scaled(floor),
        previous=scaled(previous),
    )
    assert (plain.status, plain.exception) == (big.status, big.exception)


@given(
    st.one_of(st.none(), figures),
    st.one_of(st.none(), figures),
    st.sampled_from(["higher", "lower", "none"]),
    rules,
)
def test_every_result_has_an_explanation_and_nothing_raises(actual, target, polarity, chosen):
    rating = rate(actual=actual, target=target, polarity=polarity, rules=chosen)
    assert rating.explanation.endswith(".")
    assert len(rating.explanation) > 10
