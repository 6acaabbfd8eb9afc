"""`goldenthread import-risks FILE`: risk registers and their actions from a CSV or XLSX file,
all or nothing, matched by code, with score and escalation history (docs/imports.md).

Personas (tests/conftest.py, tests/pages_fixtures.py): Dev, manager in Environmental Health,
owns the department's risks; Sam, strategic director of Health & Community, owns its
directorate's; Priya, the performance officer, loads the file in the browser."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.audit.models import AuditEntry
from goldenthread.risks.choices import ActionProgress, RiskLevel, RiskStatus
from goldenthread.risks.imports import NAMES, risks_import
from goldenthread.risks.models import Risk, RiskAction, RiskEscalation, RiskScoreChange
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401

ROWS = [
    {"record": "risk", "code": "EH R1", "title": "Smoking cessation funding withdrawn",
     "level": "department", "department": "EH", "owner": "dev@example.org",
     "cause": "PCT funding ends in March", "effect": "Fewer quitters",
     "objectives": "EH 1; EH 2", "inherent_likelihood": "4", "inherent_impact": "4",
     "residual_likelihood": "3", "residual_impact": "3", "controls": "Funding bid made",
     "identified_on": "2009-03-20", "review_date": "30/09/2009"},
    {"record": "action", "risk": "EH R1", "title": "Agree funding with the PCT",
     "owner": "dev@example.org", "due": "2009-06-30", "progress": "done",
     "done_on": "2009-06-12"},
    {"record": "action", "risk": "eh r1", "title": "Train pharmacists to give advice",
     "owner": "dev@example.org", "due": "2009-12-31", "progress": "in progress",
     "percent_done": "40", "note": "Two of five trained"},
    {"record": "risk", "code": "HCC R1", "title": "Swine flu pandemic", "level": "directorate",
     "directorate": "HCC", "owner": "sam@example.org", "inherent_likelihood": "4",
     "inherent_impact": "5", "residual_likelihood": "3", "residual_impact": "5",
     "objectives": "RB 1"},
    {"record": "risk", "code": "EH R2", "title": "Pandemic staff absence",
     "department": "EH", "owner": "dev@example.org", "inherent_likelihood": "4",
     "inherent_impact": "4", "residual_likelihood": "3", "residual_impact": "4",
     "status": "escalated", "escalated_to": "HCC R1", "reason": "Council-wide impact"},
    {"record": "risk", "code": "CORP R1", "title": "Budget gap", "owner": "sam@example.org",
     "inherent_likelihood": "5", "inherent_impact": "5", "residual_likelihood": "2",
     "residual_impact": "2", "status": "closed", "closed_on": "2009-07-01"},
]  # fmt: skip


def write_csv(path: Path, rows: list[dict], *, header=None) -> Path:
    header = header or [name for name in NAMES if any(name in row for row in rows)]
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)
    return path


def import_risks(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("import_risks", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().rstrip("\n").splitlines()


def refused(*args: str) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_risks", *args, stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue().strip().splitlines()


def changed(rows: list[dict], code: str, **values: str) -> list[dict]:
    return [{**row, **values} if row.get("code") == code else row for row in rows]


def test_a_risk_file_loads_the_registers_with_their_actions_and_counts_each_kind(
    thread: Thread, tmp_path
):
    lines = import_risks(str(write_csv(tmp_path / "risks.csv", ROWS)))
    assert lines == [
        "risks: 6 created, 0 updated, 0 unchanged",
        "  risks: 4 created, 0 updated, 0 unchanged",
        "  actions: 2 created, 0 updated, 0 unchanged",
    ]
    eh1 = Risk.objects.get(code="EH R1")
    assert (eh1.level, eh1.department.code, eh1.owner.username) == ("department", "EH", "dev")
    assert sorted(eh1.objectives.values_list("code", flat=True)) == ["EH 1", "EH 2"]
    assert (eh1.inherent, eh1.residual, str(eh1.review_date)) == (16, 9, "2009-09-30")
    assert str(eh1.identified_on) == "2009-03-20"
    assert Risk.objects.get(code="HCC R1").level == RiskLevel.DIRECTORATE
    assert Risk.objects.get(code="CORP R1").level == RiskLevel.CORPORATE
    done, going = RiskAction.objects.filter(risk=eh1).order_by("due")
    assert (done.progress, done.percent_done, str(done.done_on)) == ("done", 100, "2009-06-12")
    assert (going.progress, going.percent_done, going.done_on) == ("in_progress", 40, None)


def test_an_escalated_risk_points_to_the_risk_it_became_with_its_history(thread, tmp_path):
    import_risks(str(write_csv(tmp_path / "risks.csv", ROWS)))
    eh2 = Risk.objects.get(code="EH R2")
    assert eh2.status == RiskStatus.ESCALATED
    assert eh2.escalated_to.code == "HCC R1"
    escalation = RiskEscalation.objects.get(risk=eh2)
    assert (escalation.from_level, escalation.to_level) == ("department", "directorate")
    assert escalation.reason == "Council-wide impact"
    closed = Risk.objects.get(code="CORP R1")
    assert (closed.status, str(closed.closed_on)) == ("closed", "2009-07-01")


def test_each_risk_starts_its_score_history_and_a_rescore_keeps_before_after_and_why(
    thread, tmp_path
):
    path = write_csv(tmp_path / "q1.csv", ROWS)
    import_risks(str(path))
    assert RiskScoreChange.objects.filter(risk__code="EH R1").count() == 1
    rescored = changed(
        ROWS, "EH R1", residual_likelihood="4", residual_impact="4", reason="PCT bid refused"
    )
    lines = import_risks(str(write_csv(tmp_path / "q2.csv", rescored)))
    assert lines[1] == "  risks: 0 created, 1 updated, 3 unchanged"
    first, second = RiskScoreChange.objects.of(Risk.objects.get(code="EH R1"))
    assert (first.residual_before, first.residual) == (None, 9)
    assert (second.residual_before, second.residual, second.reason) == (9, 16, "PCT bid refused")
    assert Risk.objects.get(code="EH R1").version == 2


def test_loading_the_same_file_again_changes_nothing(thread, tmp_path):
    path = write_csv(tmp_path / "risks.csv", ROWS)
    import_risks(str(path))
    assert import_risks(str(path))[0] == "risks: 0 created, 0 updated, 6 unchanged"
    assert Risk.objects.count() == 4
    assert RiskScoreChange.objects.count() == 4
    assert RiskEscalation.objects.count() == 1


def test_every_bad_row_is_reported_with_its_row_column_value_and_why_and_nothing_is_written(
    thread, tmp_path
):
    rows = [
        {**ROWS[0], "inherent_likelihood": "7", "objectives": "EH 1; XX 9"},
        {**ROWS[1], "due": "31/02/2009"},
        {**ROWS[3], "residual_impact": "5", "residual_likelihood": "5"},
        {**ROWS[4], "escalated_to": "NOPE"},
        {**ROWS[5], "owner": "nobody@example.org", "level": "department"},
        {**ROWS[2], "risk": "XX R9", "percent_done": "140"},
    ]
    message, errors = refused(str(write_csv(tmp_path / "bad.csv", rows)))
    assert errors == [
        "row 2, column 'objectives': 'XX 9' is not the code of an objective in Golden Thread",
        "row 2, column 'inherent_likelihood': Inherent likelihood must be a whole number from 1 "
        "(Rare) to 5 (Almost certain), not “7”.",
        "row 3, column 'due': '31/02/2009' is not a date; write it as 2009-03-31 or 31/03/2009",
        "row 4, column 'residual_likelihood': The residual score (25) is higher than the "
        "inherent score (20): the score after controls cannot be worse than before them.",
        "row 5, column 'escalated_to': 'NOPE' is not the code of a risk in the file or in "
        "Golden Thread",
        "row 6, column 'owner': 'nobody@example.org' is not the e-mail address of anyone in "
        "Golden Thread",
        "row 6, column 'department': a department risk names its department and no directorate",
        "row 7, column 'risk': 'XX R9' is not the code of a risk in the file or in Golden Thread",
        "row 7, column 'percent_done': '140' is not a whole number from 0 to 100 (per cent)",
    ]
    assert message == "risks: file refused, 9 errors in 6 rows; nothing written"
    assert not Risk.objects.exists()
    assert not RiskAction.objects.exists()


def test_a_value_in_a_column_its_kind_does_not_use_is_refused(thread, tmp_path):
    rows = [ROWS[0], {**ROWS[1], "code": "EH R1"}]
    _, errors = refused(str(write_csv(tmp_path / "shifted.csv", rows)))
    assert errors == [
        "row 3, column 'code': an action row does not use the column 'code'; leave it empty "
        "(is the row shifted by a column?)"
    ]


def test_a_risk_is_escalated_only_up_to_its_own_directorate_or_the_corporate_register(
    thread, tmp_path
):
    rows = [
        {**ROWS[0], "status": "escalated", "escalated_to": "EH R9"},
        {**ROWS[0], "code": "EH R9", "objectives": ""},
    ]
    _, errors = refused(str(write_csv(tmp_path / "sideways.csv", rows)))
    assert errors == [
        "row 2, column 'escalated_to': EH R9 is on a department register; EH R1 is escalated to "
        "a higher one than its own"
    ]


def test_a_risk_already_escalated_or_closed_cannot_be_changed_by_a_file(thread, tmp_path):
    import_risks(str(write_csv(tmp_path / "risks.csv", ROWS)))
    rows = changed(changed(ROWS, "EH R2", title="Staff absence"), "CORP R1", status="open",
                   closed_on="")  # fmt: skip
    _, errors = refused(str(write_csv(tmp_path / "again.csv", rows)))
    assert errors == [
        "row 6, column 'title': EH R2 was escalated to HCC R1: a file cannot change it any more "
        "(change the risk it became instead)",
        "row 7, column 'status': CORP R1 was closed: a file cannot change it any more",
    ]


def test_a_file_cannot_move_a_risk_to_another_register(thread, tmp_path):
    import_risks(str(write_csv(tmp_path / "risks.csv", ROWS)))
    _, errors = refused(
        str(write_csv(tmp_path / "moved.csv", changed(ROWS, "EH R1", department="RB")))
    )
    assert errors[0].startswith("row 2, column 'department': EH R1 is on the Environmental")


def test_an_open_risk_is_escalated_by_a_later_file_and_its_actions_progress(thread, tmp_path):
    first = [row for row in ROWS if row.get("code") != "EH R2"]
    import_risks(str(write_csv(tmp_path / "march.csv", first)))
    later = [
        *changed(first, "EH R1", status="escalated", escalated_to="HCC R1", reason="Spreading"),
        {**ROWS[2], "progress": "done", "percent_done": "", "done_on": "2009-09-01"},
    ]
    later.remove(ROWS[2])
    lines = import_risks(str(write_csv(tmp_path / "july.csv", later)))
    assert lines[1:] == [
        "  risks: 0 created, 1 updated, 2 unchanged",
        "  actions: 0 created, 1 updated, 1 unchanged",
    ]
    eh1 = Risk.objects.get(code="EH R1")
    assert (eh1.status, eh1.escalated_to.code) == ("escalated", "HCC R1")
    assert eh1.escalations.get().reason == "Spreading"
    action = RiskAction.objects.get(title="Train pharmacists to give advice")
    assert (action.progress, action.percent_done) == (ActionProgress.DONE, 100)


def test_a_dry_run_checks_and_counts_but_writes_nothing(thread, tmp_path):
    lines = import_risks(str(write_csv(tmp_path / "risks.csv", ROWS)), "--dry-run")
    assert lines[0] == "risks: 6 created, 0 updated, 0 unchanged (dry run: nothing written)"
    assert not Risk.objects.exists()


def test_an_xlsx_file_loads_like_the_csv(thread, tmp_path):
    header = [name for name in NAMES if any(name in row for row in ROWS)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in ROWS:
        sheet.append([row.get(column) or None for column in header])
    book.save(tmp_path / "risks.xlsx")
    assert (
        import_risks(str(tmp_path / "risks.xlsx"))[0] == "risks: 6 created, 0 updated, 0 unchanged"
    )
    assert Risk.objects.count() == 4


def test_one_audit_entry_says_who_loaded_which_file_and_the_counts(thread, tmp_path):
    path = write_csv(tmp_path / "register.csv", ROWS)
    result = risks_import(source=str(path), acting_user=thread.council.priya)
    assert result.ok
    entry = AuditEntry.objects.get(action="risks.import")
    assert entry.data["filename"] == "register.csv"
    assert entry.data["counts"]["risk"]["created"] == 4
    assert "risk EH R1" in entry.data["created"]
    change = RiskScoreChange.objects.filter(risk__code="EH R1").get()
    assert (change.changed_by, change.reason) == (
        thread.council.priya,
        "Imported from register.csv",
    )


def test_the_import_runs_a_fixed_number_of_queries_whatever_the_rows(thread, tmp_path):
    def queries(count: int) -> int:
        rows = [{**ROWS[0], "code": f"EH R{n}", "title": f"Risk {n}"} for n in range(1, count + 1)]
        path = write_csv(tmp_path / f"{count}.csv", rows)
        with CaptureQueriesContext(connection) as context:
            assert risks_import(source=str(path), acting_user=None, dry_run=True).ok
        return len(context.captured_queries)

    assert queries(2) == queries(20)
