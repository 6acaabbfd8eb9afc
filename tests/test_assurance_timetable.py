"""The planning timetable: dated stages for a planning year, each due from an audience, shown to
everyone signed in with what is due from them and overdue stages flagged in words; the
performance team changes it. The tag ``{% planning_timetable_due user %}`` puts a person's own
stages on their home.

Personas: Priya (performance team) keeps the timetable; Cllr Chen (PPB member) owes the Member
input; Dev (manager) owes his divisional plan; Sam (strategic director), Pat (partner officer)
and Rita (regulator) read it; the public is sent to sign in.
"""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.assurance.choices import Audience, StageKind
from goldenthread.assurance.models import TimetableStage
from goldenthread.audit.models import AuditEntry
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

YEAR = 2010
PAGE = "/assurance/timetable/?year=2010-11"
EDIT = "/assurance/timetable/2010-11/edit/"
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def page(response) -> str:
    """The page as it reads: its words without the markup."""
    return words(response.content.decode())


def words(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", markup)).split())


def stage(name: str, audience: Audience, due: datetime.date, **fields) -> TimetableStage:
    return TimetableStage.objects.create(year=YEAR, name=name, audience=audience, due=due, **fields)


@pytest.fixture
def stages(thread: Thread) -> dict[str, TimetableStage]:
    return {
        "guidance": stage(
            "Service planning guidance issued",
            Audience.PERFORMANCE_TEAM,
            days(-40),
            done_on=days(-41),
        ),
        "member_input": stage(
            "Member input to service plans",
            Audience.MEMBERS,
            days(-3),
            kind=StageKind.MEMBER_INPUT,
            what_is_due="PPBs say what they want the plans to address",
        ),
        "divisional": stage("Divisional plans drafted", Audience.MANAGERS, days(10)),
        "agreed": stage(
            "Executive Board agrees the plans",
            Audience.EXECUTIVE_BOARD,
            days(60),
            kind=StageKind.PLANS_AGREED,
        ),
    }


def render_tag(user) -> str:
    return Template("{% load assurance %}{% planning_timetable_due user %}").render(
        Context({"user": user})
    )


# -- the page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["priya", "dev", "chen", "pat"])
def test_everyone_signed_in_reads_the_timetable(client, thread, stages, who):
    client.force_login(getattr(thread.council, who))
    text = page(client.get(PAGE))
    assert "Planning timetable 2010/11" in text
    assert "Member input to service plans" in text
    assert "Members (Policy and Performance Boards)" in text
    assert f"Overdue: due {days(-3).day} {days(-3):%B %Y}, 3 days ago" in text
    assert "1 stage overdue." in text


def test_the_regulator_and_the_strategic_director_read_it_too(client, thread, stages):
    for person in (thread.rita, thread.sam):
        client.force_login(person)
        assert client.get(PAGE).status_code == 200


def test_the_public_is_sent_to_sign_in(client, thread, stages):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_page_marks_the_stages_due_from_the_reader(client, thread, stages):
    client.force_login(thread.council.chen)
    text = page(client.get(PAGE))
    assert text.count("Due from you") == 2  # the explanation, and the one stage
    row = text[text.index("Member input to service plans") :]
    assert row.index("Due from you") < row.index("Divisional plans drafted")


def test_a_done_stage_is_not_flagged_overdue(client, thread, stages):
    client.force_login(thread.council.priya)
    text = page(client.get(PAGE))
    assert f"Done {days(-41).day} {days(-41):%B %Y}" in text
    assert text.count("Overdue:") == 1


def test_the_performance_team_is_warned_when_member_input_comes_after_agreement(
    client, thread, stages
):
    stages["member_input"].due = days(90)
    stages["member_input"].save()
    client.force_login(thread.council.priya)
    assert "Members must have their say before the plans are agreed" in page(client.get(PAGE))
    client.force_login(thread.council.dev)  # a warning for those who can fix it
    assert "Members must have their say" not in page(client.get(PAGE))


def test_the_timetable_page_costs_the_same_queries_however_many_stages(client, thread, stages):
    client.force_login(thread.council.chen)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    before = count()
    for n in range(20):
        stage(f"Extra stage {n}", Audience.MEMBERS, days(n))
    assert count() == before


# -- the tag on the homes ----------------------------------------------------------------------


def test_the_tag_shows_a_councillor_the_member_input_due_from_them_flagged_overdue(thread, stages):
    text = words(render_tag(thread.council.chen))
    assert "Planning timetable: due from you" in text
    assert "Member input to service plans" in text
    assert "PPBs say what they want the plans to address" in text
    assert f"Overdue: due {days(-3).day} {days(-3):%B %Y}, 3 days ago" in text
    assert "1 stage overdue." in text
    assert "Divisional plans drafted" not in text  # the managers'
    assert "Executive Board agrees the plans" not in text


def test_the_tag_shows_a_manager_his_own_stage_not_overdue(thread, stages):
    text = words(render_tag(thread.council.dev))
    assert "Divisional plans drafted" in text
    assert f"Due {days(10).day} {days(10):%B %Y}, in 10 days" in text
    assert "overdue" not in text.lower()
    assert "Member input" not in text


def test_the_tag_shows_the_executive_board_the_agreement_stage(thread, stages):
    for member in (thread.eve, thread.ash):  # an executive member and a portfolio holder
        assert "Executive Board agrees the plans" in render_tag(member)


def test_the_tag_leaves_out_done_stages_and_shows_nothing_when_nothing_is_due(thread, stages):
    assert render_tag(thread.council.priya).strip() == ""  # guidance is done
    assert render_tag(thread.rita).strip() == ""  # regulators owe nothing
    from django.contrib.auth.models import AnonymousUser

    assert render_tag(AnonymousUser()).strip() == ""


def test_the_tag_shows_five_and_says_how_many_more(thread, stages):
    for n in range(7):
        stage(f"Member briefing {n}", Audience.MEMBERS, days(20 + n))
    text = render_tag(thread.council.chen)
    assert text.count("<li>") == 5
    assert "And 3 more: see the whole planning timetable" in words(text)


def test_the_tag_costs_the_same_queries_however_many_stages(thread, stages):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            render_tag(thread.council.chen)
        return len(queries)

    before = count()
    for n in range(3):
        stage(f"Member briefing {n}", Audience.MEMBERS, days(20 + n))
    assert count() == before


# -- changing it -------------------------------------------------------------------------------


def management(total: int, initial: int) -> dict[str, str]:
    return {
        "stage-TOTAL_FORMS": str(total),
        "stage-INITIAL_FORMS": str(initial),
        "stage-MIN_NUM_FORMS": "0",
        "stage-MAX_NUM_FORMS": "60",
    }


def row(n: int, stage: TimetableStage | None = None, **fields: str) -> dict[str, str]:
    values = {
        "pk": str(stage.pk) if stage else "",
        "name": stage.name if stage else "",
        "what_is_due": stage.what_is_due if stage else "",
        "kind": stage.kind if stage else "other",
        "audience": stage.audience if stage else "",
        "due": stage.due.isoformat() if stage else "",
        "done_on": stage.done_on.isoformat() if stage and stage.done_on else "",
    }
    values.update(fields)
    return {f"stage-{n}-{key}": value for key, value in values.items()}


def test_priya_marks_a_stage_done_adds_one_and_deletes_one(client, thread, stages):
    client.force_login(thread.council.priya)
    form = client.get(EDIT)
    assert form.status_code == 200
    assert "Member input to service plans" in page(form)
    ordered = list(TimetableStage.objects.for_year(YEAR))
    data = management(len(ordered) + 1, len(ordered))
    for n, existing in enumerate(ordered):
        changes = {}
        if existing == stages["member_input"]:
            changes["done_on"] = days(-1).isoformat()
        if existing == stages["divisional"]:
            changes["delete"] = "on"
        data.update(row(n, existing, **changes))
    data.update(
        row(
            len(ordered),
            name="Risk assessments with the draft plans",
            audience="operational_directors",
            due=days(5).isoformat(),
        )
    )
    response = client.post(EDIT, data, follow=True)
    text = page(response)
    assert "The 2010/11 timetable is saved: 1 stage(s) added, 1 changed, 1 deleted." in text
    assert "Risk assessments with the draft plans" in text
    assert "Divisional plans drafted" not in text
    assert f"Done {days(-1).day} {days(-1):%B %Y}" in text
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["timetable_stage_add", "timetable_stage_change", "timetable_stage_delete"]
    change = AuditEntry.objects.get(action="timetable_stage_change")
    assert change.actor == thread.council.priya
    assert change.data["changed"] == {"done_on": {"from": None, "to": days(-1).isoformat()}}


def test_a_bad_row_is_named_and_nothing_is_saved(client, thread, stages):
    client.force_login(thread.council.priya)
    ordered = list(TimetableStage.objects.for_year(YEAR))
    data = management(len(ordered) + 1, len(ordered))
    for n, existing in enumerate(ordered):
        data.update(row(n, existing, name="Renamed" if n == 0 else existing.name))
    data.update(row(len(ordered), name="Half a stage", due="2010-02-30"))
    response = client.post(EDIT, data)
    assert response.status_code == 400
    text = page(response)
    assert f'href="#id_stage-{len(ordered)}-due"' in response.content.decode()
    assert f"Stage {len(ordered) + 1}: Enter the due date as a real date" in text
    assert f"Stage {len(ordered) + 1}: Choose whom the stage is due from" in text
    assert not TimetableStage.objects.filter(name="Renamed").exists()
    assert not AuditEntry.objects.exists()


def test_a_stage_cannot_be_marked_done_in_the_future(client, thread, stages):
    client.force_login(thread.council.priya)
    existing = stages["guidance"]
    data = {**management(1, 1), **row(0, existing, done_on=days(3).isoformat())}
    response = client.post(EDIT, data)
    assert response.status_code == 400
    assert "The date it was done cannot be in the future" in page(response)


def test_empty_rows_are_ignored(client, thread):
    client.force_login(thread.council.priya)
    data = management(3, 0)
    data.update(row(0, name="Guidance issued", audience="performance_team", due="2009-09-01"))
    data.update(row(1))
    data.update(row(2))
    assert client.post(EDIT, data).status_code == 302
    assert TimetableStage.objects.get().name == "Guidance issued"


@pytest.mark.parametrize("who", ["dev", "chen", "pat"])
def test_only_the_performance_team_changes_the_timetable(client, thread, stages, who):
    client.force_login(getattr(thread.council, who))
    assert client.get(EDIT).status_code == 404
    data = {**management(1, 0), **row(0, name="Sneaked in", audience="members", due="2009-09-01")}
    assert client.post(EDIT, data).status_code == 404
    assert not TimetableStage.objects.filter(name="Sneaked in").exists()


def test_directors_do_not_change_the_timetable_either(client, thread, stages):
    for person in (thread.sam, thread.morgan):
        client.force_login(person)
        assert client.get(EDIT).status_code == 404


def test_the_form_shows_each_date_as_the_date_box_reads_it_and_saving_it_unchanged_changes_nothing(
    client, thread, stages
):
    client.force_login(thread.council.priya)
    markup = client.get(EDIT).content.decode()
    guidance = stages["guidance"]
    assert f'type="date" value="{guidance.due.isoformat()}"' in markup
    assert f'type="date" value="{guidance.done_on.isoformat()}"' in markup
    ordered = list(TimetableStage.objects.for_year(YEAR))
    data = management(len(ordered), len(ordered))
    for n, existing in enumerate(ordered):
        data.update(row(n, existing))
    response = client.post(EDIT, data, follow=True)
    assert "0 stage(s) added, 0 changed, 0 deleted" in page(response)
    assert not AuditEntry.objects.exists()
