"""The performance team loads a plan file in the browser at /planning/import/: the file is
checked first, the page says what loading it would do, and one confirmation loads it."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Indicator
from goldenthread.planning.imports.columns import NAMES, RecordKind
from goldenthread.planning.models import Objective, Plan
from tests.test_import_plans import ROWS

PAGE = reverse("plans_import")
LOAD = reverse("plans_import_load")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def library(council):
    return Indicator.objects.create(code="HL LI 3", title="Smoking quitters")


def plan_file(rows=ROWS, name="council-plans.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    header = [name for name in NAMES if any(name in row for row in rows)]
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return SimpleUploadedFile(name, out.getvalue().encode())


def waiting_files(data_dir) -> list:
    folder = data_dir / "uploads" / "plan-imports"
    return list(folder.iterdir()) if folder.exists() else []


def test_priya_checks_a_file_sees_what_it_would_do_then_loads_it(
    client, council, library, data_dir
):
    client.force_login(council.priya)

    checked = client.post(PAGE, {"plan_file": plan_file()})

    html = checked.content.decode()
    assert checked.status_code == 200
    assert "What loading council-plans.csv would do" in html
    assert "Load these plans" in html and "Objective links" in html
    assert not Plan.objects.exists()  # nothing yet
    assert len(waiting_files(data_dir)) == 1

    loaded = client.post(LOAD)

    assert loaded.status_code == 302 and loaded["Location"] == PAGE
    assert Plan.objects.count() == 5 and Objective.objects.get(code="EH 1").links.count() == 2
    entry = AuditEntry.objects.get(action="plans.import")
    assert entry.actor == council.priya and entry.data["filename"] == "council-plans.csv"
    followed = client.get(PAGE).content.decode()
    assert "council-plans.csv loaded: priorities: 1 created" in followed
    assert waiting_files(data_dir) == []


def test_a_bad_file_shows_every_refused_row_and_loads_nothing(client, council, library):
    client.force_login(council.priya)
    bad = [dict(row) for row in ROWS]
    bad[11]["due"] = "2009/10"
    bad[12]["owner"] = "nobody@example.org"

    response = client.post(PAGE, {"plan_file": plan_file(bad)})

    html = response.content.decode()
    assert response.status_code == 400
    assert "council-plans.csv was not loaded" in html and 'href="#refused"' in html
    assert (
        '<td class="govuk-table__cell">13</td>' in html
        and "&#x27;2009/10&#x27; is not a quarter" in html
    )
    assert "nobody@example.org" in html
    assert "Load these plans" not in html
    assert not Plan.objects.exists()


def test_no_file_chosen_is_an_error_linked_to_the_field(client, council):
    client.force_login(council.priya)

    response = client.post(PAGE, {})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#plan-file">Choose the plan file to check' in html
    assert 'id="plan-file-error"' in html


def test_loading_checks_the_file_again_and_refuses_what_changed_meanwhile(
    client, council, library, data_dir
):
    client.force_login(council.priya)
    client.post(PAGE, {"plan_file": plan_file()})
    library.delete()  # someone removes the indicator the file links to

    response = client.post(LOAD)

    assert response.status_code == 400
    assert (
        "Something changed in Golden Thread since the file was checked" in response.content.decode()
    )
    assert not Plan.objects.exists()
    assert waiting_files(data_dir) == []


def test_loading_with_nothing_checked_says_so_and_writes_nothing(client, council):
    client.force_login(council.priya)

    response = client.post(LOAD, follow=True)

    assert "There is no checked plan file waiting to be loaded" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_the_template_has_every_column_an_example_of_every_kind_and_guidance(client, council):
    client.force_login(council.priya)

    text = client.get(reverse("plans_import_template", args=["csv"])).content.decode("utf-8-sig")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("plans_import_template", args=["xlsx"])).content)
    )

    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == NAMES
    assert [row[0] for row in rows[1:]] == list(RecordKind.labels)
    assert book.sheetnames == ["Plans", "Guidance"]
    guidance = {row[0]: row[1] for row in book["Guidance"].iter_rows(values_only=True) if row[0]}
    assert guidance["due"].startswith("milestone: the quarter it is due")


def test_people_outside_the_performance_team_cannot_load_or_download(client, council, library):
    client.force_login(council.dev)

    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"plan_file": plan_file()}).status_code == 404
    assert client.post(LOAD).status_code == 404
    assert client.get(reverse("plans_import_template", args=["csv"])).status_code == 404
    assert client.get(reverse("plans_export", args=["xlsx"])).status_code == 404
    assert not Plan.objects.exists()


def test_the_councils_plans_download_as_a_file_that_loads_back_unchanged(client, council, library):
    client.force_login(council.priya)
    client.post(PAGE, {"plan_file": plan_file()})
    client.post(LOAD)

    exported = client.get(reverse("plans_export", args=["xlsx"]))
    checked = client.post(
        PAGE, {"plan_file": SimpleUploadedFile("plans.xlsx", exported.content)}
    ).content.decode()

    assert exported["Content-Disposition"] == 'attachment; filename="plans.xlsx"'
    assert "What loading plans.xlsx would do" in checked
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric">5</td>' in checked
    )  # plans unchanged
    assert client.get(reverse("plans_export", args=["pdf"])).status_code == 404
