"""The operational director signs off their department's return (issue 6's role table).

Oona is Environmental Health's operational director, Bola Revenues & Benefits'; Dev manages in
Environmental Health, Priya is the performance team, Cllr Chen sits on the Healthy Borough PPB.
Environmental Health's return for 2009/10 Q2 is NI 123, EH LI 1 and milestone EH 1.1.
"""

import datetime
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound, ReturnSignOff
from goldenthread.organisation.models import User
from goldenthread.planning.models import MilestoneProgress
from tests.conftest import make_user
from tests.monitoring_fixtures import Q2, Collection, collection_fixture  # noqa: F401

DEADLINE = datetime.date(2009, 10, 31)
SIGN_OFF_BUTTON = "Sign off this return"


@pytest.fixture(name="round")
def round_fixture(council, collection: Collection) -> CollectionRound:
    return services.round_open(acting_user=council.priya, quarter=Q2, deadline=DEADLINE)


@pytest.fixture
def oona(council) -> User:
    director = {"department": council.health_dept}
    return make_user("oona", "Oona", "Byrne", council.council, operational_director=director)


@pytest.fixture
def bola(council) -> User:
    director = {"department": council.revenues_dept}
    return make_user("bola", "Bola", "Ade", council.council, operational_director=director)


@pytest.fixture
def submitted(council, collection: Collection, round: CollectionRound) -> CollectionRound:
    """Dev has entered Environmental Health's whole return and submitted it."""
    dev = council.dev
    services.actual_save(acting_user=dev, indicator=collection.smoking, period=Q2, value=D(49))
    services.actual_save(acting_user=dev, indicator=collection.inspections, period=Q2, value=250)
    services.milestone_progress_save(
        acting_user=dev,
        milestone=collection.milestone,
        period=Q2,
        progress=MilestoneProgress.ON_TRACK,
    )
    services.return_submit(acting_user=dev, round=round, department=council.health_dept)
    return round


def sign_off_url(code: str = "EH") -> str:
    return reverse("return_sign_off", args=[code, Q2.slug])


def return_url(code: str = "EH") -> str:
    return reverse("department_return", args=[code, Q2.slug])


def today() -> str:
    day = timezone.localdate()
    return f"{day.day} {day:%B %Y}"


def text(response) -> str:
    return response.content.decode()


# -- signing off -------------------------------------------------------------------------------


def test_the_director_signs_off_a_fully_submitted_return(client, council, oona, submitted):
    client.force_login(oona)
    response = client.post(sign_off_url(), {"note": "Checked with the team on Friday"})

    assert response.status_code == 302
    assert response.headers["Location"] == return_url()
    page = text(client.get(return_url()))
    assert f"Signed off by Oona Byrne on {today()}." in page
    assert "Checked with the team on Friday" in page
    assert SIGN_OFF_BUTTON not in page  # signed off: nothing more to sign
    sign_off = ReturnSignOff.objects.get()
    assert (sign_off.department, sign_off.round, sign_off.signed_by) == (
        council.health_dept,
        submitted,
        oona,
    )


def test_everyone_who_sees_the_return_sees_who_signed_it_off(client, council, oona, submitted):
    services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)

    for person in (council.dev, council.priya):
        client.force_login(person)
        assert f"Signed off by Oona Byrne on {today()}." in text(client.get(return_url()))


def test_the_sign_off_is_audited(council, oona, submitted):
    sign_off = services.return_sign_off(
        acting_user=oona, department=council.health_dept, round=submitted, note="All checked"
    )

    entry = AuditEntry.objects.get(action="return_sign_off")
    assert entry.actor == oona
    assert entry.object_id == str(sign_off.pk)
    assert entry.summary == "The Environmental Health return for 2009/10 Q2 signed off: All checked"


def test_a_return_with_items_outstanding_is_refused_naming_them(
    client, council, collection, oona, round
):
    services.actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value=D(49)
    )
    client.force_login(oona)
    page = text(client.post(sign_off_url(), follow=True))

    assert (
        "The Environmental Health return for 2009/10 Q2 cannot be signed off: 3 items are not "
        "submitted yet: EH LI 1 (not entered), NI 123 (draft), EH 1.1 (not entered)." in page
    )
    assert not ReturnSignOff.objects.exists()
    assert not AuditEntry.objects.filter(action="return_sign_off").exists()


def test_the_director_is_told_what_is_outstanding_before_signing(client, council, oona, round):
    client.force_login(oona)
    page = text(client.get(return_url()))

    assert "3 items are not submitted yet: EH LI 1 (not entered), NI 123 (not entered)" in page
    assert SIGN_OFF_BUTTON in page


def test_a_narrative_still_in_draft_holds_the_sign_off_up(council, oona, submitted):
    services.narrative_save(
        acting_user=council.dev,
        round=submitted,
        department_code="EH",
        key_developments="A third clinic",
    )

    with pytest.raises(services.MonitoringError, match=r"1 item is not submitted yet: the narr"):
        services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)


def test_a_return_signed_off_already_is_not_signed_again(council, oona, submitted):
    services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)

    with pytest.raises(
        services.MonitoringError, match=f"already signed off, by Oona Byrne on {today()}"
    ):
        services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)
    assert AuditEntry.objects.filter(action="return_sign_off").count() == 1


# -- who may sign off --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        "dev",  # the department's manager: he submits the return, he does not sign it off
        "bola",  # another department's operational director
        "priya",  # the performance team runs the cycle; it does not sign off for a director
        "chen",  # a councillor
    ],
)
def test_no_one_but_the_departments_director_signs_off(client, council, bola, submitted, who):
    client.force_login(bola if who == "bola" else getattr(council, who))

    assert client.post(sign_off_url(), {"note": "On Oona's behalf"}).status_code == 404
    assert not ReturnSignOff.objects.exists()


def test_the_director_signs_off_only_their_own_departments_return(client, bola, submitted):
    client.force_login(bola)

    assert client.post(sign_off_url("EH")).status_code == 404
    assert client.get(return_url("EH")).status_code == 404


def test_the_sign_off_button_shows_only_to_the_departments_director(
    client, council, oona, submitted
):
    client.force_login(oona)
    assert SIGN_OFF_BUTTON in text(client.get(return_url()))
    for person in (council.dev, council.priya):
        client.force_login(person)
        page = text(client.get(return_url()))
        assert "Sign off" not in page
        assert "Not signed off yet" in page


# -- a returned item reopens the return --------------------------------------------------------


def test_returning_an_item_makes_the_sign_off_lapse(client, council, oona, submitted):
    sign_off = services.return_sign_off(
        acting_user=oona, department=council.health_dept, round=submitted
    )
    smoking = Actual.objects.get(indicator__code="NI 123", period=Q2)
    services.actual_return(acting_user=council.priya, actual=smoking, note="Check the quarter")

    sign_off.refresh_from_db()
    assert sign_off.lapsed_at is not None
    assert sign_off.lapsed_because == (
        "NI 123 2009/10 Q2 was returned to the department: Check the quarter"
    )
    lapse = AuditEntry.objects.get(action="return_sign_off_lapse")
    assert lapse.actor == council.priya
    client.force_login(council.dev)
    page = text(client.get(return_url()))
    assert "but that sign-off lapsed on" in page
    assert "NI 123 2009/10 Q2 was returned to the department: Check the quarter" in page
    client.force_login(oona)
    assert SIGN_OFF_BUTTON in text(client.get(return_url()))


def test_the_director_signs_again_once_the_returned_item_is_resubmitted(council, oona, submitted):
    services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)
    smoking = Actual.objects.get(indicator__code="NI 123", period=Q2)
    services.actual_return(acting_user=council.priya, actual=smoking, note="Check the quarter")
    with pytest.raises(services.MonitoringError, match=r"NI 123 \(draft\)"):
        services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)

    services.return_submit(acting_user=council.dev, round=submitted, department=council.health_dept)
    sign_off = services.return_sign_off(
        acting_user=oona, department=council.health_dept, round=submitted, note="Fixed"
    )

    assert sign_off.in_force
    assert (sign_off.note, sign_off.lapsed_because) == ("Fixed", "")
    assert ReturnSignOff.objects.count() == 1
    assert AuditEntry.objects.filter(action="return_sign_off").count() == 2


def test_returning_another_departments_item_leaves_the_sign_off_alone(
    council, oona, collection, submitted
):
    services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)
    services.actual_save(
        acting_user=council.olu, indicator=collection.benefits, period=Q2, value=18
    )
    services.return_submit(
        acting_user=council.olu, round=submitted, department=council.revenues_dept
    )
    benefits = Actual.objects.get(indicator=collection.benefits, period=Q2)
    services.actual_return(acting_user=council.priya, actual=benefits, note="Which claims?")

    assert ReturnSignOff.objects.get().in_force
    assert not AuditEntry.objects.filter(action="return_sign_off_lapse").exists()


def test_validating_an_item_keeps_the_sign_off(council, oona, submitted):
    services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)
    smoking = Actual.objects.get(indicator__code="NI 123", period=Q2)
    services.actual_validate(acting_user=council.priya, actual=smoking)

    assert ReturnSignOff.objects.get().in_force


# -- the performance team's round page ---------------------------------------------------------


def test_the_round_page_shows_each_departments_sign_off(
    client, council, collection, oona, submitted
):
    services.actual_save(
        acting_user=council.olu, indicator=collection.benefits, period=Q2, value=18
    )
    services.return_sign_off(acting_user=oona, department=council.health_dept, round=submitted)
    client.force_login(council.priya)
    page = text(client.get(reverse("collection_round", args=[Q2.slug])))

    environmental_health = page.split("Environmental Health</a>")[1].split("</tr>")[0]
    revenues = page.split("Revenues &amp; Benefits</a>")[1].split("</tr>")[0]
    assert "Signed off" in environmental_health
    assert f"by Oona Byrne, {today()}" in environmental_health
    assert "Awaiting sign-off" in revenues


def test_the_directors_home_says_whether_the_open_round_s_return_is_signed_off(
    client, council, oona, submitted
):
    client.force_login(oona)
    before = unescape(text(client.get(reverse("home"))))
    assert f"Environmental Health's return for {Q2} is not signed off yet" in before

    client.post(sign_off_url(), {"note": ""})

    after = unescape(text(client.get(reverse("home"))))
    assert f"return for {Q2} was signed off by Oona Byrne on {today()}." in after
