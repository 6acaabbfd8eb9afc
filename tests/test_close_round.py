"""Closing a round (issue 12, "Finish the quarter"): from the browser and from the command line,
each saying first what closing will do; a closed round takes no more entries or sign-offs; and
its published figures reach the public.

2009/10 Q2's round is open (tests/monitoring_fixtures.py). In Environmental Health, NI 123's Q2
figure is published, EH LI 1's was returned to Dev with a note, milestone EH 1.1 has nothing
entered, and the narrative is a draft: Oona, its operational director, cannot sign off. In
Revenues & Benefits NI 181's figure is submitted and RB 1.1's progress validated, and Bola, its
operational director, has signed the return off. Priya is the performance team.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal as D
from html import unescape

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring import services
from goldenthread.monitoring.closing import Left, closing_summary
from goldenthread.monitoring.models import CollectionRound
from goldenthread.monitoring.services import RoundClosed
from goldenthread.organisation.models import Department, User
from goldenthread.planning.models import MilestoneProgress, MilestoneUpdate
from goldenthread.workflow import WorkflowState
from tests.conftest import make_user
from tests.monitoring_fixtures import Q2, Collection, collection_fixture  # noqa: F401
from tests.pages_fixtures import thread_fixture  # noqa: F401
from tests.test_public_pages import published_fixture  # noqa: F401

DEADLINE = datetime.date(2009, 10, 31)
CLOSE_URL = reverse("collection_round_close", args=[Q2.slug])


@pytest.fixture
def oona(council) -> User:
    director = {"department": council.health_dept}
    return make_user("oona", "Oona", "Byrne", council.council, operational_director=director)


@pytest.fixture
def bola(council) -> User:
    director = {"department": council.revenues_dept}
    return make_user("bola", "Bola", "Ade", council.council, operational_director=director)


@pytest.fixture(name="round")
def round_fixture(council, collection: Collection, bola) -> CollectionRound:
    """The quarter as the module's docstring tells it."""
    priya, dev, olu = council.priya, council.dev, council.olu
    round_ = services.round_open(acting_user=priya, quarter=Q2, deadline=DEADLINE)
    smoking = services.actual_save(
        acting_user=dev, indicator=collection.smoking, period=Q2, value=D(49)
    )
    services.actual_submit(acting_user=dev, actual=smoking)
    services.actual_validate(acting_user=priya, actual=smoking)
    services.actual_publish(acting_user=priya, actuals=[smoking])
    inspections = services.actual_save(
        acting_user=dev, indicator=collection.inspections, period=Q2, value=D(250)
    )
    services.actual_submit(acting_user=dev, actual=inspections)
    services.actual_return(acting_user=priya, actual=inspections, note="Check the count")
    services.narrative_save(
        acting_user=dev, round=round_, department_code="EH", key_developments="Two clinics"
    )
    benefits = services.actual_save(
        acting_user=olu, indicator=collection.benefits, period=Q2, value=D(18)
    )
    services.actual_submit(acting_user=olu, actual=benefits)
    update = services.milestone_progress_save(
        acting_user=olu,
        milestone=collection.rb_milestone,
        period=Q2,
        progress=MilestoneProgress.ON_TRACK,
    )
    services.milestone_progress_submit(acting_user=olu, update=update)
    services.milestone_progress_validate(acting_user=priya, update=update)
    services.return_sign_off(acting_user=bola, department=council.revenues_dept, round=round_)
    return round_


def page_text(response) -> str:
    return " ".join(unescape(response.content.decode()).split())


# -- what closing will do ----------------------------------------------------------------------


def test_the_summary_says_what_each_department_leaves_unpublished_and_who_has_not_signed_off(
    round: CollectionRound, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        summary = closing_summary(round)

    health, revenues = summary.departments  # by name: Environmental Health, Revenues & Benefits
    assert health.department.code == "EH"
    assert (health.due, health.published) == (3, 1)
    assert health.left == {Left.RETURNED: 1, Left.NOT_ENTERED: 1}
    assert health.left_in_words() == "1 not entered, 1 returned to the department"
    assert health.narrative == WorkflowState.DRAFT
    assert not health.signed_off
    assert (revenues.due, revenues.published) == (2, 0)
    assert revenues.left == {Left.SUBMITTED: 1, Left.VALIDATED: 1}
    assert revenues.signed_off
    assert [d.department.code for d in summary.not_signed_off] == ["EH"]
    assert summary.in_words() == (
        "1 of 5 items due published; 4 unpublished; 1 narrative unpublished; "
        "1 department not signed off"
    )


def test_the_summary_costs_the_same_queries_for_more_departments_and_items(
    council, round: CollectionRound, django_assert_max_num_queries
):
    for number in range(6):
        department = Department.objects.create(
            directorate=council.directorate, code=f"X{number}", name=f"Extra {number}"
        )
        indicator = Indicator.objects.create(
            code=f"X LI {number}", title="Extra", department=department
        )
        Actual.objects.create(
            indicator=indicator, period=Q2, value=D(number), state=WorkflowState.DRAFT
        )

    with django_assert_max_num_queries(8):
        summary = closing_summary(round)

    assert summary.due == 11 and summary.unpublished == 10


# -- the browser -------------------------------------------------------------------------------


def test_priya_sees_what_closing_will_do_before_she_closes(client, council, round):
    client.force_login(council.priya)

    html = page_text(client.get(CLOSE_URL))

    assert "Close the 2009/10 Q2 round" in html
    assert "The round takes no more entries" in html
    assert "Its 1 published item reaches the public pages" in html
    assert "4 of the 5 items due are not published, and stay unpublished" in html
    assert "1 not entered: can no longer be entered" in html
    assert "1 returned to the department: can no longer be corrected and submitted again" in html
    assert "1 submitted: may still be validated and published" in html
    assert "1 validated: may still be published" in html
    assert "Not published (draft)" in html  # Environmental Health's narrative
    assert "1 department has not signed off its return: Environmental Health." in html
    assert CollectionRound.objects.get(pk=round.pk).is_open  # looking closes nothing


def test_the_close_button_closes_the_round_and_goes_back_to_it_saying_so(client, council, round):
    client.force_login(council.priya)

    response = client.post(CLOSE_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("collection_round", args=[Q2.slug])
    round.refresh_from_db()
    assert not round.is_open
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "The 2009/10 Q2 round is closed. Its published figures are now on the public pages, "
        "and it takes no more entries."
    ]
    entry = AuditEntry.objects.get(action="round_close")
    assert entry.data["not_signed_off"] == ["EH"]
    assert entry.data["unpublished"] == {
        "not_entered": 1,
        "returned": 1,
        "submitted": 1,
        "validated": 1,
    }


def test_a_closed_round_s_page_says_when_it_closed_and_has_no_button(client, council, round):
    services.round_close(acting_user=council.priya, round=round)
    client.force_login(council.priya)

    html = page_text(client.get(CLOSE_URL))
    assert f"was closed on {timezone.localdate():%-d %B %Y}" in html
    assert "Close the 2009/10 Q2 round</button>" not in html

    response = client.post(CLOSE_URL)
    assert [str(m) for m in response.wsgi_request._messages] == [
        "The 2009/10 Q2 round is already closed."
    ]


@pytest.mark.parametrize("who", ["dev", "chen", "pat"])
def test_only_the_performance_team_may_close_a_round(client, council, round, who):
    client.force_login(getattr(council, who))

    assert client.get(CLOSE_URL).status_code == 404
    assert client.post(CLOSE_URL).status_code == 404
    assert CollectionRound.objects.get(pk=round.pk).is_open


def test_closing_a_round_never_opened_is_not_found(client, council, round):
    client.force_login(council.priya)

    assert client.get(reverse("collection_round_close", args=["2010-11-Q1"])).status_code == 404
    assert client.get("/collection/2009-10/close/").status_code == 404  # a year, not a quarter


# -- a closed round takes no more entries or sign-offs ------------------------------------------


def test_a_closed_round_takes_no_more_entries_submissions_returns_or_sign_offs(
    council, collection, round, oona
):
    priya, dev = council.priya, council.dev
    services.round_close(acting_user=priya, round=round)
    returned = Actual.objects.get(indicator=collection.inspections, period=Q2)
    refused = "The 2009/10 Q2 round is closed: it takes no more entries"

    with pytest.raises(RoundClosed, match=refused):
        services.actual_save(
            acting_user=dev,
            indicator=collection.inspections,
            period=Q2,
            value=D(260),
            expected_version=returned.version,
        )
    with pytest.raises(RoundClosed, match=refused):
        services.actual_submit(acting_user=dev, actual=returned)
    with pytest.raises(RoundClosed, match=refused):
        services.milestone_progress_save(
            acting_user=dev,
            milestone=collection.milestone,
            period=Q2,
            progress=MilestoneProgress.ON_TRACK,
        )
    with pytest.raises(RoundClosed, match=refused):
        services.narrative_save(acting_user=dev, round=round, department_code="EH")
    with pytest.raises(RoundClosed, match=refused):
        services.return_submit(acting_user=dev, round=round, department=council.health_dept)
    submitted = Actual.objects.get(indicator=collection.benefits, period=Q2)
    with pytest.raises(RoundClosed, match=refused):
        services.actual_return(acting_user=priya, actual=submitted, note="Too late to fix")
    with pytest.raises(RoundClosed, match="its returns can no longer be signed off"):
        services.return_sign_off(acting_user=oona, department=council.health_dept, round=round)
    returned.refresh_from_db()
    assert (returned.state, returned.value) == (WorkflowState.DRAFT, D(250))


def test_after_closing_priya_may_still_validate_publish_and_correct(council, collection, round):
    priya = council.priya
    services.round_close(acting_user=priya, round=round)
    submitted = Actual.objects.get(indicator=collection.benefits, period=Q2)

    services.actual_validate(acting_user=priya, actual=submitted)
    services.actual_publish(acting_user=priya, actuals=[submitted])
    update = MilestoneUpdate.objects.get(milestone=collection.rb_milestone, period=Q2)
    services.milestone_progress_publish(acting_user=priya, update=update)
    published = Actual.objects.get(indicator=collection.smoking, period=Q2)
    services.actual_correct(
        acting_user=priya, actual=published, value=D("49.5"), reason="Late quitters counted"
    )

    submitted.refresh_from_db()
    update.refresh_from_db()
    published.refresh_from_db()
    assert submitted.state == update.state == WorkflowState.PUBLISHED
    assert published.value == D("49.5")


def test_oona_s_late_sign_off_in_the_browser_says_the_round_is_closed(client, council, round, oona):
    services.round_close(acting_user=council.priya, round=round)
    client.force_login(oona)

    response = client.post(reverse("return_sign_off", args=["EH", Q2.slug]), {"note": ""})

    assert [str(m) for m in response.wsgi_request._messages] == [
        "The 2009/10 Q2 round is closed: its returns can no longer be signed off."
    ]


# -- the command line --------------------------------------------------------------------------


class Terminal(io.StringIO):
    """Someone at a terminal, who will type ``answer``."""

    def isatty(self) -> bool:
        return True


def close_round(*args: str, stdin: io.StringIO | None = None, monkeypatch=None) -> str:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", stdin or io.StringIO(""))
    out = io.StringIO()
    call_command("close_round", *args, stdout=out)
    return out.getvalue()


def test_close_round_prints_what_closing_will_do_and_needs_yes_without_a_terminal(
    council, round, monkeypatch
):
    out = io.StringIO()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a cron job: no terminal

    with pytest.raises(CommandError) as refused:
        call_command("close_round", "--period", "2009/10 Q2", "--as", "priya", stdout=out)

    assert str(refused.value) == (
        "Not closed: no terminal to confirm at; pass --yes to close the round."
    )
    printed = out.getvalue()
    assert "Closing the 2009/10 Q2 round:" in printed
    assert "- 4 of 5 item(s) due are not published, and stay unpublished:" in printed
    assert "    1 returned to the department: can no longer be corrected" in printed
    assert "    Environmental Health: 1 not entered, 1 returned to the department, " in printed
    assert "narrative draft" in printed
    assert "- 1 department(s) have not signed off their return:\n    Environmental Health\n" in (
        printed
    )
    assert CollectionRound.objects.get(pk=round.pk).is_open


def test_close_round_with_yes_closes_it(council, round, monkeypatch):
    printed = close_round(
        "--period", "2009-10-Q2", "--as", "priya", "--yes", monkeypatch=monkeypatch
    )

    assert printed.endswith("The 2009/10 Q2 round is closed.\n")
    assert not CollectionRound.objects.get(pk=round.pk).is_open
    assert AuditEntry.objects.get(action="round_close").data["how"] == "command_line"


def test_close_round_asks_at_a_terminal_and_closes_only_on_yes(council, round, monkeypatch):
    with pytest.raises(CommandError, match="Not closed: the 2009/10 Q2 round stays open."):
        close_round(
            "--period",
            "2009/10 Q2",
            "--as",
            "priya",
            stdin=Terminal("n\n"),
            monkeypatch=monkeypatch,
        )
    assert CollectionRound.objects.get(pk=round.pk).is_open

    printed = close_round(
        "--period", "2009/10 Q2", "--as", "priya", stdin=Terminal("y\n"), monkeypatch=monkeypatch
    )

    assert "Close the 2009/10 Q2 round? [y/N] " in printed
    assert not CollectionRound.objects.get(pk=round.pk).is_open


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2010/11 Q1", "--as", "priya"], "There is no 2010/11 Q1 round"),
        (["--period", "2009/10", "--as", "priya"], "a round collects a quarter"),
        (["--period", "Q5 of never", "--as", "priya"], "--period 'Q5 of never': "),
        (["--period", "2009/10 Q2", "--as", "dev"], "dev is not in the performance team"),
        (["--period", "2009/10 Q2"], "Say who is acting with --as USERNAME"),
    ],
)
def test_close_round_says_what_is_wrong_in_one_line(council, round, args, message, monkeypatch):
    with pytest.raises(CommandError, match=message.replace("?", r"\?")) as refused:
        close_round(*args, "--yes", monkeypatch=monkeypatch)

    assert "\n" not in str(refused.value)
    assert CollectionRound.objects.get(pk=round.pk).is_open


def test_close_round_refuses_a_round_already_closed(council, round, monkeypatch):
    services.round_close(acting_user=council.priya, round=round)

    with pytest.raises(CommandError, match="The 2009/10 Q2 round is already closed."):
        close_round("--period", "2009/10 Q2", "--as", "priya", "--yes", monkeypatch=monkeypatch)


# -- the public --------------------------------------------------------------------------------


def test_figures_published_in_an_open_round_reach_the_public_when_it_closes(
    client, published, monkeypatch
):
    """test_public_pages.py's thread: NI 123's Q2 figure (790.4) is published, but Q2's round
    is open. Rosa's pages are cached; closing the round must not leave her the stale copy."""
    pages = ["/performance/indicators/NI 123/", "/performance/open-data/figures.csv"]
    for url in pages:
        assert "790.4" not in client.get(url).content.decode()  # and now cached

    close_round("--period", "2008/09 Q2", "--as", "priya", "--yes", monkeypatch=monkeypatch)

    for url in pages:
        assert "790.4" in client.get(url).content.decode(), url
    assert "2008/09 Q2" in client.get("/performance/").content.decode()
