"""The planning timetable on the public pages (issue 12: "shown to every audience with what is
due from them, overdue stages flagged"; /performance/planning-timetable/).

Rosa, a resident, reads without signing in when the council plans its year: each step, its date,
who it is due from in plain words, and whether it is done or overdue, with the councillors' say
(Member input) before the plans are agreed. Nothing internal reaches her: not the staff's note
of what each stage asks for. Priya, the performance officer, changes the timetable through the
service: Rosa sees it on her very next request. A stage that falls due at midnight reads overdue
the next morning, although nothing was edited.
"""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.assurance.choices import Audience, StageKind
from goldenthread.assurance.models import TimetableStage
from goldenthread.assurance.services import StageDraft, timetable_save
from goldenthread.public.words import KeyStage, key_dates_sentence, overdue_sentence
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

PAGE = "/performance/planning-timetable/"
YEAR = 2010
TODAY = timezone.localdate()
MEMBER_INPUT_NOTE = "Chase Cllr Chen's board for its list"


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def on(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def words(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", markup)).split())


def read(client, url: str = PAGE) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return words(response.content.decode())


def stage(
    name: str, audience: Audience, due: datetime.date, year: int = YEAR, **fields
) -> TimetableStage:
    return TimetableStage.objects.create(year=year, name=name, audience=audience, due=due, **fields)


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
            what_is_due=MEMBER_INPUT_NOTE,
        ),
        "divisional": stage("Divisional plans drafted", Audience.MANAGERS, days(10)),
        "agreed": stage(
            "Executive Board agrees the plans",
            Audience.EXECUTIVE_BOARD,
            days(60),
            kind=StageKind.PLANS_AGREED,
        ),
        "last_year": stage("Last year's plans agreed", Audience.EXECUTIVE_BOARD, days(-300), 2009),
    }


# -- what Rosa reads ------------------------------------------------------------------------------


def test_rosa_reads_the_latest_year_s_stages_without_signing_in(client, stages):
    text = read(client)

    assert "Planning timetable for 2010/11" in text
    assert "Last year's plans agreed" not in text  # 2009/10's, on its own page
    for name in ("guidance issued", "Member input to", "plans drafted", "agrees the plans"):
        assert name in text
    assert "Councillors on the Policy and Performance Boards" in text
    assert "The Executive Board (the councillors who lead the council)" in text
    assert "Service managers" in text


def test_the_councillors_say_comes_before_the_plans_are_agreed_and_says_so(client, stages):
    text = read(client)

    assert (
        f"Councillors' input was due by {on(days(-3))} and is overdue; "
        f"the plans are to be agreed by {on(days(60))}."
    ) in text
    assert "Councillors have their say on the plans, before the plans are agreed." in text
    assert text.index("Member input to service plans") < text.index("Executive Board agrees")


def test_of_two_member_input_stages_the_one_still_to_come_is_the_key_date(client, stages):
    stage(
        "Members' early input",
        Audience.MEMBERS,
        days(-20),
        kind=StageKind.MEMBER_INPUT,
        done_on=days(-21),
    )
    assert f"Councillors' input was due by {on(days(-3))} and is overdue;" in read(client)

    TimetableStage.objects.filter(pk=stages["member_input"].pk).update(done_on=days(-2))
    stages["agreed"].save()  # a new edition: .update() sends no signal
    assert f"Councillors gave their input on {on(days(-2))};" in read(client)


def test_an_overdue_stage_says_so_in_words_and_a_done_one_when(client, stages):
    text = read(client)

    assert "1 stage is overdue." in text
    assert f"Overdue: due {on(days(-3))}, 3 days ago" in text
    assert f"Done {on(days(-41))}" in text
    assert f"Due {on(days(10))}, in 10 days" in text
    assert text.count("Overdue:") == 1


def test_nothing_internal_reaches_the_public(client, stages):
    html = client.get(PAGE).content.decode()

    assert MEMBER_INPUT_NOTE not in unescape(html)  # the staff's note of what is due
    assert "Members (Policy and Performance Boards)" not in html  # the staff's audience names
    assert "/assurance/" not in html


def test_the_table_has_a_caption_and_headers_and_the_page_no_inline_script_or_style(client, stages):
    html = client.get(PAGE).content.decode()

    assert (
        '<caption class="govuk-table__caption govuk-table__caption--m">Steps in preparing' in html
    )
    assert html.count('<th scope="col"') == 4
    assert html.count('<th scope="row"') == 4
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_rosa_finds_the_timetable_from_the_overview_and_the_about_page(client, stages):
    for url in ("/performance/", "/performance/about/"):
        assert f'href="{PAGE}"' in client.get(url).content.decode()


def test_rosa_chooses_another_year_and_a_year_with_no_timetable_is_not_found(client, stages):
    html = client.get(PAGE).content.decode()
    assert f'href="{PAGE}?year=2009-10"' in html

    text = read(client, f"{PAGE}?year=2009-10")
    assert "Planning timetable for 2009/10" in text
    assert "Last year's plans agreed" in text
    assert "Member input to service plans" not in text
    assert "Planning timetable for 2010/11" in text  # the link back

    assert client.get(f"{PAGE}?year=2031-32").status_code == 404
    assert client.get(f"{PAGE}?year=next").status_code == 404


def test_a_council_with_no_timetable_says_so(client, thread):
    text = read(client)

    assert "The council has not published a planning timetable yet." in text
    assert "overdue" not in text


def test_staff_signed_in_read_the_same_page_never_kept(client, thread, stages):
    client.force_login(thread.council.priya)
    response = client.get(PAGE)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert MEMBER_INPUT_NOTE not in unescape(response.content.decode())
    assert "1 stage is overdue." in words(response.content.decode())


# -- always up to date --------------------------------------------------------------------------


def draft(row: TimetableStage, **changes) -> StageDraft:
    values = {
        "name": row.name,
        "what_is_due": row.what_is_due,
        "kind": row.kind,
        "audience": row.audience,
        "due": row.due,
        "done_on": row.done_on,
    }
    return StageDraft(pk=row.pk, **(values | changes))


def test_priya_s_change_through_the_service_shows_on_rosa_s_very_next_request(
    client, thread, stages
):
    assert "1 stage is overdue." in read(client)
    assert read(client) == read(client)  # kept

    timetable_save(
        acting_user=thread.council.priya,
        year=YEAR,
        stages=[
            draft(stages["member_input"], done_on=days(-1)),
            StageDraft(
                None, "Budget consultation", "", StageKind.OTHER, Audience.PARTNERS, days(5), None
            ),
        ],
    )

    text = read(client)
    assert f"Done {on(days(-1))}" in text
    assert "Councillors gave their input on" in text
    assert "overdue" not in text
    assert "Budget consultation" in text
    assert "The council's partner organisations" in text


def test_a_stage_changed_outside_the_service_shows_at_once_too(client, stages):
    assert "Divisional plans drafted" in read(client)

    TimetableStage.objects.filter(pk=stages["divisional"].pk).delete()
    stages["agreed"].name = "Full Council agrees the plans"
    stages["agreed"].save()

    text = read(client)
    assert "Full Council agrees the plans" in text
    assert "Divisional plans drafted" not in text


def test_a_stage_due_today_reads_overdue_the_morning_after_though_nothing_changed(
    client, stages, monkeypatch
):
    stages["divisional"].due = TODAY
    stages["divisional"].save()
    first = client.get(PAGE)
    assert f"Due today, {on(TODAY)}" in words(first.content.decode())
    assert client.get(PAGE, headers={"if-none-match": first["ETag"]}).status_code == 304

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)

    again = client.get(PAGE, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200  # yesterday's copy is not "not modified"
    text = words(again.content.decode())
    assert f"Overdue: due {on(TODAY)}, 1 day ago" in text
    assert "2 stages are overdue." in text


# -- cost and fair use --------------------------------------------------------------------------


def queries(client, url: str = PAGE) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_4_stages_or_40(client, stages, settings):
    settings.PUBLIC_CACHE_SECONDS = 0  # built every time
    few = queries(client)
    for n in range(36):
        stage(f"Extra stage {n}", Audience.MANAGERS, days(n))

    assert queries(client) == few
    assert read(client).count("Extra stage") == 36


def test_rosa_s_second_visit_is_one_query(client, stages):
    queries(client)

    assert queries(client) == 1  # the public edition


@pytest.fixture
def fresh_counts():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def test_a_scraper_past_the_limit_gets_too_many_requests(client, stages, settings, fresh_counts):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "anonymous": 2}
    for _ in range(2):
        assert client.get(PAGE, REMOTE_ADDR="203.0.113.9").status_code == 200

    assert client.get(PAGE, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.get(PAGE, REMOTE_ADDR="198.51.100.7").status_code == 200


# -- the words ----------------------------------------------------------------------------------

DAY = datetime.date(2010, 3, 10)


@pytest.mark.parametrize(
    ("member_input", "agreed", "sentence"),
    [
        (
            KeyStage(datetime.date(2010, 3, 5), datetime.date(2010, 3, 4)),
            KeyStage(datetime.date(2010, 4, 1)),
            "Councillors gave their input on 4 March 2010; "
            "the plans are to be agreed by 1 April 2010.",
        ),
        (
            KeyStage(datetime.date(2010, 3, 12)),
            None,
            "Councillors give their input by 12 March 2010.",
        ),
        (
            None,
            KeyStage(datetime.date(2010, 3, 1)),
            "The plans were due to be agreed by 1 March 2010 and are overdue.",
        ),
        (
            KeyStage(datetime.date(2010, 2, 1), datetime.date(2010, 2, 1)),
            KeyStage(datetime.date(2010, 3, 1), datetime.date(2010, 3, 2)),
            "Councillors gave their input on 1 February 2010; "
            "the plans were agreed on 2 March 2010.",
        ),
        (None, None, ""),
    ],
)
def test_the_key_dates_in_a_sentence(member_input, agreed, sentence):
    assert key_dates_sentence(member_input, agreed, DAY) == sentence


def test_how_many_stages_are_overdue_in_a_sentence():
    assert overdue_sentence(0) == ""
    assert overdue_sentence(1) == "1 stage is overdue."
    assert overdue_sentence(3) == "3 stages are overdue."
