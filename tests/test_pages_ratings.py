"""Ratings on the pages: each status, direction and exception in words with a shape, the reason
behind it, on the figures each person may see rated; the indicator page's trend chart; and the
"How ratings work" page.

Over the small thread of tests/pages_fixtures.py: NI 123 has 812.25 published for Q1 (target
800) and 790.4 submitted for Q2; EH LI 1 has 93 validated for Q2 (target 95); BV 9 a draft for
Q2; RB LI 2 is annual with nothing reported. Officers see validated and published figures
rated, so their lists are rated for Q2; councillors see published figures rated, for Q1.
"""

import re
from decimal import Decimal

from django.urls import reverse

from goldenthread.indicators.models import Polarity, Target
from goldenthread.performance.models import RatingSettings
from goldenthread.planning.models import MilestoneUpdate
from goldenthread.planning.periods import Period
from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import (  # noqa: F401
    Q1,
    Q2,
    Thread,
    grow,
    make_actual,
    queries_for,
    thread_fixture,
)


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def row(html: str, code: str) -> str:
    """The table row (or tree item) of the indicator with this code."""
    return html.split(f">{code}</a>")[1].split("</tr>")[0].split("</li>")[0]


def visible_words(fragment: str) -> str:
    """The fragment's text as a sighted reader sees it: hidden text and tags removed."""
    fragment = re.sub(r'<span class="govuk-visually-hidden">[^<]*</span>', "", fragment)
    fragment = re.sub(r"<svg\b.*?</svg>", "", fragment, flags=re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def set_spc(on: bool) -> None:
    settings = RatingSettings.current()
    settings.spc_enabled = on
    settings.save()


# -- lists -------------------------------------------------------------------------------------


def test_a_status_is_a_word_with_a_shape_and_the_reason_behind_why(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("indicators"))

    eh = row(html, "EH LI 1")
    assert '<strong class="govuk-tag govuk-tag--yellow gt-marker">' in eh
    assert '<span class="govuk-visually-hidden">Status: </span>' in eh
    assert re.search(r'<svg class="gt-marker__shape"[^>]*aria-hidden="true"[^>]*><path', eh)
    assert "Near target" in visible_words(eh)
    assert (
        '<span class="govuk-details__summary-text">Why<span class="govuk-visually-hidden"> '
        "EH LI 1 is rated like this</span>" in eh
    )
    assert "93 is 2.1% below the target of 95; the amber band is 5%." in eh
    assert f'href="{reverse("ratings")}">How ratings work</a>' in eh


def test_officers_see_lists_rated_for_the_latest_quarter_with_validated_figures(
    client, thread: Thread
):
    html = page(client, thread.council.priya, reverse("indicators"))

    assert "Status for 2008/09 Q2, from validated and published figures." in html
    ni = row(html, "NI 123")  # its Q2 figure is only submitted
    assert "Awaiting validation" in visible_words(ni)
    assert "A figure has been entered and is submitted. It is rated once it is validated." in ni
    assert "Draft" not in visible_words(row(html, "BV 9")).split("Awaiting")[1]
    assert "Not rated yet" in visible_words(row(html, "RB LI 2"))  # annual, nothing reported


def test_councillors_see_published_figures_rated_and_nothing_before(client, thread: Thread):
    html = page(client, thread.council.chen, reverse("indicators"))

    assert "Status for 2008/09 Q1, from published figures." in html
    ni = row(html, "NI 123")
    assert "On target" in visible_words(ni)
    assert "812.25 is 1.5% above the target of 800.0, so it is met." in ni
    assert "Not reported" in visible_words(row(html, "EH LI 1"))  # validated is not enough
    assert "Near target" not in html


def test_exceptions_over_and_under_are_flagged_in_words(client, thread: Thread):
    ni, local = thread.ni, thread.local
    ni.actuals.filter(period=Q2).update(value=Decimal(900), state=WorkflowState.VALIDATED)
    local.actuals.filter(period=Q2).update(value=Decimal(50))

    html = page(client, thread.council.priya, reverse("indicators"))

    assert "Exception: over" in visible_words(row(html, "NI 123"))
    assert "more than 10% better is an exception" in row(html, "NI 123")
    local_row = visible_words(row(html, "EH LI 1"))
    assert "Off target" in local_row and "Exception: under" in local_row


def test_direction_of_travel_follows_polarity(client, thread: Thread):
    last_year = Period.parse("2007/08 Q2")
    make_actual(thread.local, last_year, "90", WorkflowState.PUBLISHED)
    bvpi = thread.bvpi
    bvpi.polarity = Polarity.LOWER
    bvpi.save()
    Target.objects.filter(indicator=bvpi, period=Q2).update(value=Decimal(1300))
    bvpi.actuals.filter(period=Q2).update(state=WorkflowState.VALIDATED)
    make_actual(bvpi, last_year, "1400", WorkflowState.PUBLISHED)

    html = page(client, thread.council.priya, reverse("indicators"))

    assert "Improving" in visible_words(row(html, "EH LI 1"))  # 93 against 90
    lower = row(html, "BV 9")  # 1234.5 against 1400: down, and lower is better
    assert "Improving" in visible_words(lower)
    assert "down 11.8%, which is better (lower is better)" in lower


def test_the_plans_tree_rates_indicators_and_milestones(client, thread: Thread):
    update = MilestoneUpdate.objects.get(milestone__code="EH 1.1")
    update.state = WorkflowState.VALIDATED
    update.save()
    late = thread.smoking.milestones.create(code="EH 1.0", title="Recruit advisers", due=Q1)

    html = page(client, thread.council.priya, reverse("priority", args=["HEALTH"]))

    assert "milestones as at the end of 2008/09 Q2" in html
    clinics = html.split("EH 1.1 Open three quit clinics")[1].split("</li>")[0]
    assert "At risk" in visible_words(clinics)
    assert "Reported at risk; due 2008/09 Q2." in clinics
    overdue = html.split(f"{late.code} {late.title}")[1].split("</li>")[0]
    assert "Overdue" in visible_words(overdue)
    assert "Near target" in visible_words(row(html, "EH LI 1"))


def test_every_page_that_lists_indicators_shows_their_status(client, thread: Thread):
    priya = thread.council.priya
    for url, code, status in (
        (reverse("priority", args=["HEALTH"]), "EH LI 1", "Near target"),
        (reverse("area_of_focus", args=[1]), "NI 123", "Awaiting validation"),
        (reverse("department", args=["EH"]), "EH LI 1", "Near target"),
        (reverse("objective", args=["EH 2"]), "EH LI 1", "Near target"),
        (reverse("indicators"), "EH LI 1", "Near target"),
    ):
        assert status in visible_words(row(page(client, priya, url), code)), url
    for user in (thread.council.dev, thread.council.chen, thread.council.pat, thread.rita):
        html = page(client, user, reverse("home"))
        assert 'class="govuk-visually-hidden">Status: </span>' in html, user


def test_ratings_do_not_add_queries_as_lists_grow(client, thread: Thread):
    client.force_login(thread.council.chen)
    urls = [reverse("home"), reverse("indicators"), reverse("priority", args=["HEALTH"])]
    few = {url: queries_for(client, url) for url in urls}

    grow(thread, 3)

    assert {url: queries_for(client, url) for url in urls} == few


# -- one indicator --------------------------------------------------------------------------


def test_an_indicator_page_rates_every_period_and_says_why(client, thread: Thread):
    make_actual(thread.local, Q1, "96", WorkflowState.PUBLISHED)

    html = page(client, thread.council.priya, reverse("indicator", args=["EH LI 1"]))

    assert "Latest rating: 2008/09 Q2" in html
    latest = html.split('class="gt-latest"')[1].split("</dl>")[0]
    assert "Near target" in visible_words(latest)
    assert "93 is 2.1% below the target of 95; the amber band is 5%." in latest
    results = html.split("Actuals reported, newest first")[1].split("</table>")[0]
    assert "96 is 1.1% above the target of 95, so it is met." in results
    assert "Direction of travel: 93 against 96 in the previous period: down 3.1%" in results


def test_a_figure_not_yet_checked_is_not_rated_on_its_page(client, thread: Thread):
    html = page(client, thread.council.dev, reverse("indicator", args=["NI 123"]))

    results = html.split("Actuals reported, newest first")[1].split("</table>")[0]
    q2 = results.split("2008/09 Q2")[1].split("</tr>")[0]
    assert "Not rated until validated." in q2
    assert "Latest rating: 2008/09 Q1" in html


def test_a_councillor_sees_neither_the_unchecked_figure_nor_its_rating(client, thread: Thread):
    html = page(client, thread.council.chen, reverse("indicator", args=["NI 123"]))

    results = html.split("Actuals reported, newest first")[1].split("</table>")[0]
    assert "2008/09 Q2" not in results and "790.4" not in html
    assert "Latest rating: 2008/09 Q1" in html


def test_an_indicator_page_has_a_trend_chart_with_its_target_and_a_summary(client, thread: Thread):
    make_actual(thread.ni, Period.parse("2007/08 Q4"), "780", WorkflowState.PUBLISHED)

    html = page(client, thread.council.chen, reverse("indicator", args=["NI 123"]))

    figure = html.split('<figure class="gt-chart">')[1].split("</figure>")[0]
    svg = figure.split("<figcaption")[0]
    title = (
        "Chart of NI 123 Stopping smoking: the actual and the target by quarter, "
        "2007/08 Q4 to 2008/09 Q1"
    )
    assert 'role="img"' in svg and f">{title}</title>" in svg
    assert 'aria-describedby="trend-' in svg
    assert ">Target</text>" in svg and ">Actual</text>" in svg
    assert ">Mean</text>" not in svg  # statistical process control is off by default
    caption = figure.split("<figcaption")[1]
    assert "2 quarters of published figures, 2007/08 Q4 to 2008/09 Q1." in caption
    assert "It went from 780.0 rate per 100,000 to 812.3 rate per 100,000" in caption
    assert "is on target against a target of 800.0 rate per 100,000." in caption


def test_with_spc_on_the_chart_shows_the_mean_limits_and_what_they_mean(client, thread: Thread):
    set_spc(True)
    for i, value in enumerate(["780", "790", "800", "805", "795", "810", "815", "820"]):
        make_actual(thread.ni, Q1.shift(-8 + i), value, WorkflowState.PUBLISHED)

    html = page(client, thread.council.chen, reverse("indicator", args=["NI 123"]))

    svg = html.split('<figure class="gt-chart">')[1].split("<figcaption")[0]
    assert ">Mean (provisional)</text>" in svg and ">Process limits (provisional)</text>" in svg
    latest = visible_words(html.split('class="gt-latest"')[1].split("</p>")[0])
    assert "Common cause variation" in latest or "Special cause" in latest
    assert "target" in latest.split("variation")[-1]  # an assurance marker follows
    caption = html.split("<figcaption")[1].split("</figcaption>")[0]
    assert "The mean is" in caption and "(provisional)" in caption


def test_a_chosen_baseline_period_sets_the_process_limits(client, thread: Thread):
    set_spc(True)
    for i, value in enumerate(["780", "790", "800", "805", "795", "810", "815", "820"]):
        make_actual(thread.ni, Q1.shift(-8 + i), value, WorkflowState.PUBLISHED)
    url = reverse("indicator", args=["NI 123"])
    everything = page(client, thread.council.chen, url)
    thread.ni.spc_baseline_first = Q1.shift(-8)
    thread.ni.spc_baseline_last = Q1.shift(-5)
    thread.ni.save()

    chosen = page(client, thread.council.chen, url)

    def limits(html: str) -> str:
        caption = html.split("<figcaption")[1].split("</figcaption>")[0]
        return caption.split("The mean is")[1].split(".")[0]

    assert "from 4 figures" in chosen
    assert "from 4 figures" not in everything
    assert limits(chosen) != limits(everything)


def test_spc_is_not_applied_to_year_to_date_figures(client, thread: Thread):
    set_spc(True)
    thread.ni.aggregation = "cumulative"
    thread.ni.save()

    html = page(client, thread.council.chen, reverse("indicator", args=["NI 123"]))

    assert "not applied to year-to-date figures" in html
    assert ">Mean</text>" not in html


def test_the_indicator_page_makes_the_same_queries_however_long_its_history(client, thread: Thread):
    set_spc(True)
    client.force_login(thread.council.priya)
    url = reverse("indicator", args=["NI 123"])
    few = queries_for(client, url)

    for i in range(12):
        period = Q1.shift(-12 + i)
        make_actual(thread.ni, period, str(700 + i * 5), WorkflowState.PUBLISHED)
        Target.objects.create(indicator=thread.ni, period=period, value=Decimal(760))

    assert queries_for(client, url) == few


# -- how ratings work ------------------------------------------------------------------------


def test_how_ratings_work_is_open_to_everyone_signed_in_and_reads_the_settings(
    client, thread: Thread
):
    settings = RatingSettings.current()
    settings.rule, settings.tolerance, settings.exception_threshold = (
        "floor_standard",
        Decimal("3.5"),
        Decimal(15),
    )
    settings.save()

    for user in (thread.council.pat, thread.rita, thread.council.dev):
        html = page(client, user, reverse("ratings"))
        assert '<h1 class="govuk-heading-xl">How ratings work</h1>' in html
        assert "Floor standard (the council's rule)" in html
        assert "3.5% of the target" in html
        assert "more than 15% of the target" in html
        assert "Change the council's settings" not in html
    assert "Change the council's settings" in page(client, thread.council.priya, reverse("ratings"))


def test_how_ratings_work_explains_every_part_of_the_engine(client, thread: Thread):
    html = visible_words(page(client, thread.council.chen, reverse("ratings")))

    for words in (
        "Tolerance band",
        "Floor standard",
        "Direction-aware",
        "profiled",
        "same period last year",
        "previous period",
        "no change",
        "Overdue",
        "2.66 times the mean moving range",
        "shift of 7 figures",
        "trend of 7 figures",
        "two of three",
        "Consistently meets target",
        "Hit and miss target",
        "straight line",
        "A status is history",
        "recalculate",
    ):
        assert words in html, words


def test_the_guide_is_linked_from_every_page_s_footer_for_those_signed_in(client, thread: Thread):
    footer = page(client, thread.council.chen, reverse("plans")).split("<footer")[1]
    assert f'href="{reverse("ratings")}">How ratings work</a>' in footer

    client.logout()
    assert "How ratings work" not in client.get(reverse("landing")).content.decode()
    response = client.get(reverse("ratings"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
