"""A return workbook for a round that has closed is refused once, as a whole, naming the quarter
its About sheet gives and saying the round is closed, never row by row (issue 12, "Finish the
quarter").

Dev, the Environmental Health manager, downloads the 2009/10 Q2 return and fills it in offline;
before he uploads it, Priya of the performance team closes the Q2 round.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from goldenthread.indicators.models import Actual
from goldenthread.monitoring.models import ChangeHow, ItemChange
from goldenthread.monitoring.returns_xlsx import ReturnFileRefused, return_export, return_import
from goldenthread.monitoring.services import round_close, round_open
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401
from tests.test_return_xlsx import fill

pytestmark = pytest.mark.django_db

URL = reverse("return_spreadsheet", args=["EH", Q2.slug])
CLOSED = (
    "In the hidden About sheet, cell B3 (period) reads '2009/10 Q2': the 2009/10 Q2 round is "
    "closed and it takes no more entries, submissions or returns, so nothing in this file was "
    "saved."
)


@pytest.fixture(name="filled_in")
def filled_in_fixture(council, collection):
    """Dev's return, filled in while the round was open, once the round has closed."""
    round_ = round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 31))
    data = return_export(department=council.health_dept, period=Q2, acting_user=council.dev)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    fill(workbook, "Indicators", "NI 123", value=52.5, commentary="More clinics")
    round_close(acting_user=council.priya, round=round_)
    return workbook


def saved(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def held() -> tuple[int, int]:
    return Actual.objects.count(), ItemChange.objects.count()


def test_a_return_for_a_closed_round_is_refused_once_naming_its_quarter(council, filled_in):
    before = held()

    with pytest.raises(ReturnFileRefused) as refused:
        return_import(
            source=io.BytesIO(saved(filled_in)), acting_user=council.dev, how=ChangeHow.UPLOAD
        )

    assert str(refused.value).startswith(CLOSED)
    assert held() == before


def test_a_dry_run_of_a_closed_round_s_return_is_refused_the_same_way(council, filled_in):
    with pytest.raises(ReturnFileRefused, match="the 2009/10 Q2 round is closed"):
        return_import(source=io.BytesIO(saved(filled_in)), acting_user=council.dev, dry_run=True)


def test_the_upload_page_shows_one_message_and_no_rows_to_correct(client, council, filled_in):
    client.force_login(council.dev)
    before = held()

    response = client.post(
        URL, {"return_file": SimpleUploadedFile("return.xlsx", saved(filled_in))}
    )

    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "The return was not uploaded" in html
    assert html.count("round is closed") == 1
    assert CLOSED in html
    assert "What to correct in the spreadsheet" not in html  # no row-by-row refusals
    assert held() == before


def test_the_import_command_refuses_a_closed_round_s_return_in_one_line(
    council, filled_in, tmp_path
):
    path = tmp_path / "eh.xlsx"
    path.write_bytes(saved(filled_in))
    err = io.StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("import_return", str(path), "--as", "dev", stderr=err)

    assert str(refused.value).startswith(CLOSED)
    assert "row" not in err.getvalue()
