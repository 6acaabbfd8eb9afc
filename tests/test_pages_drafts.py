"""Drafts are visible to their department and the performance team only (issue 4, "Workflow"):
a councillor, a partner or another department never sees a figure before it is published."""

import pytest
from django.urls import reverse

from goldenthread.workflow import WorkflowState
from tests.pages_fixtures import Q3, Thread, make_actual, thread_fixture  # noqa: F401

DRAFT = "913.7"  # the NI 123 figure a manager has entered but not submitted


@pytest.fixture
def draft(thread: Thread):
    make_actual(thread.ni, Q3, DRAFT, WorkflowState.DRAFT)
    return thread


PAGES = [
    reverse("indicators"),
    reverse("indicator", args=["NI 123"]),
    reverse("priority", args=["HEALTH"]),
    reverse("objective", args=["EH 1"]),
    reverse("department", args=["EH"]),
    reverse("home"),
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", ["chen", "pat", "olu"])
def test_people_outside_the_department_never_see_a_draft(client, draft, url, persona):
    client.force_login(getattr(draft.council, persona))
    assert DRAFT not in client.get(url).content.decode()


@pytest.mark.parametrize("url", [reverse("indicator", args=["NI 123"]), reverse("indicators")])
@pytest.mark.parametrize("persona", ["dev", "priya"])
def test_the_department_and_the_performance_team_see_the_draft(client, draft, url, persona):
    client.force_login(getattr(draft.council, persona))
    assert DRAFT in client.get(url).content.decode()
