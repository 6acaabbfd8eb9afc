"""Opening the next round must not hide an overdue one: a manager's and a director's home lead
to every return still open, oldest first (issue 12).

On the small golden thread of tests/pages_fixtures.py, 2008/09 Q1's round is still open and
ten days past its deadline when Q2's round opens (deadline in twenty days); an earlier round,
2007/08 Q4, is closed. Dev manages Environmental Health, Olu Revenues & Benefits, Sam is the
strategic director over both, and Dora is Environmental Health's operational director.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from goldenthread.monitoring.models import CollectionRound, ReturnSignOff
from goldenthread.monitoring.selectors import round_progress
from goldenthread.planning.periods import Period
from goldenthread.web.selectors.open_returns import open_returns
from tests.conftest import make_user
from tests.pages_fixtures import Q1, Q2, Q3, Thread, grow, queries_for, thread_fixture  # noqa: F401

TODAY = timezone.localdate()


@pytest.fixture
def rounds(thread: Thread) -> Thread:
    CollectionRound.objects.create(
        quarter=Period.parse("2007/08 Q4"),
        deadline=TODAY - datetime.timedelta(days=400),
        closed_at=timezone.now(),
    )
    CollectionRound.objects.create(quarter=Q2, deadline=TODAY + datetime.timedelta(days=20))
    CollectionRound.objects.create(quarter=Q1, deadline=TODAY - datetime.timedelta(days=10))
    return thread


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def open_table(html: str) -> str:
    return html.split("Returns still open</h3>")[1].split("</table>")[0]


def return_link(code: str, quarter: Period) -> str:
    return reverse("department_return", args=[code, quarter.slug])


def test_a_manager_is_led_to_every_open_return_oldest_first_with_the_overdue_one_flagged(
    client, rounds: Thread
):
    table = open_table(home(client, rounds.council.dev))

    q1, q2 = table.index(return_link("EH", Q1)), table.index(return_link("EH", Q2))
    assert q1 < q2  # the overdue Q1 return first, though Q2's round opened since
    q1_row, q2_row = table[q1:q2], table[q2:]
    assert "Overdue</strong> by 10 days" in q1_row
    assert "Overdue" not in q2_row
    assert (TODAY - datetime.timedelta(days=10)).strftime("%-d %B %Y") in q1_row
    assert "2007/08 Q4" not in table  # a closed round is not a return to make
    assert "Department</th>" not in table  # the manager's own department only


def test_each_row_says_how_many_items_are_still_to_do_as_the_round_counts_them(
    client, rounds: Thread
):
    found = open_returns([rounds.council.health_dept])
    rows = {(r.round.quarter, r.department.code): r for r in found}

    for round_ in CollectionRound.objects.filter(closed_at__isnull=True):
        progress = round_progress(round_)
        eh = next(r for r in progress.returns if r.department.code == "EH")
        row = rows[round_.quarter, "EH"]
        assert (row.due, row.to_do) == (eh.due, len(eh.outstanding()))
    # Q1: NI 123 published, EH LI 1 not entered, EH 1.1's progress submitted, EH 1.2 not
    # reported; Q2: NI 123 submitted, EH LI 1 validated, neither milestone reported.
    assert (rows[Q1, "EH"].due, rows[Q1, "EH"].to_do) == (4, 2)
    assert (rows[Q2, "EH"].due, rows[Q2, "EH"].to_do) == (4, 2)
    html = home(client, rounds.council.dev)
    assert "2 of 4 items" in open_table(html)


def test_a_strategic_director_sees_every_department_s_open_returns_oldest_round_first(
    client, rounds: Thread
):
    table = open_table(home(client, rounds.sam))

    links = [
        return_link("EH", Q1),
        return_link("RB", Q1),
        return_link("EH", Q2),
        return_link("RB", Q2),
    ]
    positions = [table.index(link) for link in links]
    assert positions == sorted(positions)
    assert "Department</th>" in table and "Revenues &amp; Benefits" in table


def test_an_operational_director_sees_which_open_returns_are_signed_off(client, rounds: Thread):
    dora = make_user(
        "dora",
        "Dora",
        "Mensah",
        rounds.council.council,
        operational_director={"department": rounds.council.health_dept},
    )
    ReturnSignOff.objects.create(
        round=CollectionRound.objects.get(quarter=Q1),
        department=rounds.council.health_dept,
        signed_by=dora,
    )

    table = open_table(home(client, dora))

    q1_row = table.split(return_link("EH", Q2))[0].split(return_link("EH", Q1))[1]
    assert "Yes, by Dora Mensah" in q1_row
    assert "Not yet" in table.split(return_link("EH", Q2))[1]


def test_with_no_round_open_the_home_says_there_is_no_return_to_make(client, thread: Thread):
    html = home(client, thread.council.dev)

    assert "No collection round is open: there is no return to make." in html


@pytest.mark.parametrize("name", ["dev", "sam"])
def test_the_home_s_queries_do_not_grow_with_rounds_departments_or_items(
    client, rounds: Thread, name: str
):
    client.force_login(getattr(rounds, name, None) or getattr(rounds.council, name))
    few = queries_for(client, reverse("home"))

    CollectionRound.objects.create(quarter=Q3, deadline=TODAY + datetime.timedelta(days=100))
    CollectionRound.objects.create(
        quarter=Period.parse("2008/09 Q4"), deadline=TODAY + datetime.timedelta(days=190)
    )
    grow(rounds, 3)
    many = queries_for(client, reverse("home"))

    assert many == few
    html = client.get(reverse("home")).content.decode()
    assert html.count("Overdue</strong>") >= 1
    assert return_link("EH", Period.parse("2008/09 Q4")) in open_table(html)
