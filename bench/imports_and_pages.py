"""Writing indicators and actuals through the ORM, and rendering the pages people open most.

Prints times and query counts; asserts nothing. A page's query count should be the same with
few indicators as with many (DESIGN.md: one query plan per page), so pages are measured twice.

    .venv/bin/python bench/imports_and_pages.py [--indicators N] [--repeat R]
"""

import argparse
from decimal import Decimal

from _harness import median_time_and_queries, row, throwaway_database, timed
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from goldenthread.indicators.models import Actual, Indicator, IndicatorPriority, Target
from goldenthread.organisation.models import (
    Department,
    Directorate,
    Organisation,
    OrganisationKind,
    Role,
    RoleAssignment,
    User,
)
from goldenthread.planning.models import Priority
from goldenthread.planning.periods import Period, PeriodKind, period_range
from goldenthread.workflow import WorkflowState

# Pages by who opens them. Pages that do not exist yet are listed and skipped.
PAGES = {
    "public": ["/", "/sign-in/"],
    "performance officer": ["/home/", "/plans/", "/indicators/", "/coverage/"],
}
QUARTERS = period_range(Period(2008, PeriodKind.QUARTER, 1), Period(2009, PeriodKind.QUARTER, 4))
SMALL = 10
BROKEN: set[str] = set()


def make_council() -> tuple[Department, Priority, User]:
    council = Organisation.objects.create(
        code="BENCH", name="Bench Borough Council", kind=OrganisationKind.COUNCIL
    )
    directorate = Directorate.objects.create(organisation=council, code="D", name="Directorate")
    department = Department.objects.create(directorate=directorate, code="DEP", name="Department")
    priority = Priority.objects.create(number=1, code="P1", name="A Priority", short_name="P1")
    officer = User.objects.create_user(
        username="officer",
        password="bench-password",
        first_name="Bench",
        last_name="Officer",
        organisation=council,
    )
    RoleAssignment.objects.create(user=officer, role=Role.PERFORMANCE_OFFICER)
    return department, priority, officer


def value(number: int, quarter: int) -> Decimal:
    return Decimal(50 + (number * 7 + quarter * 3) % 50)


def create_one_at_a_time(first: int, count: int, department: Department, priority: Priority):
    """What a naive import does: a save per row, in one transaction."""
    with transaction.atomic():
        for number in range(first, first + count):
            indicator = Indicator.objects.create(
                code=f"LPI {number}", title=f"Local indicator {number}", department=department
            )
            IndicatorPriority.objects.create(indicator=indicator, priority=priority)
            for q, period in enumerate(QUARTERS):
                Target.objects.create(indicator=indicator, period=period, value=Decimal(75))
                Actual.objects.create(
                    indicator=indicator,
                    period=period,
                    value=value(number, q),
                    state=WorkflowState.PUBLISHED,
                )


def create_in_bulk(first: int, count: int, department: Department, priority: Priority):
    with transaction.atomic():
        indicators = Indicator.objects.bulk_create(
            Indicator(code=f"LPI {n}", title=f"Local indicator {n}", department=department)
            for n in range(first, first + count)
        )
        IndicatorPriority.objects.bulk_create(
            IndicatorPriority(indicator=indicator, priority=priority) for indicator in indicators
        )
        Target.objects.bulk_create(
            Target(indicator=indicator, period=period, value=Decimal(75))
            for indicator in indicators
            for period in QUARTERS
        )
        Actual.objects.bulk_create(
            Actual(
                indicator=indicator,
                period=period,
                value=value(first + i, q),
                state=WorkflowState.PUBLISHED,
            )
            for i, indicator in enumerate(indicators)
            for q, period in enumerate(QUARTERS)
        )


def rows_per_indicator() -> int:
    return 2 + 2 * len(QUARTERS)  # the indicator, its priority link, targets and actuals


def existing(paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            print(f"  {path} does not exist yet; skipped")
        else:
            found.append(path)
    return found


def measure_pages(clients: dict[str, Client], repeat: int) -> dict[str, int]:
    """Times each page and counts its queries; a page that fails is reported and left out."""
    queries_by_path = {}
    for audience, paths in PAGES.items():
        for path in existing(paths):
            try:
                seconds, queries, response = median_time_and_queries(
                    lambda path=path, audience=audience: clients[audience].get(path), repeat
                )
            except Exception as error:  # a broken page is a figure too
                row(f"GET {path} as {audience}", "FAILED", f"{type(error).__name__}: {error}")
                BROKEN.add(path)
                continue
            queries_by_path[path] = queries
            row(
                f"GET {path} as {audience} -> {response.status_code}",
                f"{seconds * 1000:.1f} ms",
                f"{queries} queries, {len(response.content) // 1024} KiB",
            )
    return queries_by_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    with throwaway_database() as database:
        print(f"  database: {database}")
        department, priority, officer = make_council()
        clients = {"public": Client(), "performance officer": Client()}
        clients["performance officer"].force_login(officer)

        seconds, _ = timed(lambda: create_one_at_a_time(1, SMALL, department, priority))
        rows = SMALL * rows_per_indicator()
        row(
            f"create {SMALL} indicators, a row at a time ({rows} rows)",
            f"{seconds:.3f} s",
            f"{rows / seconds:,.0f} rows/s",
        )

        print(f"  pages with {SMALL} indicators:")
        few = measure_pages(clients, args.repeat)

        count = args.indicators
        seconds, _ = timed(lambda: create_in_bulk(SMALL + 1, count, department, priority))
        rows = count * rows_per_indicator()
        row(
            f"create {count} indicators in bulk ({rows} rows)",
            f"{seconds:.3f} s",
            f"{rows / seconds:,.0f} rows/s",
        )

        print(f"  pages with {SMALL + count} indicators:")
        many = measure_pages(clients, args.repeat)
        growing = [path for path in many if many[path] != few.get(path)]
        if growing:
            print(f"  query count grows with the data on: {', '.join(growing)}")
        else:
            print("  query counts do not grow with the data")
    if BROKEN:
        raise SystemExit(f"pages that failed: {', '.join(sorted(BROKEN))}")


if __name__ == "__main__":
    main()
