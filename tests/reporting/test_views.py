"""The reports pages: the standard pack for a period, a report at its stable URL, its
downloads, what a bad link says, drill-down from every count to the items behind it, and a
fixed number of queries whatever the number of rows.

Over the demo council, whose latest published quarter is 2009/10 Q1.
"""

import re
from collections import Counter
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.organisation.models import User
from goldenthread.reporting.document import Report

ERS_QMR = "/reports/qmr/?period=2009-10-Q1&department=ERS"
ORGANISATION = "/reports/organisation/?period=2009-10-Q1"


def sign_in(client, username: str = "ppb.chair") -> None:
    client.force_login(User.objects.get(username=username))


def text(response) -> str:
    return unescape(response.content.decode())


def links(html: str) -> set[str]:
    return {unescape(href) for href in re.findall(r'href="([^"]+)"', html)}


def listed(report: Report) -> Counter[str]:
    """The items a report lists, by status: each indicator or milestone in a period once."""
    seen = {}
    for section in report.sections:
        for row in [*section.indicators, *section.milestones]:
            seen[(row.code, str(row.period))] = row.status
    return Counter(seen.values())


# -- the reports page ------------------------------------------------------------------------


def test_the_reports_page_lists_the_standard_pack_for_the_latest_published_quarter(client, demo):
    sign_in(client)
    html = text(client.get("/reports/"))

    assert "The standard pack for 2009/10 Q1" in html
    assert "Quarterly monitoring report: Environmental &amp; Regulatory Services" in (
        client.get("/reports/").content.decode()
    )
    assert ERS_QMR in links(html)
    assert ORGANISATION in links(html)
    assert "/reports/exceptions/?period=2009-10-Q1&scope=board&board=PPB-HEALTH" in links(html)
    assert "For: Policy and Performance Board." in html
    assert "/reports/builder/" in links(html)


def test_a_half_years_pack_is_its_six_monthly_summary(client, demo):
    sign_in(client)
    html = text(client.get("/reports/?period=2008-09-H2"))

    assert "The standard pack for 2008/09 H2" in html
    assert "/reports/six-monthly/?period=2008-09-H2&scope=council" in links(html)
    assert ERS_QMR not in links(html)


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2012-13-Q1", "there are no published figures for 2012/13 Q1 yet"),
        ("last quarter", "'last quarter' is not a period"),
        ("2008-09", "the standard pack is for a quarter or a half year"),
    ],
)
def test_a_period_without_a_pack_is_explained(client, demo, period, message):
    sign_in(client)
    response = client.get("/reports/", {"period": period})

    assert response.status_code == 400
    assert "There is a problem" in text(response)
    assert message in text(response)


def test_the_service_navigation_leads_to_reports(client, demo):
    sign_in(client, "executive.member")
    html = client.get("/home/").content.decode()

    assert re.search(r'<a class="govuk-service-navigation__link" href="/reports/"', html)


@pytest.mark.parametrize("url", ["/reports/", ERS_QMR, "/reports/builder/"])
def test_signed_out_people_are_asked_to_sign_in(client, demo, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(
    ("username", "report"),
    [
        ("department.manager", "Quarterly monitoring report: Environmental & Regulatory Services"),
        ("strategic.director", "Directorate summary: Environment"),
        ("management.team", "Organisation summary: 2009/10 Q1"),
        ("portfolio.holder", "Portfolio report: Health & Adults"),
        ("executive.member", "Balanced scorecard: 2009/10 Q1"),
        ("executive.member", "Portfolio report: Corporate Services"),
        ("ppb.chair", "Exception report: Healthy Borough Policy and Performance Board"),
        ("partner.officer", "Report on the Local Area Agreement: 2009/10 Q1"),
        ("regulator", "National Indicators: 2009/10 Q1"),
    ],
)
def test_each_home_links_to_the_latest_report_its_reader_needs(client, demo, username, report):
    sign_in(client, username)
    home = client.get("/home/").content.decode()
    found = re.findall(r'<p class="govuk-body gt-home-report">.*?href="([^"]+)"', home)

    assert found
    titles = []
    for link in found:  # one per section of the home page, its home view's first
        response = client.get(unescape(link), follow=True)
        assert response.status_code == 200
        titles.append(response.context["report"].title)
    assert any(title.startswith(report) for title in titles), titles


# -- a report's page -------------------------------------------------------------------------


def test_the_ers_qmr_shows_its_red_indicators_with_links_to_each(client, demo):
    sign_in(client, "operational.director")
    response = client.get(ERS_QMR)
    html = text(response)

    assert response.status_code == 200
    assert "Quarterly monitoring report: Environmental & Regulatory Services, 2009/10 Q1" in html
    assert "Published figures only" in html
    red = [
        row
        for section in response.context["report"].sections
        for row in section.indicators
        if row.status == "red"
    ]
    assert {row.code for row in red} >= {"BV 84a", "ERS LI 13"}
    for row in red:
        assert row.url in links(html)
        assert row.history_url in links(html)
    assert f"{ERS_QMR}&status=red" in links(html)


def test_a_report_links_to_its_downloads_and_to_the_builder(client, demo):
    sign_in(client)
    html = text(client.get(ERS_QMR))

    for fmt in ("pdf", "xlsx", "csv", "json", "html"):
        assert f"{ERS_QMR}&format={fmt}" in links(html)
    assert "/reports/builder/?period=2009-10-Q1&scope=department&department=ERS" in links(html)
    assert "Save this report" not in html  # standard reports have their stable URL already


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pdf", "application/pdf"),
        ("html", "text/html; charset=utf-8"),
    ],
)
def test_a_report_downloads_in_each_format(client, demo, fmt, content_type):
    sign_in(client)
    response = client.get(f"{ERS_QMR}&status=red&format={fmt}")  # red only: a quick PDF

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (f'attachment; filename="qmr-ERS-2009-10-Q1.{fmt}"')
    if fmt in ("csv", "json", "html"):
        assert "BV 84a" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("period=2009-10-Q9&department=ERS", "period", "a year has 4 quarters"),
        ("period=2009-10-Q1&department=NOPE", "department", "NOPE"),
        ("period=2009-10-Q1", "department", "choose the department the report is for"),
        ("period=2009-10-Q1&department=ERS&format=docx", "format", "'docx' is not one of"),
    ],
)
def test_a_bad_link_says_what_is_wrong_and_where(client, demo, query, parameter, message):
    sign_in(client)
    response = client.get(f"/reports/qmr/?{query}")
    html = text(response)

    assert response.status_code == 400
    assert "This report cannot be drawn" in html
    assert f'In the link\'s <code class="gt-parameter">{parameter}</code>' in html
    assert message in html


@pytest.mark.parametrize(
    ("link", "latest"),
    [
        ("/reports/qmr/?department=ERS", ERS_QMR),
        ("/reports/qmr/?department=ERS&format=csv", f"{ERS_QMR}&format=csv"),
        ("/reports/six-monthly/", "/reports/six-monthly/?period=2008-09-H2&scope=council"),
    ],
)
def test_a_link_without_a_period_leads_to_the_latest_report(client, demo, link, latest):
    sign_in(client)
    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"] == latest


def test_there_is_no_report_of_an_unknown_kind(client, demo):
    sign_in(client)

    assert client.get("/reports/league-table/?period=2009-10-Q1").status_code == 404


# -- drill-down ------------------------------------------------------------------------------


def test_every_count_in_a_qmr_lists_exactly_that_many_items(client, demo):
    sign_in(client)
    report = client.get(ERS_QMR).context["report"]

    for count in report.totals:
        if not count.count:
            continue
        behind = client.get(count.url)
        assert behind.status_code == 200
        assert f"{count.label} items only" in text(behind)
        assert listed(behind.context["report"]) == {count.status: count.count}, count.url


def test_every_count_in_the_organisation_summary_lists_exactly_that_many_items(client, demo):
    sign_in(client, "management.team")
    response = client.get(ORGANISATION)
    html = text(response)
    by_directorate = next(
        s for s in response.context["report"].sections if s.heading == "By directorate"
    )
    assert [row.label for row in by_directorate.summary] == [
        "Children & Young People",
        "Corporate & Policy",
        "Environment",
        "Health & Community",
    ]
    environment = by_directorate.summary[2]

    assert environment.url in links(html)
    assert sum(listed(client.get(environment.url).context["report"]).values()) == (
        environment.total
    )
    for count in environment.counts:
        if count.count:
            assert count.url in links(html)
            behind = client.get(count.url).context["report"]
            assert listed(behind) == {count.status: count.count}, count.url


def test_from_an_indicator_row_to_the_indicator_and_its_audit_trail(client, demo):
    sign_in(client)
    report = client.get(f"{ERS_QMR}&status=red").context["report"]
    row = next(r for s in report.sections for r in s.indicators if r.code == "BV 84a")

    indicator = client.get(row.url)
    assert indicator.status_code == 200
    assert "Kilograms of household waste collected per head" in text(indicator)
    trail = client.get(row.history_url)
    assert trail.status_code == 200
    assert re.search(r"<h1[^>]*>[^<]*BV 84a[^<]*2009/10 Q1", text(trail))


# -- queries ---------------------------------------------------------------------------------


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_qmr_takes_as_many_queries_for_a_department_with_more_rows(client, demo):
    sign_in(client)
    client.get(ERS_QMR)  # sessions and settings, once
    bigger = "/reports/qmr/?period=2009-10-Q1&department=ASC"
    small, big = client.get(ERS_QMR).context["report"], client.get(bigger).context["report"]
    assert big.total > small.total

    assert queries(client, ERS_QMR) == queries(client, bigger)


def test_the_organisation_summary_takes_as_many_queries_as_a_smaller_one(client, demo):
    sign_in(client)
    client.get(ORGANISATION)
    fewer = f"{ORGANISATION}&status=red"  # the same figures read, far fewer items counted
    assert (
        client.get(fewer).context["report"].total < client.get(ORGANISATION).context["report"].total
    )

    assert queries(client, ORGANISATION) == queries(client, fewer)
