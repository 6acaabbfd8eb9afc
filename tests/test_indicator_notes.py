"""Editorial notes such as "[sic …]" or "[title truncated in source]" never appear in an
indicator's title; they are kept in its note, which readers see as a note (issue 12)."""

import csv
import importlib

import pytest
from django.apps import apps as global_apps
from django.urls import reverse

from goldenthread.demo.content_pis import PIS, UNLINKED_PIS
from goldenthread.indicators.editorial import split_title
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.services import NATIONAL_INDICATORS_FILE
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401
from tests.test_import_indicators import import_indicators, refused, write_csv


def test_a_bracketed_remark_leaves_the_title_for_the_note():
    assert split_title("Children travelling to school [title truncated in source]") == (
        "Children travelling to school",
        "Title truncated in source.",
    )
    assert split_title("Access by public [sic - 'modes'?] transport", "Checked.") == (
        "Access by public transport",
        "Checked. Sic - 'modes'?",
    )
    assert split_title("Household waste recycled") == ("Household waste recycled", "")
    assert split_title("[unknown]") == ("[unknown]", "")  # an indicator needs a title


def test_no_title_in_the_shipped_reference_data_has_a_bracket_and_the_facts_are_kept():
    with open(NATIONAL_INDICATORS_FILE, encoding="utf-8") as file:
        rows = {row["code"]: row for row in csv.DictReader(file)}

    assert [code for code, row in rows.items() if "[" in row["title"]] == []
    assert rows["NI 198"]["note"] == "Title truncated in source."
    assert "probably 'modes'" in rows["NI 175"]["note"]
    assert sum(1 for row in rows.values() if row["note"]) == 12


def test_no_title_in_the_demo_has_a_bracket(demo):
    assert list(Indicator.objects.filter(title__contains="[").values_list("code", flat=True)) == []
    assert Indicator.objects.get(code="NI 43").note == "Title truncated in source."
    own_titles = [row.title for rows in PIS.values() for row in rows]
    own_titles += [row.title for row in UNLINKED_PIS]
    assert not [title for title in own_titles if "[" in title]


def test_an_import_whose_title_carries_a_bracketed_note_is_refused_with_where_and_why(db, tmp_path):
    rows = [
        ["code", "title"],
        ["NI 18", "Adult re-offending rates [title truncated in source]"],
        ["NI 39", "Alcohol-harm related admissions"],
    ]

    message, lines = refused(str(write_csv(tmp_path / "library.csv", rows)))

    assert "nothing written" in message
    assert lines == [
        "row 2, column 'title': the title carries an editorial note in square brackets "
        "('[title truncated in source]'); take it out of the title and put it in the "
        "'note' column"
    ]
    assert not Indicator.objects.exists()


def test_the_note_column_sets_and_clears_the_note(db, tmp_path):
    path = write_csv(
        tmp_path / "library.csv",
        [["code", "title", "note"], ["NI 18", "Adult re-offending", "Title truncated in source."]],
    )
    assert import_indicators(str(path))[0] == "indicators: 1 created, 0 updated, 0 unchanged"
    assert Indicator.objects.get(code="NI 18").note == "Title truncated in source."

    write_csv(path, [["code", "title", "note"], ["NI 18", "Adult re-offending", ""]])
    import_indicators(str(path))
    assert Indicator.objects.get(code="NI 18").note == ""


def test_the_migration_moves_remarks_out_of_existing_titles(db):
    Indicator.objects.create(code="NI 111", title="First time entrants aged [title truncated]")
    Indicator.objects.create(
        code="NI 60", title="Core assessments [wording as in source]", note="Old."
    )
    Indicator.objects.create(code="LI 1", title="Plain title")
    migration = importlib.import_module(
        "goldenthread.indicators.migrations.0007_editorial_notes_out_of_titles"
    )

    migration.move_notes(global_apps, None)

    titles = dict(Indicator.objects.values_list("code", "title"))
    notes = dict(Indicator.objects.values_list("code", "note"))
    assert titles == {
        "NI 111": "First time entrants aged",
        "NI 60": "Core assessments",
        "LI 1": "Plain title",
    }
    assert notes == {
        "NI 111": "Title truncated.",
        "NI 60": "Old. Wording as in source.",
        "LI 1": "",
    }


@pytest.fixture
def noted(thread: Thread) -> Thread:
    thread.ni.title = "Four-week quitters"
    thread.ni.note = "Title truncated in source."
    thread.ni.save()
    return thread


NOTE = (
    '<div class="govuk-inset-text gt-indicator-note"><strong>Note:</strong> '
    "Title truncated in source.</div>"
)


def test_the_indicator_page_shows_the_note_as_a_note_not_in_the_title(client, noted: Thread):
    client.force_login(noted.council.priya)
    html = client.get(reverse("indicator", args=["NI 123"])).content.decode()

    assert '<h1 class="govuk-heading-xl">Four-week quitters</h1>' in html
    assert NOTE in html


def test_the_public_indicator_page_shows_the_note_too(client, noted: Thread):
    html = client.get(reverse("public_indicator", args=["NI 123"])).content.decode()

    assert '<h1 class="govuk-heading-xl">Four-week quitters</h1>' in html
    assert NOTE in html


def test_a_title_saved_through_a_form_may_not_carry_a_bracketed_note(db):
    from django.core.exceptions import ValidationError

    indicator = Indicator(code="NI 175", title="Access to services [sic]")

    with pytest.raises(ValidationError) as refused:
        indicator.full_clean()

    assert refused.value.message_dict["title"] == [
        "Take the editorial note '[sic]' out of the title and put it in the note."
    ]
    indicator.title, indicator.note = "Access to services", "Sic."
    indicator.full_clean()
