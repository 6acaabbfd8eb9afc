"""The indicator library (filtered, paginated) and each indicator's page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from goldenthread.indicators.models import Indicator
from goldenthread.web.templatetags.golden import format_figure
from tests.pages_fixtures import Thread, grow, queries_for, thread_fixture  # noqa: F401


def library(client, user, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse("indicators") + query)
    assert response.status_code == 200
    return response.content.decode()


def codes_in(html: str) -> set[str]:
    rows = html.split("<tbody")[1].split("</tbody>")[0] if "<tbody" in html else ""
    return {
        code
        for code in Indicator.objects.values_list("code", flat=True)
        if f">{code}</a></th>" in rows
    }


# -- figures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "shown"),
    [
        (Decimal("12.345"), 1, "%", "12.3%"),
        (Decimal("12.35"), 1, "%", "12.4%"),  # half up, as councils round
        (Decimal("2.5"), 0, "", "3"),
        (Decimal("1234.5"), 2, "£", "£1,234.50"),
        (Decimal("-5"), 0, "£", "-£5"),
        (Decimal("3.25"), 2, "days", "3.25 days"),
        (Decimal("812.25"), 1, "rate per 100,000", "812.3 rate per 100,000"),
        (Decimal("7"), 0, "number", "7"),
        (None, 2, "%", ""),
    ],
)
def test_a_figure_is_shown_to_the_indicator_s_decimals_and_unit(value, decimals, unit, shown):
    assert format_figure(value, decimals=decimals, unit=unit) == shown


# -- the library -----------------------------------------------------------------------------


def test_the_library_lists_every_indicator_with_its_latest_actual_and_target(
    client, thread: Thread
):
    html = library(client, thread.council.dev)

    assert '<h1 class="govuk-heading-xl">Indicator library</h1>' in html
    assert codes_in(html) == {"NI 123", "EH LI 1", "BV 9", "RB LI 2"}
    assert "4</strong> indicators in the library" in html
    assert "790.4 rate per 100,000" in html  # NI 123's latest, Q2
    assert "800.0 rate per 100,000" in html  # its Q2 target
    assert "Not reported" in html and "No target" in html  # RB LI 2


def test_the_library_shows_set_department_and_primary_priority(client, thread: Thread):
    html = library(client, thread.council.dev)

    row = html.split(">EH LI 1</a></th>")[1].split("</tr>")[0]
    assert "Local" in row
    assert "Environmental Health" in row
    assert "Health" in row and "Business efficiency" not in row  # primary only
    assert ">Key<" in row


def test_the_filter_form_has_a_labelled_select_for_each_filter(client, thread: Thread):
    html = library(client, thread.council.dev)

    for name, label in (("set", "Set"), ("priority", "Priority"), ("department", "Department")):
        assert f'<label class="govuk-label" for="id_{name}">{label}</label>' in html
        assert f'<select class="govuk-select" id="id_{name}" name="{name}"' in html
    assert 'for="id_key">Key indicators only</label>' in html
    assert '<option value="LAA">Local Area Agreement (LAA)</option>' in html


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("?set=NI", {"NI 123"}),
        ("?set=BVPI", {"BV 9"}),
        ("?set=local", {"EH LI 1", "RB LI 2"}),
        ("?set=partner", set()),
        ("?set=LAA", {"NI 123"}),
        ("?priority=HEALTH", {"NI 123", "EH LI 1"}),
        ("?priority=CORP", {"EH LI 1", "BV 9"}),
        ("?priority=none", {"RB LI 2"}),
        ("?department=RB", {"BV 9", "RB LI 2"}),
        ("?key=yes", {"EH LI 1"}),
        ("?q=smoking", {"NI 123"}),
        ("?q=bv", {"BV 9"}),
        ("?set=local&department=EH&priority=HEALTH&key=yes", {"EH LI 1"}),
    ],
)
def test_filters_narrow_the_library(client, thread: Thread, query: str, codes: set[str]):
    html = library(client, thread.council.dev, query)

    assert codes_in(html) == codes


def test_filters_are_kept_in_the_form_and_can_be_cleared(client, thread: Thread):
    html = library(client, thread.council.dev, "?set=BVPI&key=yes")

    assert '<option value="BVPI" selected>' in html
    assert 'name="key" type="checkbox" value="yes" checked' in html
    assert "match your filters" in html
    assert f'<a class="govuk-link" href="{reverse("indicators")}">Clear filters</a>' in html


def test_an_unknown_filter_value_is_reported_and_ignored(client, thread: Thread):
    html = library(client, thread.council.dev, "?priority=NOPE&set=NI")

    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_priority">Select a priority from the list</a>' in html
    assert codes_in(html) == {"NI 123"}  # the valid filter still applies


def test_no_match_says_so(client, thread: Thread):
    html = library(client, thread.council.dev, "?q=zzzz")

    assert "No indicators match" in html


def test_the_library_shows_50_a_page_with_govuk_pagination_that_keeps_the_filters(
    client, thread: Thread
):
    Indicator.objects.bulk_create(
        Indicator(code=f"LI {n:03}", title=f"Local {n}") for n in range(60)
    )

    first = library(client, thread.council.dev, "?set=local")
    second = library(client, thread.council.dev, "?set=local&page=2")

    assert "62</strong> indicators match your filters" in first
    assert first.split("<tbody")[1].count("<tr") == 50
    assert 'class="govuk-pagination"' in first
    assert 'href="?set=local&amp;page=2" rel="next"' in first
    assert second.split("<tbody")[1].count("<tr") == 12
    assert 'rel="prev"' in second and 'aria-current="page">2</a>' in second


def test_the_library_makes_the_same_number_of_queries_with_more_data(client, thread: Thread):
    client.force_login(thread.council.dev)
    few = queries_for(client, reverse("indicators"))

    grow(thread, 4)

    assert queries_for(client, reverse("indicators")) == few
    assert queries_for(client, reverse("indicators") + "?priority=HEALTH&page=2") == few


# -- one indicator ---------------------------------------------------------------------------


def test_an_indicator_page_shows_the_whole_definition(client, thread: Thread):
    client.force_login(thread.council.pat)
    html = client.get(reverse("indicator", args=["NI 123"])).content.decode()

    assert '<h1 class="govuk-heading-xl">Stopping smoking</h1>' in html
    for label, value in [
        ("Set", "National Indicator"),
        ("Polarity", "Higher is better"),
        ("Unit", "rate per 100,000"),
        ("Decimal places", "1"),
        ("Frequency", "Quarterly"),
        ("Aggregation", "Snapshot (each period stands alone)"),
        ("Tolerance", "The council's default"),
        ("Key indicator", "No"),
        ("Local Area Agreement", "Designated in Demo LAA 2008–11"),
        ("LAA lead partner", "Primary Care Trust"),
        ("Responsible officer", "Dev Patel"),
        ("Collator", "Priya Shah"),
        ("Description", "Four-week quitters per 100,000 adults"),
        ("Data source", "NHS stop smoking services"),
        ("Provenance", "Handbook of Definitions 2008"),
    ]:
        row = html.split(f'<dt class="govuk-summary-list__key">{label}</dt>')[1].split("</div>")[0]
        assert value in row, label
    assert reverse("department", args=["EH"]) in html


def test_an_indicator_page_lists_priorities_primary_first(client, thread: Thread):
    client.force_login(thread.council.dev)
    html = client.get(reverse("indicator", args=["EH LI 1"])).content.decode()

    row = html.split('<dt class="govuk-summary-list__key">Priorities</dt>')[1].split("</div>")[0]
    assert row.index("A Healthy Borough") < row.index("Corporate Effectiveness")
    assert row.count(">Primary<") == 1


def test_an_indicator_page_shows_its_objectives_targets_and_history_of_actuals(
    client, thread: Thread
):
    client.force_login(thread.council.dev)
    html = client.get(reverse("indicator", args=["NI 123"])).content.decode()

    assert reverse("objective", args=["EH 1"]) in html
    history = html.split("Actuals reported, newest first")[1].split("</table>")[0]
    assert history.index("2008/09 Q2") < history.index("2008/09 Q1")
    assert "790.4 rate per 100,000" in history and "812.3 rate per 100,000" in history
    assert "800.0 rate per 100,000" in history
    assert ">Submitted<" in history and ">Published<" in history
    assert "Ahead of plan" in history
    targets = html.split("Targets by period")[1].split("</table>")[0]
    assert targets.count("<tr") == 3  # heading and two periods


def test_an_indicator_with_no_figures_says_so(client, thread: Thread):
    client.force_login(thread.council.olu)
    html = client.get(reverse("indicator", args=["RB LI 2"])).content.decode()

    assert "No actuals have been reported for this indicator yet" in html
    assert "No targets have been set for this indicator" in html
    assert "Not in the LAA" in html


def test_an_indicator_page_makes_the_same_number_of_queries_with_more_data(client, thread: Thread):
    client.force_login(thread.council.dev)
    url = reverse("indicator", args=["NI 123"])
    few = queries_for(client, url)

    grow(thread, 2)
    for n in range(5):
        thread.ni.objectives.add(
            thread.eh_plan.objectives.create(code=f"EH N{n}", title="Another objective")
        )

    assert queries_for(client, url) == few
