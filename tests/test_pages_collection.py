"""The quarterly collection pages: a department's return, the performance team's round, and an
item's history. Who may open each, what a bad entry leaves behind (nothing), warnings that
need an explanation, stale edits, and a fixed number of queries whatever the number of items."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.indicators.models import Actual, Indicator, Target
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound, DepartmentNarrative, ItemChange
from goldenthread.planning.models import Milestone, MilestoneUpdate
from goldenthread.workflow import WorkflowState
from tests.conftest import make_user
from tests.monitoring_fixtures import Q2, Collection, collection_fixture  # noqa: F401

DEADLINE = datetime.date(2009, 10, 31)


@pytest.fixture(name="round")
def round_fixture(council, collection: Collection) -> CollectionRound:
    return services.round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)


def return_url(code: str = "EH") -> str:
    return reverse("department_return", args=[code, Q2.slug])


def round_url() -> str:
    return reverse("collection_round", args=[Q2.slug])


def submit_url(code: str = "EH") -> str:
    return reverse("return_submit", args=[code, Q2.slug])


def publish_url() -> str:
    return reverse("collection_round_publish", args=[Q2.slug])


def text(response) -> str:
    return response.content.decode()


def post_actual(client, indicator: Indicator, version="", **fields):
    data = {"item": f"actual-{indicator.pk}", f"actual-{indicator.pk}-version": version}
    data.update({f"actual-{indicator.pk}-{name}": value for name, value in fields.items()})
    return client.post(return_url(), data)


def post_milestone(client, milestone: Milestone, version="", **fields):
    data = {"item": f"milestone-{milestone.pk}", f"milestone-{milestone.pk}-version": version}
    data.update({f"milestone-{milestone.pk}-{name}": value for name, value in fields.items()})
    return client.post(return_url(), data)


# -- who may open what -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dev", "priya"])
def test_the_department_and_the_performance_team_open_the_return(client, council, round, name):
    client.force_login(getattr(council, name))
    html = text(client.get(return_url()))

    assert "Return for 2009/10 Q2" in html
    assert "NI 123 Stopping smoking" in html
    assert "EH 1.1 Open two clinics" in html
    assert "Department narrative" in html


@pytest.mark.parametrize("name", ["olu", "chen", "pat"])
def test_anyone_else_is_told_the_return_does_not_exist(client, council, round, name):
    client.force_login(getattr(council, name))

    assert client.get(return_url()).status_code == 404
    smoking = Indicator.objects.get(code="NI 123")
    assert post_actual(client, smoking, value="49").status_code == 404
    assert not Actual.objects.filter(period=Q2).exists()


def test_another_departments_manager_opens_their_own_return(client, council, round):
    client.force_login(council.olu)
    html = text(client.get(return_url("RB")))

    assert "NI 181 Time taken to process benefit claims" in html
    assert "NI 123" not in html


def test_a_quarter_with_no_round_or_no_such_quarter_is_not_found(client, council, collection):
    client.force_login(council.dev)

    assert client.get(return_url()).status_code == 404
    assert client.get(reverse("department_return", args=["EH", "not-a-quarter"])).status_code == 404


def test_signed_out_the_return_asks_you_to_sign_in(client, round):
    response = client.get(return_url())

    assert response.status_code == 302 and reverse("login") in response["Location"]


# -- entering figures --------------------------------------------------------------------------


def test_a_manager_saves_a_figure_as_a_draft(client, council, collection, round):
    client.force_login(council.dev)
    response = post_actual(client, collection.smoking, value="49.0")

    assert response.status_code == 302
    actual = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert (actual.value, actual.state) == (D("49.0"), WorkflowState.DRAFT)
    assert "Saved as a draft" in text(client.get(response["Location"]))


def test_a_bad_figure_is_reported_and_nothing_is_saved(client, council, collection, round):
    client.force_login(council.dev)
    html = text(post_actual(client, collection.smoking, value="about half"))

    assert "There is a problem" in html
    assert "govuk-error-message" in html
    assert 'value="about half"' in html
    assert not Actual.objects.filter(period=Q2).exists()
    assert not ItemChange.objects.filter(period=Q2).exists()


def test_a_percentage_over_100_is_refused(client, council, collection, round):
    client.force_login(council.dev)
    html = text(post_actual(client, collection.smoking, value="140"))

    assert "There is a problem" in html
    assert not Actual.objects.filter(period=Q2).exists()


def test_a_numerator_and_denominator_give_the_value(client, council, collection, round):
    client.force_login(council.dev)
    post_actual(client, collection.smoking, numerator="49", denominator="100")

    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D("49.0")


def test_a_warning_needs_an_explanation_before_the_figure_is_saved(
    client, council, collection, round
):
    client.force_login(council.dev)
    html = text(post_actual(client, collection.smoking, value="70"))

    assert "There is a problem" in html
    assert "Explain it before saving the figure" in html
    assert "Explanation of the warning" in html
    assert not Actual.objects.filter(period=Q2).exists()

    post_actual(client, collection.smoking, value="70", explanation="A new clinic opened")

    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(70)
    assert ItemChange.objects.filter(field="value", note="A new clinic opened").exists()


def test_a_red_figure_needs_commentary(client, council, collection, round):
    client.force_login(council.dev)
    html = text(post_actual(client, collection.smoking, value="40", explanation="Fewer quitters"))

    assert "There is a problem" in html
    assert not Actual.objects.filter(period=Q2).exists()

    post_actual(
        client,
        collection.smoking,
        value="40",
        explanation="Fewer quitters",
        commentary="The clinic closed for a month",
    )
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(40)


def test_a_stale_edit_is_reported_with_the_newer_value_and_keeps_the_input(
    client, council, collection, round
):
    first = services.actual_save(
        acting_user=council.priya, indicator=collection.smoking, period=Q2, value="49"
    )
    services.actual_save(
        acting_user=council.priya,
        indicator=collection.smoking,
        period=Q2,
        value="51",
        expected_version=first.version,
    )
    client.force_login(council.dev)
    html = text(post_actual(client, collection.smoking, version=str(first.version), value="48.5"))

    assert "Someone else saved this while you were editing" in html
    assert "51.0%" in html
    assert 'value="48.5"' in html
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(51)


def test_milestone_progress_is_saved_and_a_red_one_needs_commentary(
    client, council, collection, round
):
    client.force_login(council.dev)
    html = text(post_milestone(client, collection.milestone, progress="will_miss"))

    assert "There is a problem" in html
    assert not MilestoneUpdate.objects.exists()

    post_milestone(client, collection.milestone, progress="on_track", commentary="Sites found")
    update = MilestoneUpdate.objects.get(milestone=collection.milestone, period=Q2)
    assert (update.progress, update.state) == ("on_track", WorkflowState.DRAFT)


def test_a_milestone_without_progress_is_refused(client, council, collection, round):
    client.force_login(council.dev)
    html = text(post_milestone(client, collection.milestone, progress=""))

    assert "Select the milestone&#x27;s progress" in html
    assert not MilestoneUpdate.objects.exists()


def test_commentary_over_20000_characters_is_refused_keeping_what_was_typed(
    client, council, collection, round
):
    client.force_login(council.dev)
    form = text(client.get(return_url()))
    assert form.count('maxlength="20000"') == 3  # both figures' commentary, the milestone's

    typed = "Clinic hours cut. " * 1_111 + "xxx"  # 20,001 characters
    html = text(post_actual(client, collection.smoking, value="52", commentary=typed))
    assert "The commentary is 20,001 characters long; the most is 20,000: shorten it." in html
    assert typed in html
    html = text(post_milestone(client, collection.milestone, progress="on_track", commentary=typed))
    assert "The commentary is 20,001 characters long; the most is 20,000" in html
    assert not Actual.objects.filter(period=Q2).exists() and not MilestoneUpdate.objects.exists()

    post_actual(client, collection.smoking, value="52", commentary=typed[:-1])
    assert len(Actual.objects.get(indicator=collection.smoking, period=Q2).commentary) == 20_000


def test_the_narrative_is_saved(client, council, collection, round):
    client.force_login(council.dev)
    client.post(
        return_url(),
        {
            "item": "narrative",
            "narrative-version": "",
            "narrative-key_developments": "Two clinics open",
            "narrative-emerging_issues": "Staffing",
        },
    )

    narrative = DepartmentNarrative.objects.get(round=round)
    assert (narrative.key_developments, narrative.emerging_issues) == (
        "Two clinics open",
        "Staffing",
    )


def test_submitting_the_return_sends_every_draft_to_the_performance_team(
    client, council, collection, round
):
    client.force_login(council.dev)
    post_actual(client, collection.smoking, value="49")
    post_milestone(client, collection.milestone, progress="on_track")
    asked = client.post(return_url(), {"submit_return": "1"})  # asks to confirm first
    assert asked["Location"] == submit_url()
    assert "Submit 2 items to the performance team?" in text(client.get(submit_url()))
    response = client.post(submit_url(), {"confirm": "1"})

    assert "Return submitted: 2 items" in text(client.get(response["Location"]))
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).state == "submitted"
    assert MilestoneUpdate.objects.get(milestone=collection.milestone).state == "submitted"
    html = text(client.get(return_url()))
    assert "It cannot be changed unless the performance team returns it" in html


def test_a_submitted_figure_cannot_be_posted_again(client, council, collection, round):
    client.force_login(council.dev)
    post_actual(client, collection.smoking, value="49")
    client.post(submit_url(), {"confirm": "1"})
    actual = Actual.objects.get(indicator=collection.smoking, period=Q2)

    assert (
        post_actual(client, collection.smoking, version=actual.version, value="1").status_code
        == 404
    )
    assert Actual.objects.get(pk=actual.pk).value == D(49)


def test_the_managers_home_links_to_the_return(client, council, collection, round):
    client.force_login(council.dev)
    html = text(client.get(reverse("home")))

    assert f'href="{return_url()}"' in html


# -- drafts are the department's and the performance team's ---------------------------------


def test_a_drafts_history_is_seen_by_the_department_and_the_team_only(
    client, council, collection, round
):
    actual = services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    url = reverse("item_history", args=["actual", actual.pk])
    for name in ("dev", "priya"):
        client.force_login(getattr(council, name))
        html = text(client.get(url))
        assert "NI 123 Stopping smoking, 2009/10 Q2" in html
        assert "Dev Patel" in html and "49" in html and "Form" in html
    for name in ("olu", "chen", "pat"):
        client.force_login(getattr(council, name))
        assert client.get(url).status_code == 404


# -- the performance team's round ------------------------------------------------------------


@pytest.mark.parametrize("name", ["dev", "olu", "chen", "pat"])
def test_only_the_performance_team_opens_the_round_pages(client, council, round, name):
    client.force_login(getattr(council, name))

    assert client.get(round_url()).status_code == 404
    assert client.get(reverse("collection")).status_code == 404
    assert client.post(round_url(), {"publish": "1"}).status_code == 404
    assert client.get(publish_url()).status_code == 404
    assert client.post(publish_url(), {"confirm": "1"}).status_code == 404


def submitted(council, collection) -> Actual:
    actual = services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )
    return services.actual_submit(acting_user=council.dev, actual=actual)


def test_the_round_shows_progress_and_the_submitted_items(client, council, collection, round):
    submitted(council, collection)
    client.force_login(council.priya)
    html = text(client.get(round_url()))

    assert "2009/10 Q2 collection" in html
    assert "Environmental Health" in html and "Revenues &amp; Benefits" in html
    assert "NI 123 2009/10 Q2" in html
    assert "Validate" in html and "Return with a note" in html


def test_the_team_validates_and_publishes(client, council, collection, round):
    actual = submitted(council, collection)
    client.force_login(council.priya)
    client.post(round_url(), {"kind": "actual", "item_id": actual.pk, "action": "validate"})

    assert Actual.objects.get(pk=actual.pk).state == WorkflowState.VALIDATED

    asked = client.post(round_url(), {"publish": "1"})  # asks to confirm first
    assert asked["Location"] == publish_url()
    assert Actual.objects.get(pk=actual.pk).state == WorkflowState.VALIDATED
    response = client.post(publish_url(), {"confirm": "1"})
    assert "Published 1 item" in text(client.get(response["Location"]))
    assert Actual.objects.get(pk=actual.pk).state == WorkflowState.PUBLISHED


def test_returning_needs_a_note(client, council, collection, round):
    actual = submitted(council, collection)
    client.force_login(council.priya)
    html = text(
        client.post(
            round_url(),
            {
                "kind": "actual",
                "item_id": actual.pk,
                "action": "return",
                f"actual-{actual.pk}-note": "",
            },
        )
    )

    assert "There is a problem" in html
    assert Actual.objects.get(pk=actual.pk).state == WorkflowState.SUBMITTED

    client.post(
        round_url(),
        {
            "kind": "actual",
            "item_id": actual.pk,
            "action": "return",
            f"actual-{actual.pk}-note": "Check the denominator",
        },
    )
    assert Actual.objects.get(pk=actual.pk).state == WorkflowState.DRAFT
    client.force_login(council.dev)
    assert "Check the denominator" in text(
        client.get(reverse("item_history", args=["actual", actual.pk]))
    )


def test_the_team_opens_a_round(client, council, collection):
    client.force_login(council.priya)
    response = client.post(
        reverse("collection"), {"quarter": "2009/10 Q2", "deadline": "31/10/2009"}
    )

    assert response.status_code == 302
    assert CollectionRound.objects.get().deadline == DEADLINE


def test_a_round_with_a_bad_deadline_is_not_opened(client, council, collection):
    client.force_login(council.priya)
    html = text(client.post(reverse("collection"), {"quarter": "2009/10 Q2", "deadline": "soon"}))

    assert "There is a problem" in html
    assert not CollectionRound.objects.exists()


def test_a_quarter_with_no_round_offers_to_open_one(client, council, collection):
    client.force_login(council.priya)
    response = client.get(round_url())

    assert response.status_code == 302 and reverse("collection") in response["Location"]


def test_the_performance_officers_home_shows_timeliness(client, council, collection, round):
    client.force_login(council.priya)
    html = text(client.get(reverse("home")))

    assert "Timeliness: days from the end of the quarter to publication" in html
    assert f'href="{round_url()}"' in html


# -- a fixed number of queries whatever the number of items ----------------------------------


def grow(council, collection: Collection, n: int, prefix: str) -> None:
    for i in range(n):
        indicator = Indicator.objects.create(
            code=f"EH {prefix}{i}",
            title=f"Extra {i}",
            unit="%",
            decimals=1,
            department=council.health_dept,
        )
        Target.objects.create(indicator=indicator, period=Q2.financial_year, value=D(50))
        actual = Actual.objects.create(
            indicator=indicator, period=Q2, value=D(50), state=WorkflowState.SUBMITTED
        )
        ItemChange.objects.create(
            item_type="actual",
            item_id=actual.pk,
            indicator=indicator,
            period=Q2,
            field="state",
            new_value="submitted",
            how="form",
        )
        Milestone.objects.create(
            objective=collection.milestone.objective,
            code=f"EH 1.{prefix}{i}",
            title=f"Milestone {i}",
            due="2009/10 Q4",
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("name", "url"), [("dev", return_url), ("priya", round_url)])
def test_the_pages_make_the_same_queries_for_more_items(
    client, council, collection, round, django_assert_max_num_queries, name, url
):
    client.force_login(getattr(council, name))
    grow(council, collection, 2, "A")
    few = queries(client, url())
    grow(council, collection, 10, "B")

    with django_assert_max_num_queries(few):
        assert client.get(url()).status_code == 200


def test_a_published_figures_history_is_linked_from_the_indicator_page(
    client, council, collection, round
):
    q1 = Actual.objects.get(indicator=collection.smoking, state=WorkflowState.PUBLISHED)
    client.force_login(council.chen)
    html = text(client.get(reverse("indicator", args=["NI 123"])))

    assert reverse("item_history", args=["actual", q1.pk]) in html
    assert client.get(reverse("item_history", args=["actual", q1.pk])).status_code == 200


def test_a_published_figures_history_shows_its_drafts_only_to_those_who_saw_them(
    client, council, collection, round
):
    """Dev's first draft was 48.3; he saved 51.7, and 51.7 was published. The management team
    reads the history from validation, councillors and other departments from publication;
    neither reads 48.3."""
    first = services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="48.3"
    )
    services.actual_save(
        acting_user=council.dev,
        indicator=collection.smoking,
        period=Q2,
        value="51.7",
        expected_version=first.version,
    )
    actual = services.actual_submit(acting_user=council.dev, actual=Actual.objects.get(pk=first.pk))
    services.actual_validate(acting_user=council.priya, actual=actual)
    services.actual_publish(acting_user=council.priya, actuals=[actual])
    morgan = make_user("morgan", "Morgan", "Hale", council.council, management_team=None)
    url = reverse("item_history", args=["actual", actual.pk])

    def history(user) -> str:
        client.force_login(user)
        return text(client.get(url))

    for user in (council.dev, council.priya):  # they saw it as a draft
        html = history(user)
        assert "48.3" in html and "51.7" in html
        assert "Earlier stages are not shown" not in html
    for user, stage in (
        (council.chen, "published"),
        (council.olu, "published"),
        (morgan, "validated"),
    ):
        html = history(user)
        assert "48.3" not in html, user
        assert (
            f"Earlier stages are not shown: the history starts when the item was {stage}." in html
        )
        assert "Value when " + stage in html and "51.7" in html
        assert '<td class="govuk-table__cell">published</td>' in html  # its publication


def test_a_responsible_officer_sees_only_their_own_items_in_another_departments_return(
    client, council, collection, round
):
    collection.benefits.responsible_officer = council.dev
    collection.benefits.save()
    client.force_login(council.dev)
    html = text(client.get(return_url("RB")))

    assert "NI 181 Time taken to process benefit claims" in html
    assert "RB 1.1" not in html
    assert "Department narrative" not in html
    response = client.post(return_url("RB"), {"item": "narrative", "narrative-version": ""})
    assert response.status_code == 404
    assert not DepartmentNarrative.objects.exists()
