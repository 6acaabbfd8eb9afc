"""Submitting a department's return and publishing a round each ask for confirmation first, on
a page that says what will happen: how many items go, which are still empty, who will see the
published figures and when. Nothing changes until the confirmation is posted.

Dev Patel manages Environmental Health (EH) and submits its return; Olu Adeyemi manages
Revenues & Benefits; Priya Shah, the performance officer, publishes; Mei Chen is a councillor."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from goldenthread.indicators.models import Actual
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound
from goldenthread.planning.models import MilestoneUpdate
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q2, Collection, collection_fixture  # noqa: F401

DEADLINE = datetime.date(2009, 10, 31)


@pytest.fixture(name="round")
def round_fixture(council, collection: Collection) -> CollectionRound:
    return services.round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)


def return_url() -> str:
    return reverse("department_return", args=["EH", Q2.slug])


def submit_url() -> str:
    return reverse("return_submit", args=["EH", Q2.slug])


def publish_url() -> str:
    return reverse("collection_round_publish", args=[Q2.slug])


def text(response) -> str:
    return response.content.decode()


def draft(council, collection: Collection) -> Actual:
    return services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="49"
    )


def states() -> set[str]:
    return set(Actual.objects.filter(period=Q2).values_list("state", flat=True))


# -- submitting a return -----------------------------------------------------------------------


def test_the_return_page_leads_to_the_confirmation_rather_than_submitting(
    client, council, collection, round
):
    draft(council, collection)
    client.force_login(council.dev)
    html = text(client.get(return_url()))

    assert f'href="{submit_url()}"' in html and "Submit return</a>" in html
    response = client.post(return_url(), {"submit_return": "1"})
    assert response.status_code == 302 and response["Location"] == submit_url()
    assert states() == {WorkflowState.DRAFT}


def test_the_confirmation_says_how_many_items_go_and_which_are_still_empty(
    client, council, collection, round
):
    draft(council, collection)
    client.force_login(council.dev)
    html = text(client.get(submit_url()))

    assert "Submit 1 item to the performance team?" in html
    sending = html[html.index('id="to-submit"') : html.index("</ul>", html.index('id="to-submit"'))]
    assert "NI 123 Stopping smoking" in sending
    empty = html[
        html.index('id="still-empty"') : html.index("</ul>", html.index('id="still-empty"'))
    ]
    assert "EH LI 1 Food premises inspected" in empty
    assert "EH 1.1 Open two clinics" in empty
    assert "The department narrative (not written)" in empty
    assert "3 items are due but nothing is entered yet" in html
    assert "Yes, submit 1 item" in html
    assert states() == {WorkflowState.DRAFT}  # reading the confirmation changes nothing


def test_confirming_submits_every_draft(client, council, collection, round):
    draft(council, collection)
    services.milestone_progress_save(
        acting_user=council.dev, milestone=collection.milestone, period=Q2, progress="on_track"
    )
    client.force_login(council.dev)
    response = client.post(submit_url(), {"confirm": "1"})

    assert response["Location"] == return_url()
    assert "Return submitted: 2 items sent to the performance team." in text(
        client.get(return_url())
    )
    assert states() == {WorkflowState.SUBMITTED}
    assert MilestoneUpdate.objects.get().state == WorkflowState.SUBMITTED


def test_with_no_drafts_the_confirmation_says_there_is_nothing_to_submit(
    client, council, collection, round
):
    client.force_login(council.dev)
    html = text(client.get(submit_url()))

    assert "There is nothing to submit" in html
    assert "Yes, submit" not in html


@pytest.mark.parametrize("name", ["olu", "chen", "pat"])
def test_anyone_else_is_told_the_confirmation_does_not_exist(
    client, council, collection, round, name
):
    draft(council, collection)
    client.force_login(getattr(council, name))

    assert client.get(submit_url()).status_code == 404
    assert client.post(submit_url(), {"confirm": "1"}).status_code == 404
    assert states() == {WorkflowState.DRAFT}


# -- publishing a round ------------------------------------------------------------------------


def validated(council, collection: Collection) -> Actual:
    actual = services.actual_submit(acting_user=council.dev, actual=draft(council, collection))
    return services.actual_validate(acting_user=council.priya, actual=actual)


def test_the_round_page_leads_to_the_publish_confirmation(client, council, collection, round):
    validated(council, collection)
    client.force_login(council.priya)
    html = text(client.get(reverse("collection_round", args=[Q2.slug])))

    assert f'href="{publish_url()}"' in html
    assert states() == {WorkflowState.VALIDATED}


def test_the_publish_confirmation_says_how_many_and_when_the_public_sees_them(
    client, council, collection, round
):
    validated(council, collection)
    client.force_login(council.priya)
    html = text(client.get(publish_url()))

    assert "Publish 1 validated item for 2009/10 Q2?" in html
    assert "Environmental Health" in html
    assert "The public sees them once the 2009/10 Q2 round is closed." in html
    assert "Yes, publish 1 item" in html
    assert states() == {WorkflowState.VALIDATED}


def test_once_the_round_is_closed_the_confirmation_says_the_public_sees_them_at_once(
    client, council, collection, round
):
    validated(council, collection)
    CollectionRound.objects.filter(pk=round.pk).update(closed_at=timezone.now())
    client.force_login(council.priya)

    assert "the public sees them at once" in text(client.get(publish_url()))


def test_confirming_publishes_every_validated_item(client, council, collection, round):
    validated(council, collection)
    client.force_login(council.priya)
    response = client.post(publish_url(), {"confirm": "1"})

    assert "Published 1 item." in text(client.get(response["Location"]))
    assert states() == {WorkflowState.PUBLISHED}


def test_with_nothing_validated_the_confirmation_says_there_is_nothing_to_publish(
    client, council, collection, round
):
    draft(council, collection)
    client.force_login(council.priya)
    html = text(client.get(publish_url()))

    assert "There is nothing to publish" in html
    assert "Yes, publish" not in html


@pytest.mark.parametrize("name", ["dev", "olu", "chen", "pat"])
def test_only_the_performance_team_may_publish(client, council, collection, round, name):
    validated(council, collection)
    client.force_login(getattr(council, name))

    assert client.get(publish_url()).status_code == 404
    assert client.post(publish_url(), {"confirm": "1"}).status_code == 404
    assert states() == {WorkflowState.VALIDATED}
