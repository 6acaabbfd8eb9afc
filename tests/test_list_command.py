"""`goldenthread list KIND` and the department resolver other commands' --department uses."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.organisation.lookups import NotFound, resolve_department, resolve_priority
from tests.pages_fixtures import thread_fixture  # noqa: F401
from tests.test_import_risks import ROWS as RISK_ROWS
from tests.test_import_risks import import_risks, write_csv

KINDS = ["departments", "directorates", "priorities", "boards", "portfolios", "indicators"]
COUNTS = {
    "departments": 19,
    "directorates": 4,
    "priorities": 6,
    "boards": 14,
    "portfolios": 8,
    "indicators": 368,
}


def listing(*args: str) -> str:
    out = StringIO()
    call_command("list", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_lists_as_json_with_a_code_on_every_row(demo, kind):
    document = json.loads(listing(kind, "--format", "json"))
    assert document["list"] == kind
    assert len(document["rows"]) == COUNTS[kind]
    assert all(row["code"] for row in document["rows"])


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_lists_as_csv_with_a_header_row(demo, kind):
    rows = list(csv.reader(StringIO(listing(kind, "--format", "csv"))))
    assert rows[0][:2] == ["code", "title" if kind == "indicators" else "name"]
    assert len(rows) == COUNTS[kind] + 1


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_lists_as_a_text_table_by_default(demo, kind):
    lines = listing(kind).splitlines()
    assert lines[0].startswith("code")
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == COUNTS[kind] + 2


def test_departments_show_their_directorate(demo):
    rows = {
        row["code"]: row for row in json.loads(listing("departments", "--format", "json"))["rows"]
    }
    assert rows["ERS"] == {
        "code": "ERS",
        "name": "Environmental & Regulatory Services",
        "directorate": "Environment",
    }


def test_boards_show_their_kind_and_indicators_their_set_and_priorities(demo):
    boards = {row[0]: row for row in csv.reader(StringIO(listing("boards", "--format", "csv")))}
    assert boards["PPB-HEALTH"][2] == "ppb"
    indicators = {
        row["code"]: row for row in json.loads(listing("indicators", "--format", "json"))["rows"]
    }
    assert indicators["NI 39"] == {
        "code": "NI 39",
        "title": "Alcohol-harm related hospital admission rates",
        "set": "NI",
        "department": "ASC",
        "priorities": "HEALTH;SAFER",
    }


def test_indicators_can_be_listed_for_one_department_by_name_and_one_set(demo):
    rows = json.loads(
        listing(
            "indicators",
            "--department",
            "environmental & regulatory services",
            "--set",
            "NI",
            "--format",
            "json",
        )
    )["rows"]
    assert {row["department"] for row in rows} == {"ERS"}
    assert {row["set"] for row in rows} == {"NI"}
    assert "NI 192" in {row["code"] for row in rows}


def test_an_unknown_department_is_refused_with_near_matches(demo):
    with pytest.raises(CommandError, match=r"Did you mean ERS \(Environmental"):
        listing("indicators", "--department", "enviro")


def test_department_and_set_filters_apply_only_to_indicators(db):
    with pytest.raises(CommandError, match="only to `list indicators`"):
        listing("boards", "--department", "ERS")


def test_an_empty_database_lists_nothing(db):
    assert listing("departments") == "No departments.\n"
    assert json.loads(listing("boards", "--format", "json")) == {"list": "boards", "rows": []}


def test_a_department_is_found_by_its_code_in_any_case(demo):
    assert resolve_department("ers").name == "Environmental & Regulatory Services"
    assert resolve_department(" HR ").code == "HR"


def test_a_department_is_found_by_its_name_in_any_case_and_spacing(demo):
    assert resolve_department("adult  SOCIAL care").code == "ASC"


def test_a_code_wins_over_another_departments_name(council):
    council.health_dept.name = "RB"
    council.health_dept.save()
    assert resolve_department("rb") == council.revenues_dept


def test_a_miss_names_the_nearest_departments_and_how_to_list_them(demo):
    with pytest.raises(NotFound) as caught:
        resolve_department("Revenue and Benefit")
    assert caught.value.near[0] == "RB (Revenues & Benefits)"
    assert "goldenthread list departments" in str(caught.value)
    assert "'Revenue and Benefit'" in str(caught.value)


def test_a_miss_with_nothing_near_still_says_how_to_list_departments(demo):
    with pytest.raises(
        NotFound,
        match="No department has the code or name 'zzz'. "
        "`goldenthread list departments` lists all 19",
    ):
        resolve_department("zzz")


def test_an_empty_department_is_refused(demo):
    with pytest.raises(NotFound, match="Give a department code or name"):
        resolve_department("  ")


def test_the_search_can_be_narrowed_to_the_departments_someone_may_see(demo):
    from goldenthread.organisation.models import Department

    with pytest.raises(NotFound):
        resolve_department("ERS", departments=Department.objects.filter(code="ASC"))


def test_a_priority_is_found_by_code_name_or_short_name(demo):
    assert resolve_priority("corp").short_name == "Business efficiency"
    assert resolve_priority("business efficiency").code == "CORP"
    assert resolve_priority("A healthy borough").code == "HEALTH"


# -- risks (issue 13) ---------------------------------------------------------------------------


def test_risks_list_as_json_with_register_objectives_and_residual_score(thread, tmp_path):
    import_risks(str(write_csv(tmp_path / "risks.csv", RISK_ROWS)))
    document = json.loads(listing("risks", "--format", "json"))
    assert document["list"] == "risks"
    rows = {row["code"]: row for row in document["rows"]}
    assert list(rows) == ["CORP R1", "EH R1", "EH R2", "HCC R1"]
    assert rows["EH R1"] == {
        "code": "EH R1",
        "title": "Smoking cessation funding withdrawn",
        "level": "department",
        "register": "EH",
        "objectives": "EH 1;EH 2",
        "residual": 9,
        "band": "medium",
        "status": "open",
    }
    assert (rows["HCC R1"]["register"], rows["HCC R1"]["residual"]) == ("HCC", 15)
    assert rows["HCC R1"]["band"] == "high"
    assert (rows["CORP R1"]["register"], rows["CORP R1"]["status"]) == ("CORP", "closed")
    assert rows["EH R2"]["status"] == "escalated"


def test_risks_list_for_one_department_as_a_table_and_csv(thread, tmp_path):
    import_risks(str(write_csv(tmp_path / "risks.csv", RISK_ROWS)))
    lines = listing("risks", "--department", "EH").splitlines()
    assert lines[0].split() == [
        "code", "title", "level", "register", "objectives", "residual", "band", "status"
    ]  # fmt: skip
    assert [line.split()[:2] for line in lines[2:]] == [["EH", "R1"], ["EH", "R2"]]
    rows = list(csv.reader(StringIO(listing("risks", "--format", "csv"))))
    assert rows[0][:2] == ["code", "title"] and len(rows) == 5


def test_no_risks_yet_lists_none(db):
    assert listing("risks") == "No risks.\n"
