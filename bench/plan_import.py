"""`goldenthread import-plans` on a 10,000-row plan file: checking it (--dry-run), loading it,
and loading it again (every row unchanged). The goal (issue 12): the load within 10 s.

The file mixes the kinds as a large council's would: a few priorities, key objectives and
areas of focus; a service plan per department, divisional and team plans under them and a
personal plan for most officers; objectives with their links, milestones, tasks and links to
indicators. Prints times, rows a second and query counts; asserts nothing.

    .venv/bin/python bench/plan_import.py [--rows N] [--xlsx]
"""

import argparse
import tempfile
from pathlib import Path

from _harness import row, throwaway_database, timed
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Department, Directorate, Organisation, User
from goldenthread.planning.imports import plans_import
from goldenthread.planning.imports.exporting import plans_export, write_rows

DEPARTMENTS = 20
PEOPLE = 400
INDICATORS = 300
PRIORITIES = 6


def make_council() -> list[str]:
    """The organisation, departments, people and indicator library the file refers to; the
    people's e-mail addresses."""
    council = Organisation.objects.create(code="BENCH", name="Bench Borough", kind="council")
    directorate = Directorate.objects.create(organisation=council, code="D", name="Directorate")
    Department.objects.bulk_create(
        Department(directorate=directorate, code=f"D{n}", name=f"Department {n}")
        for n in range(DEPARTMENTS)
    )
    User.objects.bulk_create(
        User(username=f"officer{n}", email=f"officer{n}@bench.example.org", organisation=council)
        for n in range(PEOPLE)
    )
    Indicator.objects.bulk_create(
        Indicator(code=f"LI {n}", title=f"Local indicator {n}") for n in range(INDICATORS)
    )
    return [f"officer{n}@bench.example.org" for n in range(PEOPLE)]


def plan_file(rows: int, people: list[str]) -> list[dict]:
    """``rows`` rows of every kind, in the proportions of a large council's plans."""
    out: list[dict] = []

    def person(n: int) -> str:
        return people[n % len(people)]

    for p in range(PRIORITIES):
        out.append(
            {"record": "priority", "code": f"P{p}", "title": f"Priority {p}", "number": p + 1}
        )
        for letter in "ABCDE":
            out.append({"record": "key objective", "priority": f"P{p}", "code": letter,
                        "title": f"Key objective {p}{letter}"})  # fmt: skip
    for area in range(1, 41):
        out.append({"record": "area of focus", "code": area, "title": f"Area {area}",
                    "priority": f"P{area % PRIORITIES}",
                    "key_objective": "ABCDE"[area % 5]})  # fmt: skip
    years = {"first_year": "2008/09", "last_year": "2010/11"}
    out.append({"record": "plan", "code": "CS", "title": "Community strategy",
                "kind": "community strategy", **years})  # fmt: skip
    out.append({"record": "plan", "code": "CP", "title": "Corporate plan", "kind": "corporate plan",
                "parent": "CS", **years})  # fmt: skip
    for d in range(DEPARTMENTS):
        out.append({"record": "plan", "code": f"SP-{d}", "title": f"Service plan {d}",
                    "kind": "service plan", "parent": "CP", "department": f"D{d}",
                    "owner": person(d), **years})  # fmt: skip
    # The rest in proportion: for each objective, a personal plan, 1.25 links up the thread,
    # 3 milestones and 4 tasks; indicator links fill what is left.
    budget = rows - len(out)
    objectives = budget // 11
    divisional = DEPARTMENTS * 5
    personal = objectives
    for n in range(divisional):
        out.append({"record": "plan", "code": f"DP-{n}", "title": f"Divisional plan {n}",
                    "kind": "divisional plan" if n % 2 else "team plan",
                    "parent": f"SP-{n % DEPARTMENTS}", "department": f"D{n % DEPARTMENTS}",
                    "owner": person(n), **years})  # fmt: skip
    for n in range(personal):
        out.append({"record": "plan", "code": f"EDR-{n}", "title": f"EDR 2009/10 {n}",
                    "kind": "personal plan", "parent": f"DP-{n % divisional}",
                    "owner": person(n), "first_year": "2009/10", "last_year": "2009/10",
                    "state": "approved"})  # fmt: skip
    for n in range(objectives):
        code = f"O {n}"
        out.append({"record": "objective", "code": code, "title": f"Objective {n}",
                    "plan": f"SP-{n % DEPARTMENTS}", "owner": person(n)})  # fmt: skip
        out.append({"record": "objective link", "objective": code, "priority": f"P{n % PRIORITIES}",
                    "area_of_focus": "", "primary": "yes"})  # fmt: skip
        if n % 4 == 0:
            out.append({"record": "objective link", "objective": code,
                        "priority": f"P{(n + 1) % PRIORITIES}", "primary": "no"})  # fmt: skip
        for m in range(1, 4):
            out.append({"record": "milestone", "code": f"{code}.{m}", "title": f"Milestone {m}",
                        "objective": code, "due": f"2009/10 Q{m}", "owner": person(n)})  # fmt: skip
        for t in range(1, 5):
            out.append({"record": "task", "code": f"EDR-{n}.{t}", "title": f"Task {t}",
                        "plan": f"EDR-{n}", "objective": code, "due": "2009/10 Q4",
                        "owner": person(n)})  # fmt: skip
    n = 0
    while len(out) < rows:
        out.append({"record": "indicator link", "indicator": f"LI {n % INDICATORS}",
                    "objective": f"O {n % objectives}"})  # fmt: skip
        n += 1
    return out[:rows]


def measure(label: str, path: Path, rows: int, *, dry_run: bool) -> None:
    with CaptureQueriesContext(connection) as queries:
        seconds, result = timed(
            lambda: plans_import(source=path, acting_user=None, dry_run=dry_run)
        )
    if not result.ok:
        raise SystemExit(result.error_report())
    row(label, f"{seconds:.2f} s", f"{rows / seconds:,.0f} rows/s, {len(queries)} queries")
    print(f"    {result.summary()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--xlsx", action="store_true", help="also time the file as XLSX")
    options = parser.parse_args()
    with throwaway_database() as database, tempfile.TemporaryDirectory() as folder:
        print(f"  database: {database}")
        with transaction.atomic():
            people = make_council()
        rows = plan_file(options.rows, people)
        kinds: dict[str, int] = {}
        for item in rows:
            kinds[item["record"]] = kinds.get(item["record"], 0) + 1
        print(f"  {len(rows):,} rows: " + ", ".join(f"{n:,} {k}" for k, n in kinds.items()))
        csv_path = Path(folder) / "plans.csv"
        csv_path.write_bytes(write_rows(iter(rows), fmt="csv"))
        measure("check the CSV file (--dry-run)", csv_path, len(rows), dry_run=True)
        if options.xlsx:
            xlsx_path = Path(folder) / "plans.xlsx"
            xlsx_path.write_bytes(write_rows(iter(rows), fmt="xlsx"))
            measure("check the XLSX file (--dry-run)", xlsx_path, len(rows), dry_run=True)
        measure("load the CSV file into an empty council", csv_path, len(rows), dry_run=False)
        measure("load it again (every row unchanged)", csv_path, len(rows), dry_run=False)
        seconds, exported = timed(lambda: plans_export(fmt="csv"))
        row("export the plans (export-plans, CSV)", f"{seconds:.2f} s", f"{len(exported):,} bytes")


if __name__ == "__main__":
    main()
