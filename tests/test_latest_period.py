""" "Latest" means the latest quarter whose round is closed, or the one the reader chose (issue
12, "Finish the quarter").

The issue: publishing 27 of 416 Q2 items made the Executive scorecard show 20 of 20 "not
reported". On the demo council 2009/10 Q1 is closed and fully published, and 2009/10 Q2's round
is open. The performance officer publishes the first few validated Q2 figures: the scorecard,
the standard pack, the six-monthly summary and the ratings of every list still open at Q1 (or
the half year before) until Q2's round closes; then they open at Q2. A reader who asks for Q2
while it is collected gets it, told that its unpublished items are awaiting publication.
"""

from __future__ import annotations

from collections import Counter
from html import unescape

import pytest
from django.urls import reverse

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.services import actual_publish, round_close
from goldenthread.organisation.models import User
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.reporting import services
from goldenthread.reporting.build import build_report
from goldenthread.reporting.spec import spec_from_query
from goldenthread.web.selectors.ratings import rate
from goldenthread.workflow import WorkflowState

Q1, Q2 = Period.parse("2009/10 Q1"), Period.parse("2009/10 Q2")
FEW = 27


def officer() -> User:
    return User.objects.get(username="performance.officer")


def publish_a_few_of_q2() -> int:
    """The performance officer publishes the first validated Q2 figures, as in the issue."""
    validated = list(
        Actual.objects.filter(period=Q2, state=WorkflowState.VALIDATED).order_by("pk")[:FEW]
    )
    actual_publish(acting_user=officer(), actuals=validated)
    return len(validated)


def close_q2() -> None:
    round_close(acting_user=officer(), round=CollectionRound.objects.get(quarter=Q2))


def statuses(period: Period, kind: str = "scorecard") -> Counter[str]:
    report = build_report(spec_from_query(kind, {"period": str(period)}), charts=False)
    return Counter(row.status for s in report.sections for row in s.indicators)


def default_report(client, kind: str = "scorecard") -> str:
    client.force_login(User.objects.get(username="executive.member"))
    response = client.get(reverse("report", args=[kind]))
    assert response.status_code == 302
    return unescape(response["Location"])


@pytest.fixture
def part_published(demo) -> int:
    published = publish_a_few_of_q2()
    assert 0 < published < Actual.objects.filter(period=Q2).count()
    return published


def test_a_few_q2_figures_published_leave_q2_s_scorecard_mostly_awaiting_publication(
    part_published,
):
    """Why Q2 must not be the default while its round is open: most of it is still to come.
    Those items are awaiting publication, never "not reported", until the round closes."""
    q2 = statuses(Q2)
    assert q2["awaiting"] > sum(q2.values()) / 2
    assert q2["not_reported"] == 0
    assert statuses(Q1)["not_reported"] == statuses(Q1)["awaiting"] == 0

    close_q2()

    closed = statuses(Q2)
    assert closed["awaiting"] == 0 and closed["not_reported"] == q2["awaiting"]


def test_the_scorecard_opens_at_the_closed_quarter_while_the_next_is_part_published(
    client, part_published
):
    assert "period=2009-10-Q1" in default_report(client)

    close_q2()

    assert "period=2009-10-Q2" in default_report(client)


def test_the_six_monthly_summary_opens_at_the_last_half_year_whose_rounds_are_closed(
    client, part_published
):
    assert "period=2008-09-H2" in default_report(client, "six-monthly")

    close_q2()

    assert "period=2009-10-H1" in default_report(client, "six-monthly")


def test_the_reports_page_and_the_builder_open_at_the_closed_quarter(client, part_published):
    client.force_login(User.objects.get(username="ppb.chair"))

    assert "The standard pack for 2009/10 Q1" in unescape(client.get("/reports/").content.decode())
    assert services.default_period() == Q1
    assert services.default_period(PeriodKind.HALF) == Period.parse("2008/09 H2")

    close_q2()

    assert "The standard pack for 2009/10 Q2" in unescape(client.get("/reports/").content.decode())
    assert services.default_period() == Q2


def test_a_reader_may_still_choose_the_quarter_being_collected_and_is_told_so(
    client, part_published
):
    client.force_login(User.objects.get(username="executive.member"))

    html = unescape(client.get("/reports/scorecard/?period=2009-10-Q2").content.decode())
    assert "Balanced scorecard: 2009/10 Q2" in html
    assert "2009/10 Q2 is still being collected" in html
    assert "awaiting publication" in html

    close_q2()

    html = unescape(client.get("/reports/scorecard/?period=2009-10-Q2").content.decode())
    assert "still being collected" not in html


def test_a_report_downloaded_for_the_quarter_being_collected_says_so_too(client, part_published):
    client.force_login(User.objects.get(username="executive.member"))

    response = client.get("/reports/scorecard/?period=2009-10-Q2&format=json")

    assert "2009/10 Q2 is still being collected" in response.json()["basis"]


def test_lists_are_rated_at_the_closed_quarter_for_councillors_and_officers_alike(
    client, part_published
):
    councillor = User.objects.get(username="executive.member")
    assert rate(councillor).periods.quarter == Q1
    assert rate(officer()).periods.quarter == Q1  # Q2 has validated figures too
    client.force_login(councillor)
    assert "Status for 2009/10 Q1" in unescape(client.get("/indicators/").content.decode())

    close_q2()

    assert rate(councillor).periods.quarter == Q2
    assert "Status for 2009/10 Q2" in unescape(client.get("/indicators/").content.decode())


def test_the_public_release_is_the_closed_quarter(client, part_published):
    html = unescape(client.get("/performance/").content.decode())
    assert "2009/10 Q1" in html and "2009/10 Q2" not in html

    close_q2()

    assert "2009/10 Q2" in unescape(client.get("/performance/").content.decode())
