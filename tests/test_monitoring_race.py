"""Two people save the same figure at the same moment: exactly one wins, the other is told and
shown the newer value; nothing is silently overwritten. Real threads, real connections."""

import threading
from decimal import Decimal as D

import pytest
from django.db import close_old_connections, connection

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import ItemChange
from goldenthread.monitoring.services import StaleEdit, actual_save
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401


def race(*calls):
    """Run each call in its own thread with its own database connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome is what is asserted
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_one_wins_the_other_sees_the_newer_value(council, collection):
    actual_save(acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49")

    def save(user, value):
        return lambda: actual_save(
            acting_user=user,
            indicator=collection.smoking,
            period=Q2,
            value=value,
            expected_version=1,
        )

    outcomes = race(save(council.dev, "50"), save(council.priya, "51"))

    winners = [o for o in outcomes if isinstance(o, Actual)]
    losers = [o for o in outcomes if isinstance(o, StaleEdit)]
    assert (len(winners), len(losers)) == (1, 1), outcomes
    held = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert held.value == winners[0].value
    assert held.version == 2
    assert losers[0].current.value == held.value  # the loser is shown what won
    assert ItemChange.objects.filter(field="value", item_id=held.pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_first_entries_of_the_same_figure_one_creates_it_the_other_is_told(council, collection):
    def create(user, value):
        return lambda: actual_save(
            acting_user=user, indicator=collection.smoking, period=Q2, value=value
        )

    outcomes = race(create(council.dev, "50"), create(council.priya, "51"))

    assert sorted(type(o).__name__ for o in outcomes) == ["Actual", "StaleEdit"], outcomes
    held = Actual.objects.get(indicator=collection.smoking, period=Q2)
    loser = next(o for o in outcomes if isinstance(o, StaleEdit))
    assert loser.current.value == held.value
    assert held.value in {D(50), D(51)}
