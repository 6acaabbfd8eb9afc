"""goldenthread.access: who may see what, decided in one place.

The council's people see every plan and indicator; the public sees the priorities and the
council's indicators (their published figures only: tests/test_access_roles.py). "Does not
exist" and "not yours" give the same answer: 404.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from goldenthread import access
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

# Every page that needs a signed-in person, with the fixture's codes filled in.
PRIVATE_URLS = [
    "/home/",
    "/sign-out/",
    "/plans/",
    "/plans/priorities/HEALTH/",
    "/plans/areas-of-focus/1/",
    "/plans/departments/EH/",
    "/plans/SP-EH/",
    "/objectives/EH 1/",
    "/indicators/",
    "/indicators/NI 123/",
    "/coverage/",
]


def test_a_signed_in_person_gets_each_kind_of_object_by_its_code(thread: Thread) -> None:
    dev = thread.council.dev

    assert access.access_priority(dev, "HEALTH") == thread.council.health
    assert access.access_area_of_focus(dev, 1).title == "Reducing smoking"
    assert access.access_department(dev, "EH") == thread.council.health_dept
    assert access.access_plan(dev, "SP-EH") == thread.eh_plan
    assert access.access_objective(dev, "EH 1") == thread.smoking
    assert access.access_indicator(dev, "NI 123") == thread.ni
    assert access.access_thread_coverage(dev).totals["indicators"] == 3


@pytest.mark.parametrize(
    ("function", "identifier"),
    [
        (access.access_priority, "NOPE"),
        (access.access_area_of_focus, 99),
        (access.access_area_of_focus, "not a number"),
        (access.access_department, "NOPE"),
        (access.access_plan, "NOPE"),
        (access.access_objective, "NOPE"),
        (access.access_indicator, "NI 999"),
    ],
)
def test_an_unknown_identifier_is_not_found(thread: Thread, function, identifier) -> None:
    with pytest.raises(Http404):
        function(thread.council.dev, identifier)


@pytest.mark.parametrize(
    ("function", "identifier"),
    [
        (access.access_department, "EH"),
        (access.access_plan, "SP-EH"),
        (access.access_objective, "EH 1"),
    ],
)
def test_the_public_is_told_the_councils_internal_records_are_not_found(
    thread: Thread, function, identifier
) -> None:
    with pytest.raises(Http404):
        function(AnonymousUser(), identifier)


def test_the_public_sees_the_priorities_and_indicators_but_no_plans_or_coverage(
    thread: Thread,
) -> None:
    public = access.THE_PUBLIC

    assert access.access_priority(public, "HEALTH") == thread.council.health
    assert access.access_indicator(public, "NI 123") == thread.ni
    assert not access.visible_plans(public).exists()
    assert not access.visible_objectives(public).exists()
    assert not access.visible_departments(public).exists()
    with pytest.raises(Http404):
        access.access_thread_coverage(public)


def test_a_deactivated_account_reads_as_the_public(thread: Thread) -> None:
    dev = thread.council.dev
    dev.is_active = False

    with pytest.raises(Http404):
        access.access_plan(dev, "SP-EH")
    assert access.enterable_indicators(dev).count() == 0


@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_private_page(
    client, thread: Thread, url: str
) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("url", ["/", "/sign-in/"])
def test_an_anonymous_visitor_can_see_the_public_pages(client, thread: Thread, url: str) -> None:
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/plans/priorities/NOPE/",
        "/plans/areas-of-focus/99/",
        "/plans/departments/NOPE/",
        "/plans/NOPE/",
        "/objectives/EH 99/",
        "/indicators/NI 999/",
    ],
)
def test_a_signed_in_person_gets_404_for_an_unknown_code(client, thread: Thread, url) -> None:
    client.force_login(thread.council.dev)

    assert client.get(url).status_code == 404
