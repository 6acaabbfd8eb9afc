"""The public face (issue 6): how the council is doing, for anyone, with no sign-in.

Rosa is a resident: she is not signed in. The public pages show her the council's own published
figures only: never a draft, submitted or validated figure, never a figure of a quarter whose
collection round is still open, and never a partner's indicator. They read the same while
Priya, the performance officer, is signed in.

On top of the small golden thread of tests/pages_fixtures.py: 2008/09 Q1's round is closed and
NI 123's Q1 figure (812.25) published; Q2's round is open, and NI 123's Q2 figure (790.4) is
published in it, as is a half-year figure ending with Q2 (777.7); EH LI 1 has a submitted Q1
figure (61.37%) and a validated Q2 one (93.71%); BV 9 a draft Q2 one (1,234.50%).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from goldenthread.indicators.models import Actual, IndicatorSet
from goldenthread.monitoring.models import CollectionRound
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import (  # noqa: F401
    Q1,
    Q2,
    Thread,
    grow,
    make_actual,
    make_indicator,
    queries_for,
    thread_fixture,
)

HIDDEN = ["790.4", "777.7", "61.37", "93.71", "1,234.5", "1234.5"]
PUBLIC_PAGES = [
    "/performance/",
    "/performance/priorities/HEALTH/",
    "/performance/priorities/CORP/",
    "/performance/indicators/NI 123/",
    "/performance/indicators/EH LI 1/",
    "/performance/indicators/BV 9/",
    "/performance/open-data/",
    "/performance/about/",
]


@pytest.fixture(name="published")
def published_fixture(thread: Thread) -> Thread:
    """The figures the public may and may not see (the module's docstring)."""
    closed = datetime.datetime(2008, 8, 14, 17, tzinfo=datetime.UTC)
    CollectionRound.objects.create(
        quarter=Q1, deadline=datetime.date(2008, 7, 31), closed_at=closed
    )
    CollectionRound.objects.create(quarter=Q2, deadline=datetime.date(2008, 10, 31))
    Actual.objects.filter(indicator=thread.ni, period=Q2).update(state=WorkflowState.PUBLISHED)
    make_actual(thread.ni, Period.parse("2008/09 H1"), "777.7", WorkflowState.PUBLISHED)
    thread.local.decimals = 2
    thread.local.save()
    Actual.objects.filter(indicator=thread.local, period=Q2).update(value=Decimal("93.71"))
    make_actual(thread.local, Q1, "61.37", WorkflowState.SUBMITTED)
    return thread


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_rosa_opens_every_public_page_without_signing_in(client, published: Thread, url: str):
    html = page(client, url)

    assert "Staff sign in" in html
    assert "Sign out" not in html


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_rosa_never_sees_a_figure_that_is_not_published_or_whose_quarter_is_being_collected(
    client, published: Thread, url: str
):
    html = page(client, url)

    for figure in HIDDEN:
        assert figure not in html, f"{figure} shown on {url}"
    assert "2008/09 Q2" not in html
    assert "2008/09 H1" not in html


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_priya_signed_in_sees_only_what_the_public_sees(client, published: Thread, url: str):
    client.force_login(published.council.priya)

    html = page(client, url)

    for figure in HIDDEN:
        assert figure not in html, f"{figure} shown on {url}"
    assert "Staff sign in" in html
    assert reverse("home") not in html  # none of the signed-in navigation


def test_the_overview_says_how_each_priority_is_doing_and_for_which_quarter(
    client, published: Thread
):
    html = page(client, "/performance/")

    assert "How the council is doing" in html
    assert "<strong>2008/09 Q1</strong>" in html
    assert "released on 14 August 2008" in html
    assert "still collecting are not shown" in html
    assert "A Healthy Borough" in html and "Corporate Effectiveness" in html
    assert "Improve health" in html  # what the priority is for: its key objective
    # NI 123 (812.25 against 800) is on target; EH LI 1 has no published Q1 figure.
    assert (
        "1 of 1 measure with a published result and a target is on target. "
        "1 measure has no published result for the period." in html
    )
    assert reverse("public_priority", args=["HEALTH"]) in html
    assert 'role="img"' in html and "measures by status, 2008/09 Q1" in html


def test_the_priority_page_lists_each_measure_with_its_status_explained_and_its_trend(
    client, published: Thread
):
    html = page(client, "/performance/priorities/HEALTH/")

    assert "Area of focus 1: Reducing smoking" in html
    assert "Stopping smoking" in html
    assert "812.3 rate per 100,000" in html  # the published Q1 figure
    assert "On target" in html
    assert "812.25 is 1.5% above the target of 800" in html
    assert "Food premises inspected on time" in html  # under "Other measures"
    assert "No published figures yet." in html
    assert "Chart of NI 123 Stopping smoking" in html  # the trend's accessible name
    assert "1 quarter of published figures, 2008/09 Q1 to 2008/09 Q1." in html


def test_the_indicator_page_explains_every_published_figure_and_offers_its_data(
    client, published: Thread
):
    html = page(client, "/performance/indicators/NI 123/")

    assert "Four-week quitters per 100,000 adults" in html
    assert "Better is</dt>" in html and "a higher figure" in html
    assert "812.3 rate per 100,000" in html
    assert "812.25 is 1.5% above the target of 800" in html
    assert "14 Aug 2008" in html  # released when Q1's round closed
    assert "figures.csv?indicator=NI%20123" in html
    assert "figures.json?indicator=NI%20123" in html
    assert "Open Government Licence v3.0" in html


@pytest.mark.parametrize(
    "url",
    [
        "/performance/priorities/NOPE/",
        "/performance/indicators/NOPE 1/",
        "/performance/open-data/figures.xml",
    ],
)
def test_rosa_gets_not_found_for_what_does_not_exist(client, published: Thread, url: str):
    assert client.get(url).status_code == 404


def test_a_partner_indicator_is_not_the_council_s_to_publish(client, published: Thread):
    partner = make_indicator(
        "PCT 1",
        "Partner waiting times",
        priorities=[published.council.health],
        indicator_set=IndicatorSet.PARTNER,
    )
    make_actual(partner, Q1, "42.42", WorkflowState.PUBLISHED)

    assert client.get("/performance/indicators/PCT 1/").status_code == 404
    assert "Partner waiting times" not in page(client, "/performance/priorities/HEALTH/")
    assert "42.42" not in page(client, "/performance/open-data/figures.csv")


def test_a_quarter_appears_once_its_round_closes(client, published: Thread):
    CollectionRound.objects.filter(quarter=Q2).update(closed_at=timezone.now())

    html = page(client, "/performance/indicators/NI 123/")

    assert "790.4 rate per 100,000" in html
    assert "<strong>2008/09 Q2</strong>" in html
    assert "93.71" not in html  # still only validated


def test_the_landing_page_leads_residents_to_the_public_pages(client, db):
    html = page(client, "/")

    assert "How is the council doing?" in html
    assert f'href="{reverse("public_overview")}"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/performance/",
        "/performance/priorities/HEALTH/",
        "/performance/indicators/NI 123/",
    ],
)
def test_a_public_page_s_queries_do_not_grow_with_the_data(client, published: Thread, url: str):
    few = queries_for(client, url)

    grow(published, 4)

    assert queries_for(client, url) == few


def test_a_withheld_quarter_is_never_quoted_in_a_later_figure_s_explanation(
    client, published: Thread
):
    """Q1's round is opened again for a late correction while Q2's has closed: Rosa sees Q2's
    figure, and nothing on any page or download quotes Q1's (812.25), not even the direction
    of travel, which compares Q2 with Q1."""
    CollectionRound.objects.filter(quarter=Q1).update(closed_at=None)
    CollectionRound.objects.filter(quarter=Q2).update(closed_at=timezone.now())

    for url in [
        "/performance/indicators/NI 123/",
        "/performance/priorities/HEALTH/",
        "/performance/open-data/figures.csv",
        "/performance/open-data/figures.json",
    ]:
        text = page(client, url)
        assert "790.4" in text, url
        assert "812.25" not in text and "812.2" not in text, url
