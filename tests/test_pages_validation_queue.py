"""The validation queue (the round's page, "Submitted, waiting for you"): each submitted item
with the status it gets (in words), the warnings the entry checks raise on it, and the
explanation its department gave; a fixed number of queries whatever the number of items.

Dev Patel (Environmental Health) submits; Priya Shah, the performance officer, validates."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q1, Q2, Collection, collection_fixture  # noqa: F401

DEADLINE = datetime.date(2009, 10, 31)


@pytest.fixture(name="round")
def round_fixture(council, collection: Collection) -> CollectionRound:
    return services.round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)


def queue(client) -> str:
    html = client.get(reverse("collection_round", args=[Q2.slug])).content.decode()
    start = html.index('id="validation-queue"')
    return html[start : html.index("</table>", start)]


def row(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</tr>", start)]


def submit_figure(council, indicator: Indicator, value: str, **fields) -> Actual:
    actual = services.actual_save(
        acting_user=council.dev, indicator=indicator, period=Q2, value=value, **fields
    )
    return services.actual_submit(acting_user=council.dev, actual=actual)


def test_a_figure_shows_its_status_its_warning_and_the_explanation_given(
    client, council, collection, round
):
    actual = submit_figure(
        council, collection.smoking, "70", explanation="A new clinic opened in July"
    )
    client.force_login(council.priya)
    html = row(queue(client), f"queue-actual-{actual.pk}")

    assert "On target" in html  # the status in words, not colour alone
    assert "70.0 is up by 45.8% on 48.0 in 2009/10 Q1" in html
    assert "Explanation</strong> from Dev Patel" in html
    assert "A new clinic opened in July" in html


def test_a_figure_with_no_warnings_says_so(client, council, collection, round):
    actual = submit_figure(council, collection.smoking, "49")
    client.force_login(council.priya)
    html = row(queue(client), f"queue-actual-{actual.pk}")

    assert "Near target" in html
    assert "No warnings." in html
    assert "Explanation</strong>" not in html


def test_a_red_figure_shows_why_it_is_red(client, council, collection, round):
    actual = submit_figure(council, collection.smoking, "40", commentary="Clinic closed")
    client.force_login(council.priya)
    html = row(queue(client), f"queue-actual-{actual.pk}")

    assert "Off target" in html
    assert "40.0" in html and "50.0" in html  # the rating's words give the figures
    assert "Clinic closed" in html  # its commentary


def test_a_milestone_report_shows_its_status(client, council, collection, round):
    update = services.milestone_progress_save(
        acting_user=council.dev,
        milestone=collection.milestone,
        period=Q2,
        progress="at_risk",
        commentary="Second site not found",
    )
    update = services.milestone_progress_submit(acting_user=council.dev, update=update)
    client.force_login(council.priya)
    html = row(queue(client), f"queue-milestone-{update.pk}")

    assert "At risk" in html
    assert "Second site not found" in html


def test_the_queue_makes_the_same_queries_for_more_items(
    client, council, collection, round, django_assert_max_num_queries
):
    def grow(n: int, prefix: str) -> None:
        for i in range(n):
            indicator = Indicator.objects.create(
                code=f"EH {prefix}{i}",
                title=f"Extra {i}",
                unit="%",
                decimals=1,
                department=council.health_dept,
            )
            Target.objects.create(indicator=indicator, period=Q2.financial_year, value=D(50))
            Actual.objects.create(
                indicator=indicator, period=Q1, value=D(30), state=WorkflowState.PUBLISHED
            )
            submit_figure(council, indicator, "60", explanation=f"Reason {i}")

    url = reverse("collection_round", args=[Q2.slug])
    client.force_login(council.priya)
    grow(2, "A")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(10, "B")

    with django_assert_max_num_queries(len(few)):
        html = client.get(url).content.decode()
    assert html.count("Reason ") == 12
