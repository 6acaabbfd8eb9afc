"""`goldenthread import-plans FILE`: a council's plans from one CSV or XLSX file (docs/imports.md).

Priya, the performance officer, loads the council's plans: priorities, key objectives, areas of
focus, plans at every level, objectives and their links up the thread, milestones, tasks and
indicator links, in one file whose `record` column says what each row is.
"""

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
from goldenthread.indicators.models import Indicator
from goldenthread.planning.imports import plans_import
from goldenthread.planning.imports.columns import NAMES
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    ObjectiveLink,
    Plan,
    PlanKind,
    Priority,
    Task,
)

ROWS = [
    {"record": "priority", "code": "SAFER", "title": "A Safer Borough", "number": "5",
     "short_name": "Safer", "ppb": "PPB-HEALTH"},
    {"record": "key objective", "priority": "HEALTH", "code": "B", "title": "Tackle obesity"},
    {"record": "area of focus", "code": "2", "title": "Healthy eating", "priority": "HEALTH",
     "key_objective": "B"},
    {"record": "plan", "code": "CS-2006", "title": "Community Strategy",
     "kind": "community strategy", "first_year": "2006/07", "last_year": "2010/11",
     "state": "published"},
    {"record": "plan", "code": "CP-2006", "title": "Corporate Plan", "kind": "corporate plan",
     "parent": "CS-2006", "first_year": "2006/07", "last_year": "2010/11"},
    {"record": "plan", "code": "SP-EH", "title": "Environmental Health Service Plan",
     "kind": "Service plan", "parent": "CP-2006", "department": "EH", "owner": "dev@example.org",
     "first_year": "2008/09", "last_year": "2010/11", "state": "approved"},
    {"record": "plan", "code": "DP-EH-FOOD", "title": "Food safety divisional plan",
     "kind": "divisional plan", "parent": "SP-EH", "department": "Environmental Health",
     "first_year": "2008/09", "last_year": "2010/11"},
    {"record": "plan", "code": "EDR-EH-1", "title": "EDR 2009/10: Food Safety Officer",
     "kind": "personal plan", "parent": "DP-EH-FOOD", "department": "EH",
     "owner": "DEV@example.org", "first_year": "2009/10", "last_year": "2009/10"},
    {"record": "objective", "code": "EH 1", "title": "Cut smoking", "plan": "SP-EH",
     "owner": "dev@example.org", "description": "Stop smoking services"},
    {"record": "objective link", "objective": "EH 1", "priority": "HEALTH", "area_of_focus": "1",
     "primary": "yes"},
    {"record": "objective link", "objective": "EH 1", "priority": "SAFER", "primary": "no"},
    {"record": "milestone", "code": "EH 1.1", "title": "Open the stop smoking clinic",
     "objective": "EH 1", "due": "2009/10 Q3", "owner": "dev@example.org"},
    {"record": "task", "code": "EDR-EH-1.1", "title": "Inspect 120 premises",
     "plan": "EDR-EH-1", "objective": "EH 1", "due": "2009-10-Q4", "owner": "dev@example.org"},
    {"record": "indicator link", "indicator": "hl li 3", "objective": "EH 1"},
]  # fmt: skip
COUNTS = [
    "  priorities: 1 created, 0 updated, 0 unchanged",
    "  key objectives: 1 created, 0 updated, 0 unchanged",
    "  areas of focus: 1 created, 0 updated, 0 unchanged",
    "  plans: 5 created, 0 updated, 0 unchanged",
    "  objectives: 1 created, 0 updated, 0 unchanged",
    "  objective links: 2 created, 0 updated, 0 unchanged",
    "  milestones: 1 created, 0 updated, 0 unchanged",
    "  tasks: 1 created, 0 updated, 0 unchanged",
    "  indicator links: 1 created, 0 updated, 0 unchanged",
]


@pytest.fixture
def library(council):
    return Indicator.objects.create(code="HL LI 3", title="Smoking quitters")


def write_csv(path: Path, rows: list[dict], *, bom: bool = False, header=None) -> Path:
    header = header or [name for name in NAMES if any(name in row for row in rows)]
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)
    return path


def import_plans(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("import_plans", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().rstrip("\n").splitlines()


def refused(*args: str) -> tuple[str, list[str]]:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_plans", *args, stdout=io.StringIO(), stderr=err)
    return str(failure.value), err.getvalue().strip().splitlines()


def test_a_plan_file_loads_every_kind_of_row_and_counts_each_kind(library, tmp_path):
    out = import_plans(str(write_csv(tmp_path / "plans.csv", ROWS)))

    assert out == ["plans: 14 created, 0 updated, 0 unchanged", *COUNTS]
    safer = Priority.objects.get(code="SAFER")
    assert (safer.number, safer.name, safer.short_name, safer.ppb.code) == (
        5, "A Safer Borough", "Safer", "PPB-HEALTH",
    )  # fmt: skip
    assert AreaOfFocus.objects.get(number=2).key_objective == KeyObjective.objects.get(letter="B")
    edr = Plan.objects.get(code="EDR-EH-1")
    chain = [edr.parent.code, edr.parent.parent.code, edr.parent.parent.parent.code]
    assert chain == ["DP-EH-FOOD", "SP-EH", "CP-2006"]
    assert edr.owner.username == "dev" and edr.department.code == "EH"
    assert (edr.first_year, edr.last_year, edr.state) == (2009, 2009, "draft")
    assert Plan.objects.get(code="SP-EH").state == "approved"
    objective = Objective.objects.get(code="EH 1")
    links = {(link.priority.code, link.is_primary) for link in objective.links.all()}
    assert links == {("HEALTH", True), ("SAFER", False)}
    assert objective.links.get(is_primary=True).area_of_focus.number == 1
    milestone = Milestone.objects.get(code="EH 1.1")
    assert (str(milestone.due), milestone.objective, milestone.owner.username) == (
        "2009/10 Q3", objective, "dev",
    )  # fmt: skip
    task = Task.objects.get(code="EDR-EH-1.1")
    assert (task.plan, task.objective, str(task.due)) == (edr, objective, "2009/10 Q4")
    assert list(library.objectives.all()) == [objective]


def test_rows_may_come_in_any_order(library, tmp_path):
    out = import_plans(str(write_csv(tmp_path / "plans.csv", list(reversed(ROWS)))))

    assert out[1:] == COUNTS
    assert Plan.objects.get(code="EDR-EH-1").parent.code == "DP-EH-FOOD"


def test_loading_the_same_file_again_changes_nothing_and_a_changed_row_is_updated(
    library, tmp_path
):
    path = write_csv(tmp_path / "plans.csv", ROWS)
    import_plans(str(path))

    again = import_plans(str(path))

    assert again[0] == "plans: 0 created, 0 updated, 14 unchanged"
    assert (Plan.objects.count(), Task.objects.count(), ObjectiveLink.objects.count()) == (5, 1, 2)
    changed = [dict(row) for row in ROWS]
    changed[11]["title"] = "Open two stop smoking clinics"  # the milestone
    changed[9]["primary"], changed[10]["primary"] = "no", "yes"  # SAFER becomes primary
    out = import_plans(str(write_csv(tmp_path / "changed.csv", changed)))
    assert "  milestones: 0 created, 1 updated, 0 unchanged" in out
    assert "  objective links: 0 created, 2 updated, 0 unchanged" in out
    assert Milestone.objects.get(code="EH 1.1").title == "Open two stop smoking clinics"
    primary = ObjectiveLink.objects.get(objective__code="EH 1", is_primary=True)
    assert primary.priority.code == "SAFER"


def test_a_link_the_file_no_longer_lists_is_removed_from_its_objective(library, tmp_path):
    import_plans(str(write_csv(tmp_path / "plans.csv", ROWS)))
    fewer = [
        row
        for row in ROWS
        if not (row["record"] == "objective link" and row["priority"] == "SAFER")
    ]

    out = import_plans(str(write_csv(tmp_path / "fewer.csv", fewer)))

    assert "  objective links: 0 created, 0 updated, 1 unchanged, 1 removed" in out
    assert [link.priority.code for link in ObjectiveLink.objects.all()] == ["HEALTH"]


def test_every_bad_row_is_reported_with_its_row_column_value_and_why_and_nothing_is_written(
    library, tmp_path
):
    bad = [dict(row) for row in ROWS]
    bad[4]["parent"] = "SP-EH"  # row 6: a corporate plan under a service plan
    bad[6]["first_year"] = "2011/12"  # row 8: ends before it starts
    bad[8]["plan"] = "SP-NOPE"  # row 10
    bad[10]["primary"] = "yes"  # rows 11 and 12: two primaries
    bad[11]["due"] = "2009/10"  # row 13: a milestone is due in a quarter
    bad[12]["owner"] = "nobody@example.org"  # row 14
    bad[13]["indicator"] = "NI 999"  # row 15

    message, lines = refused(str(write_csv(tmp_path / "bad.csv", bad)))

    assert message.startswith("plans: file refused, 8 errors in 8 rows; nothing written")
    assert lines == [
        "row 6, column 'parent': 'SP-EH' is a service plan; a corporate plan's parent must be "
        "a community strategy",
        "row 8, column 'last_year': the last year (2010/11) is before the first year (2011/12)",
        "row 10, column 'plan': 'SP-NOPE' is not the code of a plan in the file or in Golden "
        "Thread",
        "row 11, column 'primary': 2 links of EH 1 (rows 11, 12) are marked primary; an "
        "objective linked up the thread has exactly one primary link",
        "row 12, column 'primary': 2 links of EH 1 (rows 11, 12) are marked primary; an "
        "objective linked up the thread has exactly one primary link",
        "row 13, column 'due': '2009/10' is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)",
        "row 14, column 'owner': 'nobody@example.org' is not the e-mail address of anyone in "
        "Golden Thread",
        "row 15, column 'indicator': 'NI 999' is not the code of an indicator in the library; "
        "load the indicator library first (goldenthread import-indicators), then this file",
    ]
    assert not Plan.objects.exists() and not Priority.objects.filter(code="SAFER").exists()
    assert not AuditEntry.objects.exists()


def test_a_value_in_a_column_its_kind_does_not_use_is_refused(council, tmp_path):
    rows = [
        {"record": "priority", "code": "SAFER", "title": "A Safer Borough", "due": "2009/10 Q1"}
    ]

    _, lines = refused(str(write_csv(tmp_path / "shifted.csv", rows)))

    assert lines == [
        "row 2, column 'due': a priority row does not use the column 'due'; leave it empty (is "
        "the row shifted by a column?)"
    ]


def test_unknown_columns_and_unknown_records_are_errors_not_dropped(council, tmp_path):
    path = write_csv(
        tmp_path / "odd.csv",
        [{"record": "budget", "code": "X"}],
        header=["Record", "code", "budget"],
    )

    _, lines = refused(str(path))

    assert "'budget' is not a column of this file" in lines[0]
    rows = [{"record": "budget", "code": "X"}]
    _, lines = refused(str(write_csv(tmp_path / "odd2.csv", rows)))
    assert lines[0].startswith("row 2, column 'record': 'budget' is not one of priority, ")


def test_headers_in_any_case_and_a_utf8_bom_are_accepted(council, tmp_path):
    rows = [{"RECORD": "Priority", "Code": "SAFER", "Title": "A Safer Borough – Ünïcode"}]
    path = write_csv(tmp_path / "bom.csv", rows, bom=True, header=["RECORD", "Code", "Title"])

    import_plans(str(path))

    assert Priority.objects.get(code="SAFER").name == "A Safer Borough – Ünïcode"
    assert Priority.objects.get(code="SAFER").number == 7  # the next after 6, held


def test_a_dry_run_checks_and_counts_but_writes_nothing(library, tmp_path):
    out = import_plans(str(write_csv(tmp_path / "plans.csv", ROWS)), "--dry-run")

    assert out[0] == "plans: 14 created, 0 updated, 0 unchanged (dry run: nothing written)"
    assert not Plan.objects.exists() and not AuditEntry.objects.exists()


def test_an_xlsx_file_loads_like_the_csv(library, tmp_path):
    book = openpyxl.Workbook()
    header = [name for name in NAMES if any(name in row for row in ROWS)]
    book.active.append(header)
    for row in ROWS:
        book.active.append([row.get(column) or None for column in header])
    book.save(tmp_path / "plans.xlsx")

    out = import_plans(str(tmp_path / "plans.xlsx"))

    assert out[1:] == COUNTS


def test_one_audit_entry_says_who_loaded_which_file_and_the_counts(library, tmp_path):
    path = write_csv(tmp_path / "plans.csv", ROWS)
    with path.open("rb") as upload:
        plans_import(source=upload, acting_user=library and None, filename="council-plans.csv")

    (entry,) = AuditEntry.objects.all()
    assert entry.action == "plans.import"
    assert entry.data["filename"] == "council-plans.csv"
    assert entry.data["counts"]["plan"] == {
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
    }
    assert "from council-plans.csv by command line" in entry.summary


def test_the_import_runs_a_fixed_number_of_queries_whatever_the_rows(library, tmp_path):
    def queries(objectives: int) -> int:
        rows = list(ROWS)
        for n in range(2, objectives + 2):
            rows.append({"record": "objective", "code": f"EH {n}", "title": "More", "plan": "SP-EH",
                         "owner": "dev@example.org"})  # fmt: skip
            rows.append({"record": "milestone", "code": f"EH {n}.1", "title": "Step",
                         "objective": f"EH {n}", "due": "2009/10 Q1"})  # fmt: skip
        path = write_csv(tmp_path / f"plans{objectives}.csv", rows)
        with CaptureQueriesContext(connection) as captured:
            plans_import(source=path, acting_user=None, dry_run=True)
        return len(captured.captured_queries)

    assert queries(5) == queries(50)


def test_a_task_named_by_no_code_in_the_database_gets_one_from_the_migration_or_default(council):
    plan = Plan.objects.create(
        code="DP-EH", title="Divisional", kind=PlanKind.DIVISIONAL_PLAN,
        organisation=council.council, first_year=2008, last_year=2010,
    )  # fmt: skip
    first, second = (
        Task.objects.create(plan=plan, title="A"),
        Task.objects.create(plan=plan, title="B"),
    )
    assert first.code.startswith("T-") and first.code != second.code


def test_a_task_belongs_in_a_divisional_team_or_personal_plan_and_is_due_in_a_quarter(
    library, tmp_path
):
    task = {
        "record": "task",
        "code": "SP-EH.1",
        "title": "Wrong",
        "plan": "SP-EH",
        "due": "2009/10",
    }
    rows = [*ROWS[:8], task]

    _, lines = refused(str(write_csv(tmp_path / "tasks.csv", rows)))

    assert lines == [
        "row 10, column 'plan': tasks belong in divisional, team and personal plans; SP-EH is a "
        "service plan",
        "row 10, column 'due': '2009/10' is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)",
    ]


def test_a_plan_whose_kind_changes_must_still_fit_the_plans_and_tasks_under_it(library, tmp_path):
    import_plans(str(write_csv(tmp_path / "plans.csv", ROWS)))
    regraded = [
        dict(row) for row in ROWS if row["record"] == "plan" and row["code"] == "DP-EH-FOOD"
    ]
    regraded[0]["kind"] = "service plan"
    regraded[0]["parent"] = "CP-2006"

    _, lines = refused(str(write_csv(tmp_path / "regraded.csv", regraded)))

    assert lines == [
        "row 2, column 'kind': EDR-EH-1 (personal plan) sits under this plan; a service "
        "plan cannot hold it: move it first"
    ]
    assert Plan.objects.get(code="DP-EH-FOOD").kind == PlanKind.DIVISIONAL_PLAN


def test_a_community_strategy_has_no_parent_and_no_plan_is_its_own_parent(library, tmp_path):
    import_plans(str(write_csv(tmp_path / "plans.csv", ROWS)))
    plans = {row["code"]: dict(row) for row in ROWS if row["record"] == "plan"}
    plans["CS-2006"]["parent"] = "CP-2006"
    plans["SP-EH"].update(kind="divisional plan", parent="SP-EH")
    rows = [plans["CS-2006"], plans["SP-EH"]]

    _, lines = refused(str(write_csv(tmp_path / "parents.csv", rows)))

    assert lines == [
        "row 2, column 'parent': 'CP-2006' is a corporate plan; a community strategy is the top "
        "of the thread: leave its parent blank",
        "row 3, column 'parent': 'SP-EH' is this plan; a divisional plan's parent must be a "
        "service plan",
    ]


def test_two_priorities_may_trade_numbers_and_names_in_one_file(council, tmp_path):
    rows = [
        {"record": "priority", "code": "HEALTH", "number": "6", "title": "Business efficiency"},
        {"record": "priority", "code": "CORP", "number": "1", "title": "A Healthy Borough"},
    ]

    out = import_plans(str(write_csv(tmp_path / "swap.csv", rows)))

    assert out[1] == "  priorities: 0 created, 2 updated, 0 unchanged"
    assert list(Priority.objects.values_list("number", "code", "name")) == [
        (1, "CORP", "A Healthy Borough"),
        (6, "HEALTH", "Business efficiency"),
    ]
