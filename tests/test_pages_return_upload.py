"""A department's return as a spreadsheet in the browser: download it, fill it in offline,
upload it back through the same checks, with row-level errors shown on the page (issue 4)."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import ItemChange
from goldenthread.monitoring.services import round_open
from tests.monitoring_fixtures import Q1, Q2, collection_fixture  # noqa: F401
from tests.test_return_xlsx import fill

URL = reverse("return_spreadsheet", args=["EH", Q2.slug])
RETURN = reverse("department_return", args=["EH", Q2.slug])


@pytest.fixture(name="round_")
def round_fixture(council, collection):
    return round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 31))


def downloaded(client) -> openpyxl.Workbook:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="return-EH-2009-10-Q2.xlsx"'
    return openpyxl.load_workbook(io.BytesIO(response.content))


def posted(client, workbook: openpyxl.Workbook):
    out = io.BytesIO()
    workbook.save(out)
    return client.post(URL, {"return_file": SimpleUploadedFile("return.xlsx", out.getvalue())})


def test_the_return_page_offers_the_spreadsheet(client, council, round_):
    client.force_login(council.dev)
    html = client.get(RETURN).content.decode()
    assert URL in html and 'enctype="multipart/form-data"' in html


def test_a_manager_downloads_fills_in_and_uploads_the_return(client, council, collection, round_):
    client.force_login(council.dev)
    workbook = downloaded(client)
    fill(workbook, "Indicators", "NI 123", value=52.5, commentary="More clinics")

    response = posted(client, workbook)

    assert response.status_code == 302 and response["Location"] == RETURN
    smoking = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert float(smoking.value) == 52.5
    assert ItemChange.objects.filter(item_id=smoking.pk, how="upload").exists()
    followed = client.get(RETURN).content.decode()
    assert "Return uploaded: return EH 2009/10 Q2: 1 entered" in followed


def test_a_bad_row_is_shown_with_where_and_why_and_nothing_is_saved(
    client, council, collection, round_
):
    client.force_login(council.dev)
    workbook = downloaded(client)
    fill(workbook, "Indicators", "NI 123", value=52.5)
    fill(workbook, "Indicators", "EH LI 1", value="lots")
    before = (Actual.objects.count(), ItemChange.objects.count())

    response = posted(client, workbook)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The return was not uploaded" in html and "nothing in the file was saved" in html
    assert "What to correct in the spreadsheet" in html and "lots" in html
    assert (Actual.objects.count(), ItemChange.objects.count()) == before


def test_a_file_that_is_not_a_return_or_no_file_is_refused_plainly(client, council, round_):
    client.force_login(council.dev)
    assert "Choose the filled-in return to upload" in client.post(URL).content.decode()
    not_a_return = SimpleUploadedFile("notes.xlsx", b"not a workbook at all")
    html = client.post(URL, {"return_file": not_a_return}).content.decode()
    assert "The return was not uploaded" in html


@pytest.mark.parametrize("persona", ["olu", "chen", "pat"])
def test_people_outside_the_department_can_neither_download_nor_upload(
    client, council, round_, persona
):
    client.force_login(getattr(council, persona))
    assert client.get(URL).status_code == 404
    assert client.post(URL).status_code == 404


def with_about(workbook: openpyxl.Workbook, key: str, value: str) -> openpyxl.Workbook:
    about = workbook["About"]
    for row in about.iter_rows(max_col=2):
        if row[0].value == key:
            row[1].value = value
            return workbook
    raise AssertionError(f"the About sheet has no {key!r}")


@pytest.mark.parametrize(
    ("period", "why"),
    [
        ("2031/32 Q1", "no collection round is open for 2031/32 Q1"),
        ("2009/10 Q5", "names quarter 5; a year has 4 quarters"),
        ("junk", "'junk' is not a period"),
        ("", "'' is not a period"),
    ],
)
def test_a_return_naming_a_quarter_that_is_not_open_is_refused_plainly(
    client, council, round_, period, why
):
    client.force_login(council.dev)
    workbook = with_about(downloaded(client), "period", period)
    before = (Actual.objects.count(), ItemChange.objects.count())

    response = posted(client, workbook)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The return was not uploaded" in html
    assert "About sheet" in html and "cell B3" in html and why in html.replace("&#x27;", "'")
    assert (Actual.objects.count(), ItemChange.objects.count()) == before


def test_a_return_for_another_quarter_or_department_is_refused_on_this_page(
    client, council, collection, round_
):
    round_open(acting_user=council.priya, quarter=Q1, deadline=datetime.date(2009, 7, 31))
    client.force_login(council.dev)
    before = (Actual.objects.count(), ItemChange.objects.count())
    other_quarter = with_about(downloaded(client), "period", str(Q1))
    fill(other_quarter, "Indicators", "NI 123", value=52.5, commentary="More clinics")
    html = posted(client, other_quarter).content.decode().replace("&#x27;", "'")
    assert "cell B3" in html and "'2009/10 Q1'" in html and "this page is for 2009/10 Q2" in html

    for code in ("RB", "NOWHERE"):
        elsewhere = with_about(downloaded(client), "department", code)
        response = posted(client, elsewhere)
        html = response.content.decode().replace("&#x27;", "'")
        assert response.status_code == 200
        assert f"cell B2 (department) reads '{code}'" in html and "this page is for EH" in html
    assert (Actual.objects.count(), ItemChange.objects.count()) == before


def test_a_return_without_its_about_sheet_or_with_a_sheet_renamed_is_refused(
    client, council, round_
):
    client.force_login(council.dev)
    no_about = downloaded(client)
    del no_about["About"]
    html = posted(client, no_about).content.decode()
    assert "it has no hidden &#x27;About&#x27; sheet" in html

    renamed = downloaded(client)
    renamed["Milestones"].title = "Milestones (mine)"
    html = posted(client, renamed).content.decode()
    assert "The workbook has no &#x27;Milestones&#x27; sheet" in html
