"""The entry page (a department's return): each figure's target, previous figure and same
quarter last year; "Check" (per item and for the page) giving the status a figure would get
and its warnings without saving anything; "Save all", which saves every changed item or none;
and a fixed number of queries whatever the number of items.

Dev Patel manages Environmental Health (EH) and fills in its return; Priya Shah is the
performance officer. NI 123 (smoking quitters, %) has an annual target of 50 and a published
Q1 figure of 48.0; EH LI 1 (inspections, year to date) a published Q1 of 120 against 500."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual, Frequency, Indicator, Target
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound, ItemChange
from goldenthread.monitoring.selectors import entry_figures
from goldenthread.planning.models import MilestoneUpdate
from goldenthread.planning.periods import Period
from goldenthread.web.selectors.collection import Rules
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q1, Q2, Collection, collection_fixture  # noqa: F401

DEADLINE = datetime.date(2009, 10, 31)
LAST_Q2 = Period.parse("2008/09 Q2")


@pytest.fixture(name="round")
def round_fixture(council, collection: Collection) -> CollectionRound:
    return services.round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)


def return_url(code: str = "EH") -> str:
    return reverse("department_return", args=[code, Q2.slug])


def text(response) -> str:
    return response.content.decode()


class _FormReader(HTMLParser):
    """What a browser would send from the form with id ``form_id``: its inputs, text areas
    and selects, as they stand (buttons aside)."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and a.get("type") != "file" and a.get("name"):
            self.data[a["name"]] = a.get("value") or ""
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[self._textarea] = ""
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def page_form(client, url: str | None = None) -> dict[str, str]:
    """The return's form as the browser holds it after loading the page."""
    reader = _FormReader("return-form")
    reader.feed(text(client.get(url or return_url())))
    return dict(reader.data)


def field(item, name: str) -> str:
    kind = "actual" if isinstance(item, Indicator) else "milestone"
    return f"{kind}-{item.pk}-{name}"


def section(html: str, prefix: str) -> str:
    """One item's part of the page."""
    part = html[html.index(f'id="{prefix}"') :]
    return part[: part.index("</section>")]


def nothing_saved() -> bool:
    return (
        not Actual.objects.filter(period=Q2).exists()
        and not MilestoneUpdate.objects.exists()
        and not ItemChange.objects.filter(period=Q2).exists()
    )


# -- what the page shows about each figure ---------------------------------------------------


def test_each_figure_shows_its_target_previous_figure_and_same_quarter_last_year(
    client, council, collection, round
):
    Actual.objects.create(
        indicator=collection.smoking, period=LAST_Q2, value=D(45), state=WorkflowState.VALIDATED
    )
    client.force_login(council.dev)
    html = text(client.get(return_url()))

    smoking = section(html, f"actual-{collection.smoking.pk}")
    assert "Target</dt>" in smoking and "50.0%" in smoking
    assert "the annual target for 2009/10" in smoking
    assert "Previous figure" in smoking and "(2009/10 Q1)" in smoking
    assert "48.0%</span>, published" in smoking
    assert "Same quarter last year" in smoking and "(2008/09 Q2)" in smoking
    assert "45.0%</span>, Environmental Health’s own figure, not yet published" in smoking
    inspections = section(html, f"actual-{collection.inspections.pk}")
    # A year-to-date figure's target is profiled to the quarter: half of 500 by Q2.
    assert "250" in inspections and "profiled to 2009/10 Q2" in inspections
    assert "Not reported" in inspections  # nothing for 2008/09 Q2


def test_a_years_figure_in_the_q4_return_shows_last_years_figure_once(client, council, collection):
    Indicator.objects.create(
        code="EH LI 2",
        title="Residents satisfied with the service",
        unit="%",
        frequency=Frequency.ANNUAL,
        department=council.health_dept,
    )
    annual = Indicator.objects.get(code="EH LI 2")
    Target.objects.create(indicator=annual, period=Q2.financial_year, value=D(70))
    Actual.objects.create(
        indicator=annual,
        period=Q2.financial_year.previous(),
        value=D(66),
        state=WorkflowState.PUBLISHED,
    )
    q4 = Period.parse("2009/10 Q4")
    services.round_open(acting_user=council.priya, quarter=q4, deadline=datetime.date(2010, 5, 31))
    client.force_login(council.dev)
    html = section(
        text(client.get(reverse("department_return", args=["EH", q4.slug]))),
        f"actual-{annual.pk}",
    )

    assert "2009/10, in %" in html
    assert "Last year" in html and "(2008/09)" in html and "66%</span>, published" in html
    assert "Same quarter last year" not in html
    assert "70%" in html and "the target set for 2009/10" in html


def test_a_held_draft_shows_the_status_it_will_have_once_published(
    client, council, collection, round
):
    services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="51"
    )
    client.force_login(council.dev)
    html = text(client.get(return_url()))

    assert "Status once published:" in html and "On target" in html


# -- Check: the status a figure would get, before saving ---------------------------------------


def test_checking_a_figure_shows_the_status_it_would_get_and_saves_nothing(
    client, council, collection, round
):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "48.5"
    response = client.post(return_url(), {**data, "check": f"actual-{collection.smoking.pk}"})
    html = text(response)

    assert response.status_code == 200
    assert "Checked, not saved" in html
    assert "If you save it, this figure is rated" in html
    assert "Near target" in html  # 48.5 misses 50 by 3%: inside the 5% tolerance
    assert 'value="48.5"' in html  # what was typed is kept
    assert nothing_saved()
    assert not AuditEntry.objects.filter(action="actual_save").exists()


def test_checking_shows_the_warnings_that_need_an_explanation(client, council, collection, round):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "70"
    html = text(client.post(return_url(), {**data, "check": f"actual-{collection.smoking.pk}"}))

    assert "Explain this warning before saving" in html
    assert "70.0 is up by 45.8% on 48.0 in 2009/10 Q1" in html
    assert "Explanation of the warning" in html  # the box to explain it in is shown
    assert "On target" in html
    assert nothing_saved()


def test_checking_a_red_figure_without_commentary_says_what_to_fix_and_where(
    client, council, collection, round
):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "45"
    html = text(client.post(return_url(), {**data, "check": f"actual-{collection.smoking.pk}"}))

    assert "There is a problem" in html
    commentary_id = "id_" + field(collection.smoking, "commentary")
    assert f'href="#{commentary_id}"' in html  # the error summary links to the field
    assert "Off target" in html
    assert "This figure is red" in html
    assert nothing_saved()


def test_checking_a_milestone_shows_its_status(client, council, collection, round):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.milestone, "progress")] = "at_risk"
    check = {"check": f"milestone-{collection.milestone.pk}"}
    html = text(client.post(return_url(), {**data, **check}))

    assert "If you save it, this milestone is" in html and "At risk" in html
    assert nothing_saved()


def test_check_all_checks_every_item_typed_in_and_saves_nothing(client, council, collection, round):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "52"
    data[field(collection.milestone, "progress")] = "on_track"
    html = text(client.post(return_url(), {**data, "check_all": "1"}))

    assert "2 items checked. Nothing is saved until you save." in html
    assert "NI 123</a>: can be saved" in html
    assert "EH 1.1</a>: can be saved" in html
    assert "EH LI 1</a>" not in html  # nothing typed for it: nothing to check
    assert nothing_saved()


def test_the_check_gives_what_saving_would_find(council, collection, round):
    """The page's checks read the figures in bulk; saving reads them one by one. For the same
    figure they find the same status, explanation and warnings."""
    Actual.objects.create(
        indicator=collection.benefits, period=Q1, value=D(25), state=WorkflowState.SUBMITTED
    )
    Target.objects.create(indicator=collection.smoking, period=Q2, value=D(49), floor=D(40))
    rules = Rules.current()
    cases = [
        (collection.smoking, "39", "Closed clinic"),
        (collection.smoking, "48", ""),
        (collection.smoking, "70", ""),
        (collection.inspections, "100", ""),
        (collection.inspections, "260", ""),
        (collection.benefits, "21", ""),
        (collection.benefits, "12", "Faster"),
    ]
    held = entry_figures((indicator, Q2) for indicator, _, _ in cases)
    for indicator, value, commentary in cases:
        bulk = held[(indicator.pk, Q2)].check(
            council=rules.council,
            movement_threshold=rules.movement_threshold,
            value=value,
            commentary=commentary,
        )
        one = services.actual_check(
            indicator=indicator, period=Q2, value=value, commentary=commentary
        )
        assert bulk == one, (indicator.code, value)


# -- Save all: every change, or none ---------------------------------------------------------


def test_save_all_saves_every_changed_item_and_leaves_the_rest(client, council, collection, round):
    narrative_before = ItemChange.objects.count()
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "52"
    data[field(collection.inspections, "value")] = "260"
    data[field(collection.milestone, "progress")] = "on_track"
    response = client.post(return_url(), {**data, "save_all": "1"})

    assert response.status_code == 302
    assert "Saved 3 items as drafts" in text(client.get(response["Location"]))
    held = dict(Actual.objects.filter(period=Q2).values_list("indicator__code", "value"))
    assert held == {"NI 123": D(52), "EH LI 1": D(260)}
    assert MilestoneUpdate.objects.get().progress == "on_track"
    assert not ItemChange.objects.filter(field="key_developments").exists()  # untouched
    assert ItemChange.objects.count() > narrative_before
    assert AuditEntry.objects.filter(action="actual_save").count() == 2


def test_save_all_with_nothing_changed_saves_nothing(client, council, collection, round):
    client.force_login(council.dev)
    response = client.post(return_url(), {**page_form(client), "save_all": "1"})

    assert "You had not changed anything" in text(client.get(response["Location"]))
    assert nothing_saved()


def test_save_all_saves_nothing_when_one_item_is_refused_and_keeps_every_entry(
    client, council, collection, round
):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "52"
    data[field(collection.inspections, "value")] = "lots"
    data[field(collection.milestone, "progress")] = "will_miss"  # red: needs commentary
    response = client.post(return_url(), {**data, "save_all": "1"})
    html = text(response)

    assert response.status_code == 200
    assert "There is a problem" in html and "3 items need attention." in html
    assert f'href="#id_{field(collection.inspections, "value")}"' in html
    assert f'href="#id_{field(collection.milestone, "commentary")}"' in html
    assert "Not saved: another item on the page was refused." in html
    assert 'value="52"' in html and 'value="lots"' in html
    assert '<option value="will_miss" selected>' in html
    assert nothing_saved()
    assert not AuditEntry.objects.filter(action__in=["actual_save", "milestone_progress_save"])


def test_save_all_refuses_a_change_over_someone_elses_newer_save(
    client, council, collection, round
):
    first = services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    client.force_login(council.dev)
    data = page_form(client)  # Dev opens the page on version 1
    services.actual_save(  # Priya saves 51 meanwhile
        acting_user=council.priya,
        indicator=collection.smoking,
        period=Q2,
        value="51",
        expected_version=first.version,
    )
    data[field(collection.smoking, "value")] = "50"
    data[field(collection.inspections, "value")] = "260"
    html = text(client.post(return_url(), {**data, "save_all": "1"}))

    assert "Someone else saved this while you were editing" in html
    assert "51.0%" in html and 'value="50"' in html
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(51)
    assert not Actual.objects.filter(indicator=collection.inspections, period=Q2).exists()


def test_save_all_never_writes_an_untouched_item_over_someone_elses_newer_save(
    client, council, collection, round
):
    first = services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    client.force_login(council.dev)
    data = page_form(client)
    services.actual_save(
        acting_user=council.priya,
        indicator=collection.smoking,
        period=Q2,
        value="51",
        expected_version=first.version,
    )
    data[field(collection.inspections, "value")] = "260"  # Dev changes only EH LI 1
    response = client.post(return_url(), {**data, "save_all": "1"})

    assert response.status_code == 302
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(51)
    assert Actual.objects.get(indicator=collection.inspections, period=Q2).value == D(260)


def test_saving_one_item_keeps_what_was_typed_in_the_others(client, council, collection, round):
    client.force_login(council.dev)
    data = page_form(client)
    data[field(collection.smoking, "value")] = "52"
    data[field(collection.inspections, "value")] = "260"
    response = client.post(return_url(), {**data, "item": f"actual-{collection.smoking.pk}"})
    html = text(response)

    assert response.status_code == 200
    assert "NI 123 saved as a draft. Your changes to EH LI 1 are not saved yet" in html
    assert 'value="260"' in html
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(52)
    assert not Actual.objects.filter(indicator=collection.inspections, period=Q2).exists()

    # Save all then saves EH LI 1; NI 123, saved and unchanged since, is left alone.
    again = {**page_form_from(html), "save_all": "1"}
    assert client.post(return_url(), again).status_code == 302
    assert Actual.objects.get(indicator=collection.inspections, period=Q2).value == D(260)
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).version == 1


def page_form_from(html: str) -> dict[str, str]:
    reader = _FormReader("return-form")
    reader.feed(html)
    return dict(reader.data)


def test_someone_who_may_not_enter_the_return_cannot_check_or_save_all(
    client, council, collection, round
):
    client.force_login(council.olu)  # Revenues & Benefits' manager

    for action in ({"check_all": "1"}, {"save_all": "1"}, {"check": "narrative"}):
        assert client.post(return_url(), action).status_code == 404
    assert nothing_saved()


# -- a fixed number of queries whatever the number of items ----------------------------------


def grow(council, n: int, prefix: str) -> list[Indicator]:
    """n more EH indicators, each with a target and a published figure last quarter."""
    made = []
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
            indicator=indicator, period=Q1, value=D(50), state=WorkflowState.PUBLISHED
        )
        Actual.objects.create(
            indicator=indicator, period=Q2, value=D(51), state=WorkflowState.DRAFT
        )
        made.append(indicator)
    return made


def _count(send) -> int:
    with CaptureQueriesContext(connection) as captured:
        send()
    return len(captured)


def test_the_entry_page_and_check_all_make_the_same_queries_for_more_items(
    client, council, collection, round, django_assert_max_num_queries
):
    client.force_login(council.dev)
    grow(council, 2, "A")

    def check_all():
        data = page_form(client)
        for key in data:
            if key.endswith("-value") and not key.startswith("initial-"):
                data[key] = "52"
        assert client.post(return_url(), {**data, "check_all": "1"}).status_code == 200

    few_get = _count(lambda: client.get(return_url()))
    few_check = _count(check_all)
    grow(council, 10, "B")

    with django_assert_max_num_queries(few_get):
        assert client.get(return_url()).status_code == 200
    more_check = _count(check_all)
    # check_all also loads the page once to read its form: that part is the GET's.
    assert more_check <= few_check, (few_check, more_check)
