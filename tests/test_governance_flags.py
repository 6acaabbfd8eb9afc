"""PPB flags: a member flags an item for discussion at their board's next meeting; the chair
sees the queue and clears it.

Personas (on top of tests/conftest.py and tests/pages_fixtures.py):
- Cllr Chen, member of the Healthy Borough PPB (from conftest).
- Cllr Joan Lowe, chair of the Healthy Borough PPB.
- Cllr Tariq Hussain, member of the Corporate PPB: another board.
- Priya, the performance team; Dev, a manager; Sam, a strategic director: no PPB seat.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape

import pytest
from django.http import Http404

from goldenthread import access
from goldenthread.audit.models import AuditEntry
from goldenthread.governance import services
from goldenthread.governance.models import Flag, FlagStatus
from goldenthread.organisation.models import Board, BoardKind, User
from goldenthread.planning.models import Milestone
from tests.conftest import make_user
from tests.pages_fixtures import Q1, Thread, thread_fixture  # noqa: F401

FLAG_NI = {
    "item": "indicator",
    "code": "NI 123",
    "period": "2008-09-Q1",
    "from": "/reports/exceptions/?board=PPB-HEALTH&period=2008-09-Q1&scope=board",
}


@dataclass
class Boards:
    thread: Thread
    health: Board
    corporate: Board
    chen: User
    joan: User
    tariq: User


@pytest.fixture
def boards(thread: Thread) -> Boards:
    c = thread.council
    corporate = Board.objects.create(code="PPB-CORP", name="Corporate PPB", kind=BoardKind.PPB)
    c.efficiency.ppb = corporate
    c.efficiency.save()
    return Boards(
        thread=thread,
        health=c.ppb,
        corporate=corporate,
        chen=c.chen,
        joan=make_user("joan", "Joan", "Lowe", c.council, ppb_chair={"board": c.ppb}),
        tariq=make_user("tariq", "Tariq", "Hussain", c.council, ppb_member={"board": corporate}),
    )


def page(response) -> str:
    return unescape(response.content.decode())


def raise_flag(boards: Boards, *, by: User | None = None, board: Board | None = None) -> Flag:
    return services.flag_raise(
        acting_user=by or boards.chen,
        board=board or boards.health,
        item=boards.thread.ni,
        period=Q1,
        reason="Why is it so far ahead?",
        source_url=FLAG_NI["from"],
    )


# -- flagging ------------------------------------------------------------------------------


def test_a_ppb_member_flags_an_item_for_their_board_from_a_report(client, boards):
    client.force_login(boards.chen)
    form = client.get("/flags/new/", FLAG_NI)
    assert form.status_code == 200
    assert "Flag NI 123 for discussion" in page(form)
    assert "Healthy Borough PPB" in page(form)

    response = client.post("/flags/new/", {**FLAG_NI, "board": "PPB-HEALTH", "reason": "Why?"})

    assert response.status_code == 302
    assert response["Location"] == FLAG_NI["from"]
    flag = Flag.objects.get()
    assert (flag.board, flag.indicator, str(flag.period)) == (
        boards.health,
        boards.thread.ni,
        "2008/09 Q1",
    )
    assert (flag.flagged_by, flag.reason, flag.status) == (boards.chen, "Why?", FlagStatus.OPEN)
    assert flag.source_url == FLAG_NI["from"]


def test_flagging_writes_an_audit_entry(boards):
    flag = raise_flag(boards)
    entry = AuditEntry.objects.get(action="flag_raise")
    assert entry.actor == boards.chen
    assert entry.object_id == str(flag.pk)
    assert entry.data["code"] == "NI 123"
    assert entry.data["board"] == "PPB-HEALTH"
    assert entry.data["period"] == "2008/09 Q1"


def test_a_flag_without_a_reason_says_what_is_missing(client, boards):
    client.force_login(boards.chen)
    response = client.post("/flags/new/", {**FLAG_NI, "board": "PPB-HEALTH", "reason": "  "})
    assert response.status_code == 400
    assert "Enter why the board should discuss it" in page(response)
    assert not Flag.objects.exists()


def test_an_item_already_open_on_the_queue_for_the_period_is_refused(client, boards):
    raise_flag(boards, by=boards.joan)
    client.force_login(boards.chen)

    form = client.get("/flags/new/", FLAG_NI)
    assert "Already on the queue" in page(form)

    response = client.post("/flags/new/", {**FLAG_NI, "board": "PPB-HEALTH", "reason": "Again"})
    assert response.status_code == 400
    assert "NI 123 is already on the Healthy Borough PPB queue for 2008/09 Q1" in page(response)
    assert "flagged by Joan Lowe" in page(response)
    assert Flag.objects.count() == 1


def test_the_same_item_may_be_flagged_again_once_cleared_or_for_another_period(boards):
    first = raise_flag(boards)
    services.flag_clear(acting_user=boards.joan, flag=first)
    raise_flag(boards)
    services.flag_raise(
        acting_user=boards.chen,
        board=boards.health,
        item=boards.thread.ni,
        period=Q1.following(),
        reason="And the next quarter",
    )
    assert Flag.objects.open().count() == 2


def test_the_service_refuses_a_duplicate_too(boards):
    raise_flag(boards)
    with pytest.raises(services.FlagRefused, match="already on the Healthy Borough PPB queue"):
        raise_flag(boards, by=boards.joan)


def test_a_member_of_another_ppb_cannot_flag_for_this_board(client, boards):
    client.force_login(boards.tariq)
    response = client.post("/flags/new/", {**FLAG_NI, "board": "PPB-HEALTH", "reason": "Why?"})
    assert response.status_code == 400  # the choice offered is their own board alone
    assert not Flag.objects.exists()
    with pytest.raises(Http404):
        access.access_board_to_flag_for(boards.tariq, "PPB-HEALTH")


@pytest.mark.parametrize("persona", ["priya", "dev", "sam", "ash", "pat"])
def test_only_ppb_members_and_chairs_may_flag(client, boards, persona):
    people = {**vars(boards.thread.council), **vars(boards.thread)}
    client.force_login(people[persona])
    assert client.get("/flags/new/", FLAG_NI).status_code == 404
    response = client.post("/flags/new/", {**FLAG_NI, "board": "PPB-HEALTH", "reason": "Why?"})
    assert response.status_code == 404
    assert not Flag.objects.exists()


def test_an_unknown_item_is_not_found(client, boards):
    client.force_login(boards.chen)
    assert client.get("/flags/new/", {**FLAG_NI, "code": "NI 999"}).status_code == 404
    assert client.get("/flags/new/", {**FLAG_NI, "item": "plan"}).status_code == 404


def test_a_milestone_is_flagged_by_its_code(client, boards):
    client.force_login(boards.chen)
    query = {"item": "milestone", "code": "EH 1.1", "period": "2008-09-Q1", "board": "PPB-HEALTH"}
    response = client.post("/flags/new/", {**query, "reason": "Still at risk?"})
    assert response.status_code == 302
    assert response["Location"] == "/objectives/EH%201/"  # no page given: back to its objective
    assert Flag.objects.get().milestone == Milestone.objects.get(code="EH 1.1")


def test_a_link_back_to_another_site_is_not_followed(client, boards):
    client.force_login(boards.chen)
    data = {**FLAG_NI, "from": "https://evil.example/", "board": "PPB-HEALTH", "reason": "Why?"}
    response = client.post("/flags/new/", data)
    assert response["Location"] == "/indicators/NI%20123/"


def test_without_a_period_the_flag_is_for_the_items_latest_published_figure(client, boards):
    client.force_login(boards.chen)
    data = {"item": "indicator", "code": "NI 123", "board": "PPB-HEALTH", "reason": "Why?"}
    client.post("/flags/new/", data)
    assert str(Flag.objects.get().period) == "2008/09 Q1"  # Q2's figure is not published


def test_flagging_takes_a_post_with_a_csrf_token(boards):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(boards.chen)
    response = client.post("/flags/new/", {**FLAG_NI, "board": "PPB-HEALTH", "reason": "Why?"})
    assert response.status_code == 403
    assert not Flag.objects.exists()


# -- the queue -----------------------------------------------------------------------------


def test_the_queue_lists_open_flags_first_then_recently_cleared(client, boards):
    cleared = raise_flag(boards)
    services.flag_clear(acting_user=boards.joan, flag=cleared, outcome="Discussed 12 May")
    raise_flag(boards, by=boards.joan)
    client.force_login(boards.chen)

    html = page(client.get("/boards/PPB-HEALTH/queue/"))

    assert html.index("Open (1)") < html.index("Recently cleared") < html.index("Discussed 12 May")
    assert "Joan Lowe" in html


@pytest.mark.parametrize("persona", ["chen", "joan", "priya"])
def test_the_boards_members_chair_and_the_performance_team_see_its_queue(client, boards, persona):
    people = {**vars(boards), **vars(boards.thread.council)}
    client.force_login(people[persona])
    assert client.get("/boards/PPB-HEALTH/queue/").status_code == 200


@pytest.mark.parametrize("persona", ["tariq", "dev", "sam", "ash", "eve", "pat"])
def test_anyone_else_gets_not_found_for_the_queue(client, boards, persona):
    people = {**vars(boards), **vars(boards.thread), **vars(boards.thread.council)}
    client.force_login(people[persona])
    assert client.get("/boards/PPB-HEALTH/queue/").status_code == 404


def test_the_queue_of_a_board_that_is_not_a_ppb_is_not_found(client, boards):
    client.force_login(boards.thread.council.priya)
    assert client.get("/boards/MT/queue/").status_code == 404


# -- clearing ------------------------------------------------------------------------------


def test_the_chair_clears_an_item_with_its_outcome(client, boards):
    flag = raise_flag(boards)
    client.force_login(boards.joan)
    queue = page(client.get("/boards/PPB-HEALTH/queue/"))
    assert "Clear NI 123 from the queue" in queue

    response = client.post(
        f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/",
        {"outcome": "Discussed 12 May; officer to report back"},
    )

    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.status, flag.cleared_by) == (FlagStatus.CLEARED, boards.joan)
    assert flag.cleared_at is not None
    assert flag.outcome == "Discussed 12 May; officer to report back"
    entry = AuditEntry.objects.get(action="flag_clear")
    assert (entry.actor, entry.object_id) == (boards.joan, str(flag.pk))
    assert entry.data["outcome"] == "Discussed 12 May; officer to report back"


def test_the_performance_team_may_clear_too(client, boards):
    flag = raise_flag(boards)
    client.force_login(boards.thread.council.priya)
    client.post(f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/", {"outcome": ""})
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLEARED


def test_a_member_who_is_not_the_chair_cannot_clear(client, boards):
    flag = raise_flag(boards)
    client.force_login(boards.chen)
    assert "Clear NI 123" not in page(client.get("/boards/PPB-HEALTH/queue/"))
    response = client.post(f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/", {"outcome": ""})
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    assert not AuditEntry.objects.filter(action="flag_clear").exists()


def test_the_chair_of_another_board_cannot_clear_this_boards_flags(client, boards):
    other_chair = make_user(
        "ola", "Ola", "Bello", boards.thread.council.council, ppb_chair={"board": boards.corporate}
    )
    flag = raise_flag(boards)
    client.force_login(other_chair)
    assert client.post(f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/").status_code == 404
    assert client.post(f"/boards/PPB-CORP/queue/{flag.pk}/clear/").status_code == 404
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_clearing_takes_a_post(client, boards):
    flag = raise_flag(boards)
    client.force_login(boards.joan)
    assert client.get(f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/").status_code == 405


def test_clearing_twice_says_it_was_already_cleared(client, boards):
    flag = raise_flag(boards)
    services.flag_clear(acting_user=boards.joan, flag=flag)
    client.force_login(boards.joan)
    response = client.post(f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/", follow=True)
    assert "NI 123 was already cleared from the queue by Joan Lowe" in page(response)
    assert AuditEntry.objects.filter(action="flag_clear").count() == 1


def test_an_outcome_too_long_is_refused_with_a_clear_error(client, boards):
    flag = raise_flag(boards)
    client.force_login(boards.joan)
    response = client.post(f"/boards/PPB-HEALTH/queue/{flag.pk}/clear/", {"outcome": "x" * 1001})
    assert response.status_code == 400
    assert "The outcome must be 1000 characters or fewer" in page(response)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


# -- flag buttons and the home page ---------------------------------------------------------


@pytest.mark.parametrize("persona", ["chen", "joan", "tariq"])
def test_ppb_members_and_chairs_see_a_flag_button_on_the_indicator_page(client, boards, persona):
    client.force_login(getattr(boards, persona))
    assert "Flag NI 123 for discussion" in page(client.get("/indicators/NI 123/"))


@pytest.mark.parametrize("persona", ["priya", "dev", "sam", "ash", "eve", "morgan"])
def test_nobody_else_sees_a_flag_button_on_the_indicator_page(client, boards, persona):
    people = {**vars(boards.thread), **vars(boards.thread.council)}
    client.force_login(people[persona])
    assert "for discussion" not in page(client.get("/indicators/NI 123/"))


def test_an_item_on_the_queue_says_so_on_its_page(client, boards):
    raise_flag(boards)
    client.force_login(boards.joan)
    html = page(client.get("/indicators/NI 123/"))
    assert "On the queue of" in html
    assert 'href="/boards/PPB-HEALTH/queue/"' in html


def test_a_ppb_members_home_counts_the_boards_queue(client, boards):
    raise_flag(boards)
    client.force_login(boards.chen)
    html = page(client.get("/home/"))
    assert "1 item on the board's queue" in html
    assert 'href="/boards/PPB-HEALTH/queue/"' in html
