"""A department's return as an Excel workbook: downloaded filled in, completed offline, and
uploaded back through the same checks as the forms, all or nothing."""

import datetime
import io
import os
import shutil
import subprocess
import time
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.http import Http404

from goldenthread.audit.models import AuditEntry
from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring.models import ChangeHow, DepartmentNarrative, ItemChange, ItemType
from goldenthread.monitoring.returns_xlsx import ReturnFileRefused, return_export, return_import
from goldenthread.monitoring.services import actual_save, actual_submit, round_open
from goldenthread.planning.models import MilestoneUpdate
from goldenthread.web.selectors.collection import return_page
from goldenthread.workflow import WorkflowState
from tests.monitoring_fixtures import Q2, collection_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(name="round_")
def round_fixture(council, collection):
    return round_open(acting_user=council.priya, quarter=Q2, deadline=datetime.date(2009, 10, 31))


def export(council, user=None):
    data = return_export(department=council.health_dept, period=Q2, acting_user=user or council.dev)
    return openpyxl.load_workbook(io.BytesIO(data))


def header(sheet):
    return [cell.value for cell in sheet[1]]


def row_of(sheet, code):
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            return row[0].row
    raise AssertionError(f"{code} is not on the {sheet.title} sheet")


def cell(sheet, code, column):
    return sheet.cell(row=row_of(sheet, code), column=header(sheet).index(column) + 1)


def fill(workbook, sheet_name, code, **values):
    sheet = workbook[sheet_name]
    for column, value in values.items():
        cell(sheet, code, column).value = value


def narrate(workbook, key_developments, emerging_issues=""):
    sheet = workbook["Narrative"]
    sheet["D2"], sheet["E2"] = key_developments, emerging_issues


def upload(workbook, user, **options):
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return return_import(source=out, acting_user=user, how=ChangeHow.UPLOAD, **options)


def where(result):
    return [(e.sheet, e.row, e.column) for e in result.errors]


def snapshot():
    return (
        Actual.objects.count(),
        MilestoneUpdate.objects.count(),
        DepartmentNarrative.objects.count(),
        ItemChange.objects.count(),
        AuditEntry.objects.count(),
    )


# -- export ----------------------------------------------------------------------------------


def test_the_export_has_instructions_indicators_milestones_and_narrative(council, round_):
    workbook = export(council)
    assert workbook.sheetnames[:4] == ["Instructions", "Indicators", "Milestones", "Narrative"]
    assert workbook["About"].sheet_state == "hidden"
    assert (
        "Environmental Health (EH): return for 2009/10 Q2" in workbook["Instructions"]["A1"].value
    )
    indicators = workbook["Indicators"]
    assert header(indicators)[:10] == [
        "code",
        "title",
        "period",
        "unit",
        "decimals",
        "polarity",
        "target",
        "previous_quarter",
        "same_quarter_last_year",
        "state",
    ]
    codes = [row[0] for row in indicators.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["EH LI 1", "NI 123"]  # NI 181 belongs to Revenues & Benefits
    values = [c.value for c in indicators[row_of(indicators, "NI 123")]]
    row = dict(zip(header(indicators), values, strict=True))
    assert (row["title"], row["unit"], row["decimals"], row["polarity"]) == (
        "Stopping smoking",
        "%",
        1,
        "higher",
    )
    assert (row["period"], row["target"], row["previous_quarter"]) == ("2009/10 Q2", 50, 48)
    assert row["value"] is None and row["version"] is None
    milestones = workbook["Milestones"]
    assert cell(milestones, "EH 1.1", "due").value == "2009/10 Q4"
    assert cell(milestones, "EH 1.1", "objective").value == "EH 1 Less smoking"


def test_the_milestone_progress_column_offers_the_five_statuses_as_a_list(council, round_):
    milestones = export(council)["Milestones"]
    [validation] = milestones.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"On track,At risk,Missed,Complete,Will miss"'
    assert "G2" in validation.sqref


def test_read_only_columns_are_locked_and_the_version_column_is_hidden(council, round_):
    indicators = export(council)["Indicators"]
    assert indicators.protection.sheet
    assert cell(indicators, "NI 123", "title").protection.locked
    assert not cell(indicators, "NI 123", "value").protection.locked
    assert not cell(indicators, "NI 123", "explanation").protection.locked
    assert indicators.column_dimensions["P"].hidden  # version


def test_the_export_carries_the_current_entry_its_state_and_version(council, collection, round_):
    actual_save(
        acting_user=council.dev,
        indicator=collection.smoking,
        period=Q2,
        value="52",
        commentary="Up",
    )
    indicators = export(council)["Indicators"]
    assert cell(indicators, "NI 123", "value").value == 52
    assert cell(indicators, "NI 123", "commentary").value == "Up"
    assert cell(indicators, "NI 123", "state").value == "draft"
    assert cell(indicators, "NI 123", "version").value == 1


# -- import ----------------------------------------------------------------------------------


def test_a_filled_in_return_is_saved_as_drafts_with_history(council, collection, round_):
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=52.5, commentary="More clinics")
    fill(workbook, "Indicators", "EH LI 1", value=260)
    fill(workbook, "Milestones", "EH 1.1", progress="At risk", commentary="Second site late")
    narrate(workbook, "Two clinics opened", "Staff shortages")

    result = upload(workbook, council.dev)

    assert result.ok, result.errors
    assert (result.entered, result.unchanged, result.blank, result.left_alone) == (4, 0, 0, [])
    assert result.summary() == (
        "return EH 2009/10 Q2: 4 entered, 0 unchanged, 0 left alone, 0 blank; 0 errors"
    )
    smoking = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert (smoking.value, smoking.commentary, smoking.state) == (
        D("52.5"),
        "More clinics",
        WorkflowState.DRAFT,
    )
    update = MilestoneUpdate.objects.get(milestone=collection.milestone, period=Q2)
    assert update.progress == "at_risk"
    narrative = DepartmentNarrative.objects.get(department=council.health_dept)
    assert narrative.emerging_issues == "Staff shortages"
    assert {c.how for c in ItemChange.objects.of_actual(smoking)} == {ChangeHow.UPLOAD}
    assert {c.actor for c in ItemChange.objects.of_actual(smoking)} == {council.dev}


def test_blank_rows_are_not_entered_yet_and_are_skipped(council, collection, round_):
    before = snapshot()
    result = upload(export(council), council.dev)
    assert result.ok
    assert (result.entered, result.blank) == (0, 4)
    assert snapshot() == before


def test_uploading_the_same_file_again_changes_nothing(council, collection, round_):
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=52)
    fill(workbook, "Milestones", "EH 1.1", progress="On track")
    narrate(workbook, "Two clinics opened")
    assert upload(workbook, council.dev).entered == 3
    before = snapshot()
    version = Actual.objects.get(indicator=collection.smoking, period=Q2).version

    again = upload(workbook, council.dev)

    assert again.ok
    assert (again.entered, again.unchanged) == (0, 3)
    assert snapshot() == before
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).version == version


def test_a_dry_run_checks_the_file_and_writes_nothing(council, collection, round_):
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=52)
    before = snapshot()
    result = upload(workbook, council.dev, dry_run=True)
    assert (result.ok, result.entered) == (True, 1)
    assert result.summary().endswith("(dry run: nothing written)")
    assert snapshot() == before


def test_bad_cells_are_all_reported_by_sheet_row_and_column_and_nothing_is_written(
    council, collection, round_
):
    Indicator.objects.create(
        code="EH LI 2", title="Food hygiene", unit="%", department=council.health_dept
    )
    workbook = export(council)
    indicators = workbook["Indicators"]
    fill(workbook, "Indicators", "NI 123", value="lots")
    fill(workbook, "Indicators", "EH LI 1", value=200.5)  # reported as a whole number
    fill(workbook, "Indicators", "EH LI 2", value=120)  # a percentage
    indicators.append(["NI 999", "Made up", "2009/10 Q2", *[None] * 7, 5])
    fill(workbook, "Milestones", "EH 1.1", progress="Sort of")
    narrate(workbook, "This one is fine, but is not saved either")
    before = snapshot()

    result = upload(workbook, council.dev)

    assert not result.ok
    assert sorted(where(result)) == sorted(
        [
            ("Indicators", row_of(indicators, "NI 123"), "value"),
            ("Indicators", row_of(indicators, "EH LI 1"), "value"),
            ("Indicators", row_of(indicators, "EH LI 2"), "value"),
            ("Indicators", indicators.max_row, "code"),
            ("Milestones", 2, "progress"),
        ]
    )
    messages = {(e.row, e.column): (e.value, e.message) for e in result.errors}
    assert messages[(row_of(indicators, "NI 123"), "value")][0] == "lots"
    assert "not a number" in messages[(row_of(indicators, "NI 123"), "value")][1]
    assert "decimal places" in messages[(row_of(indicators, "EH LI 1"), "value")][1]
    assert "from 0 to 100" in messages[(row_of(indicators, "EH LI 2"), "value")][1]
    assert "'NI 999' is not an indicator in EH's return" in str(result.errors[-2])
    assert "On track, At risk, Missed, Complete, Will miss" in str(result.errors[-1])
    assert "file refused, nothing written" in result.summary()
    assert snapshot() == before


def test_commentary_over_20000_characters_is_refused_as_on_the_form(council, collection, round_):
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=52, commentary="x" * 20_001)
    before = snapshot()

    refused = upload(workbook, council.dev)

    assert where(refused) == [
        ("Indicators", row_of(workbook["Indicators"], "NI 123"), "commentary")
    ]
    assert refused.errors[0].message == (
        "The commentary is 20,001 characters long; the most is 20,000: shorten it."
    )
    assert snapshot() == before


def test_a_red_milestone_needs_commentary_as_on_the_form(council, collection, round_):
    workbook = export(council)
    fill(workbook, "Milestones", "EH 1.1", progress="Will miss")
    result = upload(workbook, council.dev)
    assert where(result) == [("Milestones", 2, "commentary")]
    assert "Say why in the commentary" in result.errors[0].message
    assert not MilestoneUpdate.objects.exists()


def test_a_workbook_that_is_not_a_return_is_refused_whole(council, collection, round_):
    workbook = openpyxl.Workbook()
    workbook.active.append(["indicator", "period", "value"])
    with pytest.raises(ReturnFileRefused, match="not a Golden Thread return"):
        upload(workbook, council.dev)


def test_a_warning_needs_an_explanation_from_the_explanation_column(council, collection, round_):
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=70)  # 48 last quarter: up by 46%
    before = snapshot()

    refused = upload(workbook, council.dev)

    assert where(refused) == [("Indicators", row_of(workbook["Indicators"], "NI 123"), "value")]
    assert "explanation column" in refused.errors[0].message
    assert snapshot() == before

    fill(workbook, "Indicators", "NI 123", explanation="A new clinic opened in July")
    assert upload(workbook, council.dev).entered == 1
    actual = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert {c.note for c in ItemChange.objects.of_actual(actual)} == {"A new clinic opened in July"}


def test_a_change_made_since_the_download_is_reported_not_overwritten(council, collection, round_):
    first = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="52"
    )
    workbook = export(council)
    actual_save(
        acting_user=council.priya,
        indicator=collection.smoking,
        period=Q2,
        value="51",
        expected_version=first.version,
    )
    fill(workbook, "Indicators", "NI 123", value=53)

    result = upload(workbook, council.dev)

    assert where(result) == [("Indicators", row_of(workbook["Indicators"], "NI 123"), "version")]
    assert "download the return again" in result.errors[0].message
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(51)


def test_a_figure_entered_by_someone_else_since_the_download_is_reported(
    council, collection, round_
):
    workbook = export(council)
    actual_save(acting_user=council.priya, indicator=collection.smoking, period=Q2, value="51")
    fill(workbook, "Indicators", "NI 123", value=53)
    result = upload(workbook, council.dev)
    assert [e.column for e in result.errors] == ["version"]
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D(51)


def test_submitted_items_are_left_alone_and_the_rest_is_saved(council, collection, round_):
    actual = actual_save(
        acting_user=council.dev, indicator=collection.smoking, period=Q2, value="52"
    )
    actual_submit(acting_user=council.dev, actual=actual)
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=55)
    fill(workbook, "Indicators", "EH LI 1", value=260)

    result = upload(workbook, council.dev)

    assert result.ok
    assert result.entered == 1
    [left] = result.left_alone
    assert (left.sheet, left.code) == ("Indicators", "NI 123")
    assert "already submitted" in left.reason
    assert Actual.objects.get(pk=actual.pk).value == D(52)
    assert "1 left alone" in result.summary()


def test_a_manager_of_another_department_cannot_download_or_upload_this_return(
    council, collection, round_
):
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value=52)
    before = snapshot()
    with pytest.raises(Http404):
        upload(workbook, council.olu)
    with pytest.raises(Http404):
        export(council, user=council.olu)
    assert snapshot() == before


def codes(sheet):
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_an_officers_copy_of_another_departments_return_holds_what_their_page_shows(
    council, collection, round_
):
    """Olu, a manager in Revenues & Benefits, answers for NI 123 on Environmental Health's
    return: his copy holds that figure alone, as his return page does, and no narrative."""
    collection.smoking.responsible_officer = council.olu
    collection.smoking.save()
    workbook = export(council, user=council.olu)

    page = return_page(council.olu, round_, council.health_dept)
    assert codes(workbook["Indicators"]) == [e.indicator.code for e in page.actuals] == ["NI 123"]
    assert codes(workbook["Milestones"]) == [e.milestone.code for e in page.milestones] == []
    assert codes(workbook["Narrative"]) == [] and page.narrative is None
    assert codes(export(council)["Indicators"]) == ["EH LI 1", "NI 123"]  # Dev's: the lot


def test_a_row_of_someone_elses_item_is_refused_without_saying_how_far_it_has_got(
    council, collection, round_
):
    collection.smoking.responsible_officer = council.olu
    collection.smoking.save()
    theirs = actual_save(
        acting_user=council.dev, indicator=collection.inspections, period=Q2, value="250"
    )
    actual_submit(acting_user=council.dev, actual=theirs)
    workbook = export(council, user=council.priya)  # every item, the narrative row too
    fill(workbook, "Indicators", "NI 123", value=52)
    fill(workbook, "Indicators", "EH LI 1", value=260)
    narrate(workbook, "Olu's view of Environmental Health")
    before = snapshot()

    result = upload(workbook, council.olu)

    assert {(e.sheet, e.message) for e in result.errors} == {
        ("Indicators", "You may not enter this item."),
        ("Narrative", "You may not enter this item."),
    }
    assert not result.left_alone  # which would say EH LI 1 is already submitted
    assert snapshot() == before
    fill(workbook, "Indicators", "EH LI 1", value=250)  # as held: refused just the same,
    narrate(workbook, "")  # so an upload cannot test a guess at a figure Olu may not see
    refused = upload(workbook, council.olu)
    assert [(e.sheet, e.message) for e in refused.errors] == [
        ("Indicators", "You may not enter this item.")
    ]
    fill(workbook, "Indicators", "EH LI 1", value=None, numerator=None, denominator=None)
    fill(workbook, "Indicators", "EH LI 1", commentary=None)
    assert upload(workbook, council.olu).entered == 1  # his own row alone


def test_the_performance_team_may_upload_a_department_s_return(council, collection, round_):
    workbook = export(council, user=council.priya)
    fill(workbook, "Indicators", "NI 123", value=52)
    assert upload(workbook, council.priya).entered == 1


# -- commands --------------------------------------------------------------------------------


def test_the_commands_export_and_import_a_return_as_a_named_person(
    council, collection, round_, tmp_path
):
    path = tmp_path / "eh.xlsx"
    out = io.StringIO()
    call_command(
        "export_return",
        "--department",
        "environmental health",
        "--period",
        "2009-10-Q2",
        "-o",
        str(path),
        "--as",
        "dev",
        stdout=out,
    )
    workbook = openpyxl.load_workbook(path)
    fill(workbook, "Indicators", "NI 123", value=52)
    workbook.save(path)
    out = io.StringIO()
    call_command("import_return", str(path), "--as", "dev", stdout=out)
    assert out.getvalue().strip() == (
        "return EH 2009/10 Q2: 1 entered, 0 unchanged, 0 left alone, 3 blank; 0 errors"
    )
    actual = Actual.objects.get(indicator=collection.smoking, period=Q2)
    assert {c.how for c in ItemChange.objects.of_actual(actual)} == {ChangeHow.COMMAND_LINE}


def test_the_commands_refuse_without_a_person_to_act_as(council, collection, round_, tmp_path):
    with pytest.raises(CommandError, match="--as USERNAME.*Users page"):
        call_command("import_return", str(tmp_path / "eh.xlsx"))


def test_the_import_command_lists_every_error_and_fails(council, collection, round_, tmp_path):
    path = tmp_path / "eh.xlsx"
    workbook = export(council)
    fill(workbook, "Indicators", "NI 123", value="lots")
    workbook.save(path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 error; file refused"):
        call_command("import_return", str(path), "--as", "dev", stderr=err)
    assert "sheet 'Indicators', row" in err.getvalue()
    assert "column 'value'" in err.getvalue()


def test_the_import_command_refuses_a_return_naming_a_quarter_that_is_not_open(
    council, collection, round_, tmp_path
):
    path = tmp_path / "eh.xlsx"
    workbook = export(council)
    workbook["About"]["B3"] = "2031/32 Q1"
    workbook.save(path)
    with pytest.raises(CommandError) as refused:
        call_command("import_return", str(path), "--as", "dev")
    assert str(refused.value).startswith(
        "In the hidden About sheet, cell B3 (period) reads '2031/32 Q1': no collection round "
        "is open for 2031/32 Q1"
    )


# -- LibreOffice -----------------------------------------------------------------------------


def test_a_return_re_saved_by_libreoffice_calc_imports(council, collection, round_, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("GOLDENTHREAD_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("soffice is not installed, and GOLDENTHREAD_REQUIRE_LIBREOFFICE=1")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    source = tmp_path / "in" / "return.xlsx"
    source.parent.mkdir()
    source.write_bytes(
        return_export(department=council.health_dept, period=Q2, acting_user=council.dev)
    )
    started = time.monotonic()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    seconds = time.monotonic() - started
    resaved = tmp_path / "out" / "return.xlsx"
    assert resaved.read_bytes() != source.read_bytes()
    workbook = openpyxl.load_workbook(resaved)
    assert workbook["Milestones"].data_validations.dataValidation  # the list survived
    fill(workbook, "Indicators", "NI 123", value=52.5, commentary="Re-saved by Calc")
    fill(workbook, "Milestones", "EH 1.1", progress="On track")

    result = upload(workbook, council.dev)

    assert result.ok, result.errors
    assert (result.entered, result.blank) == (2, 2), f"soffice took {seconds:.1f}s"
    assert Actual.objects.get(indicator=collection.smoking, period=Q2).value == D("52.5")
    assert ItemChange.objects.filter(item_type=ItemType.ACTUAL).exists()
