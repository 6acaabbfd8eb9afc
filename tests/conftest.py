"""Shared fixtures: a small council and named personas, one per kind of access.

The personas (see docs/contributing.md):
- Priya, performance officer: runs the cycle, sees everything.
- Dev, manager in Environmental Health: enters his department's data.
- Olu, manager in Revenues & Benefits: another department's manager.
- Cllr Chen, member of the Healthy Borough PPB.
- Pat, partner officer at the Primary Care Trust.
- the public: anonymous, signed out.
"""

from dataclasses import dataclass

import pytest

from goldenthread.organisation.models import (
    Board,
    BoardKind,
    Department,
    Directorate,
    Organisation,
    OrganisationKind,
    Role,
    RoleAssignment,
    User,
)
from goldenthread.planning.models import AreaOfFocus, KeyObjective, Priority

PASSWORD = "correct horse battery staple"


@dataclass
class Council:
    council: Organisation
    partner: Organisation
    directorate: Directorate
    health_dept: Department
    revenues_dept: Department
    health: Priority
    efficiency: Priority
    ppb: Board
    priya: User
    dev: User
    olu: User
    chen: User
    pat: User


def make_user(username: str, first: str, last: str, organisation: Organisation, **roles) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name=first,
        last_name=last,
        organisation=organisation,
    )
    for role, scope in roles.items():
        RoleAssignment.objects.create(user=user, role=Role(role), **(scope or {}))
    return user


@pytest.fixture
def council(db) -> Council:
    council = Organisation.objects.create(
        code="DBC", name="Demo Borough Council", kind=OrganisationKind.COUNCIL
    )
    partner = Organisation.objects.create(
        code="PCT", name="Primary Care Trust", kind=OrganisationKind.PARTNER, sector="health"
    )
    directorate = Directorate.objects.create(
        organisation=council, code="HCC", name="Health & Community"
    )
    health_dept = Department.objects.create(
        directorate=directorate, code="EH", name="Environmental Health"
    )
    revenues_dept = Department.objects.create(
        directorate=directorate, code="RB", name="Revenues & Benefits"
    )
    ppb = Board.objects.create(code="PPB-HEALTH", name="Healthy Borough PPB", kind=BoardKind.PPB)
    health = Priority.objects.create(
        number=1, code="HEALTH", name="A Healthy Borough", short_name="Health", ppb=ppb
    )
    efficiency = Priority.objects.create(
        number=6,
        code="CORP",
        short_name="Business efficiency",
        name="Corporate Effectiveness & Business Efficiency",
    )
    key = KeyObjective.objects.create(priority=health, letter="A", title="Improve health")
    AreaOfFocus.objects.create(
        priority=health, key_objective=key, number=1, title="Reducing smoking"
    )
    return Council(
        council=council,
        partner=partner,
        directorate=directorate,
        health_dept=health_dept,
        revenues_dept=revenues_dept,
        health=health,
        efficiency=efficiency,
        ppb=ppb,
        priya=make_user("priya", "Priya", "Shah", council, performance_officer=None),
        dev=make_user("dev", "Dev", "Patel", council, manager={"department": health_dept}),
        olu=make_user("olu", "Olu", "Adeyemi", council, manager={"department": revenues_dept}),
        chen=make_user("chen", "Mei", "Chen", council, ppb_member={"board": ppb}),
        pat=make_user("pat", "Pat", "Doyle", partner, partner_officer={"organisation": partner}),
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, test in a database file, as production runs, not Django's default shared
    in-memory database: its table locks fail at once where a file in WAL mode with BEGIN
    IMMEDIATE makes a second writer wait, so concurrency tests (test_monitoring_race.py) would
    test something production never does."""
    import os

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = settings.DATA_DIR / f"test_goldenthread_{worker}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


# -- Demo Borough Council, built once per test session ------------------------------------------
#
# A test that needs the whole demo council asks for `demo` (or for `demo_db` and `db`):
#
#     def test_the_demo_has_19_departments(demo):
#         assert Department.objects.count() == 19
#
# `demo_db` builds the demo once, committed to the test database, the first time a test asks
# for it; each test still runs in its own transaction, rolled back afterwards, so tests may
# change demo data freely. Because the demo stays in the database, the tests that use it are
# moved to the end of the run (after every test that expects an empty database), and it is
# flushed when the session ends. Tests that use transactional_db or live_server flush the
# database after themselves, so they cannot share the demo: build it inside such a test.


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker):
    from django.core.management import call_command

    from goldenthread.demo import build_demo
    from goldenthread.demo.builder import database_is_empty

    with django_db_blocker.unblock():
        if not database_is_empty():  # left behind by an interrupted run with --reuse-db
            call_command("flush", interactive=False, verbosity=0)
        summary = build_demo()
    yield summary
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_db, db):
    """The demo council, seen inside this test's own transaction."""
    return demo_db


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that share the demo last (a stable sort keeps their order)."""
    items.sort(key=lambda item: "demo_db" in getattr(item, "fixturenames", ()))
