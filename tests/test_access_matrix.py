"""The access matrix: every role × every page and export × read and write (issue 6's role table).

Every URL pattern of the project (admin aside) must have a row in MATRIX, or
test_every_page_is_in_the_matrix fails: a page added later says who may read it and who may
write through it. Each row gives sample paths and the roles allowed to read (GET) and, where the
page takes a POST, the roles allowed to write, with a payload and a fingerprint of what the
write changes. Everyone not allowed is tried too: signed in they get 404 (or 405 on a POST-only
address) and, signed out on a private page, the sign-in page; a refused write changes nothing.

The personas, one per role in the table, over tests/pages_fixtures.py's small golden thread
(built once per module and rolled back afterwards, so the matrix stays cheap):

- priya, performance officer; oona, operational director of Environmental Health (EH);
  sam, strategic director of Health & Community (EH and Revenues & Benefits);
  dev, manager in EH; olu, manager in Revenues & Benefits (another department's manager);
  morgan, Management Team; eve, Executive Board member; ash, portfolio holder (Health and
  Adults); chen, member of the Healthy Borough PPB; cara, its chair; pat, partner officer at
  the Primary Care Trust; rita, regulator at the Audit Commission; and the public, signed out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.test.client import ClientHandler
from django.urls import URLPattern, URLResolver, get_resolver

from goldenthread.assurance.models import PlanReview, ProgrammeReview, TimetableStage
from goldenthread.governance import services as governance
from goldenthread.governance.models import Briefing, Flag
from goldenthread.indicators.models import (
    Actual,
    Indicator,
    IndicatorSet,
    LAADesignation,
    LAAIndicator,
    LocalAreaAgreement,
    Target,
)
from goldenthread.monitoring import services as monitoring
from goldenthread.monitoring.models import CollectionRound, ItemType, ReminderSent, ReturnSignOff
from goldenthread.monitoring.selectors import round_returns
from goldenthread.organisation.models import Organisation, OrganisationKind, User
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    MilestoneProgress,
    MilestoneUpdate,
    Objective,
    Plan,
    Priority,
    Task,
)
from goldenthread.planning.periods import Period
from goldenthread.reporting.models import SavedReport
from goldenthread.sharing.models import DataSharingProtocol
from goldenthread.workflow import WorkflowState
from tests.conftest import council as council_fixture
from tests.conftest import make_user
from tests.pages_fixtures import make_actual, make_indicator, thread_fixture

Q1 = Period.parse("2008/09 Q1")
Q2 = Period.parse("2008/09 Q2")  # the quarter an open collection round is collecting

# -- the roles of the table, each a persona ----------------------------------------------------

PERSONAS = {
    "performance officer": "priya",
    "operational director": "oona",
    "strategic director": "sam",
    "manager": "dev",
    "other department's manager": "olu",
    "management team": "morgan",
    "executive member": "eve",
    "portfolio holder": "ash",
    "PPB member": "chen",
    "PPB chair": "cara",
    "partner officer": "pat",
    "regulator": "rita",
    "public": None,
}
ROLES = tuple(PERSONAS)
PUBLIC = frozenset({"public"})
SIGNED_IN = frozenset(ROLES) - PUBLIC
EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
PARTNERS = frozenset({"partner officer", "regulator"})
COUNCIL = SIGNED_IN - PARTNERS
PERFORMANCE_TEAM = frozenset({"performance officer"})
EH_ENTERERS = frozenset({"performance officer", "operational director", "manager"})
# Pat enters the Primary Care Trust's partner indicator, which is on EH's return.
EH_RETURN = EH_ENTERERS | {"partner officer"}
PPB = frozenset({"PPB member", "PPB chair"})
BRIEFING_READERS = frozenset(
    {
        "performance officer",
        "strategic director",  # records them for the portfolio his directorate serves
        "management team",
        "executive member",
        "portfolio holder",
    }
)

# -- the planted figures: unmistakable values, one per state and audience -----------------------
#
# EH LI 7 (EH) draft 111111, EH LI 8 (EH) submitted 222222, RB LI 8 (Revenues & Benefits)
# validated 333333, EH LI 9 published 444444 in Q2 (the open round's quarter) and 888888 in Q1,
# PP 1 (a partner indicator the Police lead, shared with nobody) published 555555,
# SH 1 (shared with the Primary Care Trust by a protocol in force) published 666666,
# NI 999 (a National Indicator) published 777777, EX 1 (shared by a protocol that has ended)
# published 999999.

DRAFT, SUBMITTED, VALIDATED = "111111", "222222", "333333"
PUBLISHED_OPEN, PARTNER_UNSHARED, SHARED, NATIONAL = "444444", "555555", "666666", "777777"
PUBLISHED_EARLIER, ENDED_PROTOCOL = "888888", "999999"
PARTNER_DRAFT = "121212"  # PCT 1, the Primary Care Trust's partner indicator (in EH), a draft
PLANTED = (
    DRAFT,
    SUBMITTED,
    VALIDATED,
    PUBLISHED_OPEN,
    PARTNER_UNSHARED,
    SHARED,
    NATIONAL,
    PUBLISHED_EARLIER,
    ENDED_PROTOCOL,
    PARTNER_DRAFT,
)
PUBLISHED_ALL = frozenset(
    {PUBLISHED_OPEN, PARTNER_UNSHARED, SHARED, NATIONAL, PUBLISHED_EARLIER, ENDED_PROTOCOL}
)

# The table, for the planted figures: which each role may ever see, in any page or file. The
# public's figures are everyone's: the public pages read the same, signed in or not.
THE_PUBLICS = frozenset({PUBLISHED_EARLIER})  # published, not in an open round, not partners'
MAY_SEE: dict[str, frozenset[str]] = {
    "performance officer": frozenset(PLANTED),
    "operational director": PUBLISHED_ALL | {DRAFT, SUBMITTED, PARTNER_DRAFT},  # own department
    "strategic director": PUBLISHED_ALL | {DRAFT, SUBMITTED, VALIDATED, PARTNER_DRAFT},
    "manager": PUBLISHED_ALL | {DRAFT, SUBMITTED, PARTNER_DRAFT},  # own department's items
    "other department's manager": PUBLISHED_ALL | {VALIDATED},  # own items
    "management team": PUBLISHED_ALL | {VALIDATED},  # validated or published
    "executive member": PUBLISHED_ALL,
    "portfolio holder": PUBLISHED_ALL,
    "PPB member": PUBLISHED_ALL,
    "PPB chair": PUBLISHED_ALL,
    # What a protocol in force grants, published, and their own partner indicator's figures.
    "partner officer": THE_PUBLICS | {SHARED, PARTNER_DRAFT},
    "regulator": THE_PUBLICS | {NATIONAL},  # published NI data
    "public": THE_PUBLICS,
}


@dataclass
class World:
    users: dict[str, User]
    ids: dict[str, int | str]  # sample objects' primary keys, for the paths
    sessions: dict[str, str] = field(default_factory=dict)  # username: session cookie


def build_world() -> World:
    """The small golden thread, a persona for each role, the planted figures, an open round
    for Q2, a flag, a briefing and a saved report."""
    council = council_fixture.__wrapped__(db=None)
    thread = thread_fixture.__wrapped__(council)
    c = council
    oona = make_user(
        "oona", "Oona", "Byrne", c.council, operational_director={"department": c.health_dept}
    )
    cara = make_user("cara", "Cara", "Lewis", c.council, ppb_chair={"board": c.ppb})
    police = Organisation.objects.create(
        code="POL", name="Police", kind=OrganisationKind.PARTNER, sector="police"
    )

    def planted(code: str, indicator_set: str, department, *figures, **fields) -> Indicator:
        indicator = make_indicator(
            code,
            f"Planted measure {code}",
            priorities=[c.health],
            indicator_set=indicator_set,
            unit="number",
            decimals=0,
            department=department,
            **fields,
        )
        for period, value, state in figures:
            Target.objects.create(indicator=indicator, period=period, value=Decimal(10))
            make_actual(indicator, period, value, state)
        return indicator

    local, eh, rb = IndicatorSet.LOCAL, c.health_dept, c.revenues_dept
    planted("EH LI 7", local, eh, (Q2, DRAFT, WorkflowState.DRAFT))
    planted("EH LI 8", local, eh, (Q2, SUBMITTED, WorkflowState.SUBMITTED))
    planted("RB LI 8", local, rb, (Q2, VALIDATED, WorkflowState.VALIDATED))
    published = WorkflowState.PUBLISHED
    planted(
        "EH LI 9", local, eh, (Q1, PUBLISHED_EARLIER, published), (Q2, PUBLISHED_OPEN, published)
    )
    partner_only = planted("PP 1", IndicatorSet.PARTNER, None, (Q2, PARTNER_UNSHARED, published))
    LAAIndicator.objects.create(
        agreement=LocalAreaAgreement.objects.get(),
        indicator=partner_only,
        designation=LAADesignation.DESIGNATED,
        lead_partner=police,
    )
    shared = planted("SH 1", local, rb, (Q2, SHARED, published))
    # The Primary Care Trust's own partner indicator, which Pat enters (a draft so far).
    theirs = planted("PCT 1", IndicatorSet.PARTNER, eh, (Q2, PARTNER_DRAFT, WorkflowState.DRAFT))
    LAAIndicator.objects.create(
        agreement=LocalAreaAgreement.objects.get(),
        indicator=theirs,
        designation=LAADesignation.DESIGNATED,
        lead_partner=c.partner,
    )
    planted("NI 999", IndicatorSet.NI, rb, (Q2, NATIONAL, published))
    ended = planted("EX 1", local, rb, (Q2, ENDED_PROTOCOL, published))

    in_force = DataSharingProtocol.objects.create(
        reference="DSP-2008-01",
        title="Health data with the Primary Care Trust",
        purpose="Joint commissioning",
        valid_from=datetime.date(2008, 4, 1),
    )
    in_force.parties.add(c.partner)
    in_force.indicators.add(shared)
    lapsed = DataSharingProtocol.objects.create(
        reference="DSP-2007-04",
        title="An ended protocol",
        purpose="A project that finished",
        valid_from=datetime.date(2007, 4, 1),
        valid_until=datetime.date(2008, 3, 31),
    )
    lapsed.parties.add(c.partner)
    lapsed.indicators.add(ended)

    monitoring.round_open(acting_user=c.priya, quarter=Q2, deadline=datetime.date(2008, 10, 31))
    flag = governance.flag_raise(
        acting_user=c.chen, board=c.ppb, item=thread.ni, period=Q1, reason="Why so far ahead?"
    )
    briefing = governance.briefing_record(
        acting_user=thread.sam,
        portfolio=thread.portfolio,
        holder=thread.ash,
        held_on=datetime.date(2008, 8, 1),
        outcomes="Agreed to push the quit clinics",
        actions=[
            governance.ActionDraft("Open a third clinic", "Dev Patel", datetime.date(2008, 12, 1))
        ],
    )
    saved = SavedReport.objects.create(
        name="Health at a glance", query="period=2008-09-Q2&scope=council", owner=c.chen
    )
    saved.shared_with.add(c.ppb)
    users = {
        "priya": c.priya,
        "oona": oona,
        "sam": thread.sam,
        "dev": c.dev,
        "olu": c.olu,
        "morgan": thread.morgan,
        "eve": thread.eve,
        "ash": thread.ash,
        "chen": c.chen,
        "cara": cara,
        "pat": c.pat,
        "rita": thread.rita,
    }
    ids = {
        "flag": flag.pk,
        "briefing": briefing.pk,
        "saved": saved.pk,
        "published actual": Actual.objects.get(indicator=thread.ni, period=Q1).pk,
        "submitted actual": Actual.objects.get(indicator__code="EH LI 8").pk,
        "task": Task.objects.get(title="Train two advisers").code,
    }
    return World(users, ids)


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world, built once for the module inside a transaction rolled back at its end; each
    test runs in a savepoint inside it (as Django's setUpTestData does). Import
    ``world_fixture`` into a test module to use it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            for username, user in built.users.items():
                client = Client()
                client.force_login(user)
                built.sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# One request handler for all the personas' browsers, as a server has one: a new Client would
# load the middleware again for its first request, and WhiteNoise's, serving static files through
# the finders in tests, lists and stats every static file each time it loads (about half the
# matrix's time). Each browser still keeps its own cookies.
HANDLER = ClientHandler(enforce_csrf_checks=False)


def client_for(world: World, role: str) -> Client:
    """A browser signed in as the role's persona (signed out for the public)."""
    client = Client()
    client.handler = HANDLER
    username = PERSONAS[role]
    if username is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[username]
    return client


# -- the matrix --------------------------------------------------------------------------------


@dataclass
class Write:
    """A POST through the page: who may make it, what to send, and what it changes."""

    allowed: frozenset[str]
    data: dict[str, Any] | Callable[[World], dict[str, Any]] = field(default_factory=dict)
    # Something a user would notice the write changed; None: a page with a form that a valid
    # payload cannot cheaply fill, where an allowed person gets the form back with its errors.
    changes: Callable[[World], Any] | None = None
    ok: frozenset[int] = frozenset({302})
    # What must hold for the allowed write to succeed, set up in each role's savepoint before
    # its POST (so a refusal is the role's, not the world's).
    given: Callable[[World], None] | None = None


@dataclass
class Row:
    paths: tuple[str, ...]  # sample paths; "{saved}" and the like are filled in from World.ids
    read: frozenset[str]
    write: Write | None = None  # None: the page takes no POST that writes anything
    ok: frozenset[int] = frozenset({200})  # what an allowed GET gets
    public_page: bool = False  # signed out, a refusal is a 404, not the sign-in page
    get_refused: int = 404  # what a signed-in person refused a GET gets
    note: str = ""


def _flags(world: World) -> tuple:
    return tuple(Flag.objects.order_by("pk").values_list("pk", "status"))


def _drafts_in_eh(world: World) -> tuple:
    return tuple(
        Actual.objects.filter(indicator__department__code="EH")
        .order_by("pk")
        .values_list("pk", "state")
    )


def _eh_return_all_submitted(world: World) -> None:
    """Everything due in EH's Q2 return submitted (by Dev, say), so its director may sign it
    off."""
    round_ = CollectionRound.objects.get(quarter=Q2)
    eh = next(r for r in round_returns(round_) if r.department.code == "EH")
    for item in eh.outstanding():
        if item.kind == ItemType.ACTUAL and item.item_id:
            Actual.objects.filter(pk=item.item_id).update(state=WorkflowState.SUBMITTED)
        elif item.kind == ItemType.ACTUAL:
            Actual.objects.create(
                indicator=Indicator.objects.get(code=item.code),
                period=item.period,
                value=Decimal(1),
                state=WorkflowState.SUBMITTED,
            )
        else:
            MilestoneUpdate.objects.update_or_create(
                milestone=Milestone.objects.get(code=item.code),
                period=item.period,
                defaults={"progress": MilestoneProgress.ON_TRACK, "state": WorkflowState.SUBMITTED},
            )


def _sign_offs(world: World) -> tuple:
    return tuple(ReturnSignOff.objects.values_list("department__code", "signed_by__username"))


def _saved(world: World) -> tuple:
    return tuple(SavedReport.objects.order_by("pk").values_list("pk", "name", "shared_with__code"))


QA_READERS = frozenset(
    {"performance officer", "operational director", "strategic director", "management team"}
)
QA_QUESTIONS = ("why_here", "where_now", "where_to_be", "how_get_there", "how_know")
QA_FEATURES = ("current_performance", "objectives_and_needs", "means", "measuring_success")


def _qa_checklist(world: World) -> dict:
    return {
        "reviewer": str(world.users["priya"].pk),
        "findings": "Checked",
        "risk_assessment": "with_plan",
        **{f"q_{question}": "answered" for question in QA_QUESTIONS},
        **{f"f_{feature}": "present" for feature in QA_FEATURES},
    }


def _qa_reviews(world: World) -> tuple:
    return tuple(PlanReview.objects.values_list("plan__code", "year", "state", "findings"))


def _a_draft_qa_review(world: World) -> None:
    PlanReview.objects.get_or_create(plan=Plan.objects.get(code="SP-EH"), year=2008)


def _programme(world: World) -> tuple:
    return tuple(ProgrammeReview.objects.values_list("plan__code", "year", "result"))


# One view and one access check draws every kind of report: three kinds here, every kind and
# format in tests/test_access_formats.py (what each holds, for whom).
REPORTS = (
    "/reports/qmr/?period=2008-09-Q2&department=EH",
    "/reports/exceptions/?period=2008-09-Q2&scope=board&board=PPB-HEALTH",
    "/reports/built/?period=2008-09-Q2&scope=council",
)
ONE_STEP_OWED = "two-step pages: every signed-in person's own; nothing is owed here"

MATRIX: dict[str, Row] = {
    # -- signing in and the account (the security work owns what these POSTs do) --
    "login": Row(("/sign-in/",), EVERYONE, ok=frozenset({200, 302}), public_page=True),
    "sign_in_code": Row(("/sign-in/code/",), SIGNED_IN, ok=frozenset({302}), note=ONE_STEP_OWED),
    "oidc_authentication_init": Row(
        ("/sign-in/council/",), NOBODY, public_page=True, note="single sign-on is not set up"
    ),
    "oidc_authentication_callback": Row(
        ("/sign-in/council/callback/",), NOBODY, public_page=True, note="as above"
    ),
    "logout": Row(("/sign-out/",), SIGNED_IN),
    "account": Row(("/account/",), SIGNED_IN),
    "two_factor_setup": Row(("/account/two-step/set-up/",), SIGNED_IN),
    "two_factor_turn_off": Row(
        ("/account/two-step/turn-off/",), SIGNED_IN, ok=frozenset({302}), note=ONE_STEP_OWED
    ),
    # -- the public face: the same for everyone, signed in or not --
    "landing": Row(("/",), EVERYONE, ok=frozenset({200, 302}), public_page=True),
    "public_overview": Row(("/performance/",), EVERYONE, public_page=True),
    "public_about": Row(("/performance/about/",), EVERYONE, public_page=True),
    "public_open_data": Row(("/performance/open-data/",), EVERYONE, public_page=True),
    "public_timetable": Row(("/performance/planning-timetable/",), EVERYONE, public_page=True),
    "public_download": Row(
        (
            "/performance/open-data/figures.csv",
            "/performance/open-data/figures.json",
            "/performance/open-data/figures.csv?indicator=EH LI 9",
        ),
        EVERYONE,
        public_page=True,
    ),
    "public_priority": Row(("/performance/priorities/HEALTH/",), EVERYONE, public_page=True),
    "public_indicator": Row(("/performance/indicators/EH LI 9/",), EVERYONE, public_page=True),
    # -- the plans: the council's own --
    "home": Row(("/home/",), SIGNED_IN),
    "plans": Row(("/plans/",), SIGNED_IN),
    "priority": Row(("/plans/priorities/HEALTH/",), SIGNED_IN),
    "area_of_focus": Row(("/plans/areas-of-focus/1/",), SIGNED_IN),
    "department": Row(("/plans/departments/EH/",), COUNCIL),
    "plan": Row(("/plans/SP-EH/", "/plans/EDR-DEV/"), COUNCIL),
    "objective": Row(("/objectives/EH 1/",), COUNCIL),
    # -- indicators: partners the protocols' and their LAA's, regulators the NI set --
    "indicators": Row(("/indicators/",), SIGNED_IN),
    "indicator": Row(("/indicators/EH LI 1/", "/indicators/EX 1/", "/indicators/PP 1/"), COUNCIL),
    "coverage": Row(("/coverage/",), COUNCIL),
    "ratings": Row(("/ratings/",), SIGNED_IN),
    "rating_settings": Row(
        ("/ratings/settings/",), PERFORMANCE_TEAM, Write(PERFORMANCE_TEAM, ok=frozenset({200, 400}))
    ),
    "recalculate_statuses": Row(
        ("/ratings/settings/recalculate/",),
        PERFORMANCE_TEAM,
        Write(PERFORMANCE_TEAM),
        ok=frozenset({200, 302}),
    ),
    "integrity": Row(("/integrity/",), PERFORMANCE_TEAM),
    # -- the quarterly cycle --
    "department_return": Row(
        ("/returns/EH/2008-09-Q2/",),
        EH_RETURN,
        Write(EH_RETURN, {"submit_return": "Submit the return"}),  # leads to return_submit
    ),
    "return_submit": Row(
        ("/returns/EH/2008-09-Q2/submit/",),
        EH_RETURN,
        Write(EH_RETURN, {"confirm": "1"}, changes=_drafts_in_eh),
    ),
    "return_spreadsheet": Row(
        ("/returns/EH/2008-09-Q2/spreadsheet/",),
        EH_RETURN,
        Write(EH_RETURN, ok=frozenset({200, 400})),
    ),
    "return_sign_off": Row(
        ("/returns/EH/2008-09-Q2/sign-off/",),
        NOBODY,
        # EH's operational director alone: not its manager, nor the performance team.
        Write(
            frozenset({"operational director"}),
            {"note": "Checked"},
            changes=_sign_offs,
            given=_eh_return_all_submitted,
        ),
        get_refused=405,
    ),
    "collection": Row(
        ("/collection/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"quarter": "2008/09 Q3", "deadline": "2009-01-31"},
            changes=lambda w: CollectionRound.objects.count(),
        ),
    ),
    "collection_round": Row(
        ("/collection/2008-09-Q2/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            lambda w: {
                "kind": "actual",
                "action": "validate",
                "item_id": w.ids["submitted actual"],
            },
            changes=lambda w: Actual.objects.get(pk=w.ids["submitted actual"]).state,
        ),
    ),
    "collection_round_publish": Row(
        ("/collection/2008-09-Q2/publish/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"confirm": "1"},
            changes=lambda w: Actual.objects.get(indicator__code="RB LI 8", period=Q2).state,
        ),
    ),
    "collection_round_close": Row(
        ("/collection/2008-09-Q2/close/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            changes=lambda w: CollectionRound.objects.get(quarter=Q2).closed_at is not None,
        ),
    ),
    "round_reminders": Row(("/collection/2008-09-Q2/reminders/",), PERFORMANCE_TEAM),
    "round_reminders_send": Row(
        ("/collection/2008-09-Q2/reminders/send/",),
        PERFORMANCE_TEAM,
        Write(PERFORMANCE_TEAM, {}, changes=lambda w: ReminderSent.objects.count()),
    ),
    "item_history": Row(
        ("/history/actual/{published actual}/",),
        SIGNED_IN,  # NI 123's published figure: the regulator's (NI), the partner's (LAA lead)
    ),
    "actual_correction": Row(
        ("/corrections/2008-09-Q1/NI 123/",),
        PERFORMANCE_TEAM,
        Write(PERFORMANCE_TEAM, ok=frozenset({200, 400})),
    ),
    # -- loading the plans from a file, and downloading them --
    "plans_import": Row(
        ("/planning/import/",), PERFORMANCE_TEAM, Write(PERFORMANCE_TEAM, ok=frozenset({400}))
    ),
    "plans_import_load": Row(
        ("/planning/import/load/",), NOBODY, Write(PERFORMANCE_TEAM), get_refused=405
    ),
    "plans_import_template": Row(
        ("/planning/import/template.csv", "/planning/import/template.xlsx"), PERFORMANCE_TEAM
    ),
    "plans_export": Row(("/planning/export.csv", "/planning/export.xlsx"), PERFORMANCE_TEAM),
    # -- writing the plans: the performance team's forms --
    "priority_create": Row(
        ("/planning/priorities/new/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"number": "2", "code": "SAFE", "name": "A Safer Borough", "short_name": "Safer"},
            changes=lambda w: Priority.objects.count(),
        ),
    ),
    "priority_edit": Row(
        ("/planning/priorities/edit/HEALTH/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {
                "number": "1",
                "code": "HEALTH",
                "name": "A Healthier Borough",
                "short_name": "Health",
                "ppb": "PPB-HEALTH",
            },
            changes=lambda w: Priority.objects.get(code="HEALTH").name,
        ),
    ),
    "key_objective_create": Row(
        ("/planning/key-objectives/new/?priority=HEALTH",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"priority": "HEALTH", "letter": "B", "title": "Live longer"},
            changes=lambda w: KeyObjective.objects.count(),
        ),
    ),
    "key_objective_edit": Row(
        ("/planning/key-objectives/HEALTH/A/edit/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"priority": "HEALTH", "letter": "A", "title": "Improve everyone's health"},
            changes=lambda w: KeyObjective.objects.get(letter="A").title,
        ),
    ),
    "area_of_focus_create": Row(
        ("/planning/areas-of-focus/new/?priority=HEALTH",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"priority": "HEALTH", "number": "2", "title": "Obesity"},
            changes=lambda w: AreaOfFocus.objects.count(),
        ),
    ),
    "area_of_focus_edit": Row(
        ("/planning/areas-of-focus/1/edit/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"priority": "HEALTH", "number": "1", "title": "Smoking"},
            changes=lambda w: AreaOfFocus.objects.get(number=1).title,
        ),
    ),
    "plan_create": Row(
        ("/planning/plans/new/?parent=SP-EH",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {
                "code": "DIV-FOOD",
                "title": "Food Safety",
                "kind": "divisional_plan",
                "parent": "SP-EH",
                "organisation": "DBC",
                "department": "EH",
                "first_year": "2009",
                "last_year": "2009",
                "state": "draft",
            },
            changes=lambda w: Plan.objects.count(),
        ),
    ),
    "plan_edit": Row(
        ("/planning/plans/edit/SP-RB/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {
                "code": "SP-RB",
                "title": "Revenues Plan",
                "kind": "service_plan",
                "parent": "CP",
                "organisation": "DBC",
                "department": "RB",
                "first_year": "2008",
                "last_year": "2010",
                "state": "draft",
            },
            changes=lambda w: Plan.objects.get(code="SP-RB").title,
        ),
    ),
    "objective_create": Row(
        ("/planning/objectives/new/?plan=SP-EH",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"plan": "SP-EH", "code": "EH 4", "title": "Fewer pests", "primary": "priority:HEALTH"},
            changes=lambda w: Objective.objects.count(),
        ),
    ),
    "objective_edit": Row(
        ("/planning/objectives/edit/EH 3/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {
                "plan": "SP-EH",
                "code": "EH 3",
                "title": "Tidy the pest register",
                "primary": "priority:HEALTH",
            },
            changes=lambda w: Objective.objects.get(code="EH 3").links.count(),
        ),
    ),
    "milestone_create": Row(
        ("/planning/milestones/new/?objective=EH 1",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"objective": "EH 1", "code": "EH 1.3", "title": "Quit week", "due": "2009/10 Q3"},
            changes=lambda w: Milestone.objects.count(),
        ),
    ),
    "milestone_edit": Row(
        ("/planning/milestones/edit/EH 1.2/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {
                "objective": "EH 1",
                "code": "EH 1.2",
                "title": "Schools campaign",
                "due": "2008/09 Q4",
            },
            changes=lambda w: str(Milestone.objects.get(code="EH 1.2").due),
        ),
    ),
    "task_create": Row(
        ("/planning/tasks/new/?plan=EDR-DEV",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"plan": "EDR-DEV", "title": "Run a stall", "objective": "EH 1"},
            changes=lambda w: Task.objects.count(),
        ),
    ),
    "task_edit": Row(
        ("/planning/tasks/edit/{task}/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {"plan": "EDR-DEV", "title": "Train three advisers", "objective": "EH 1"},
            changes=lambda w: Task.objects.get(code=w.ids["task"]).title,
        ),
    ),
    # -- plan quality assurance and the planning timetable --
    "assurance_reviews": Row(
        ("/assurance/reviews/", "/assurance/reviews/?year=2008-09"), QA_READERS
    ),
    "assurance_review": Row(("/assurance/reviews/2008-09/SP-EH/",), QA_READERS),
    "assurance_review_edit": Row(
        ("/assurance/reviews/2008-09/SP-EH/edit/",),
        PERFORMANCE_TEAM,
        Write(PERFORMANCE_TEAM, _qa_checklist, changes=_qa_reviews),
    ),
    "assurance_review_move": Row(
        ("/assurance/reviews/2008-09/SP-EH/state/",),
        NOBODY,
        Write(
            PERFORMANCE_TEAM, {"move": "start_qa"}, changes=_qa_reviews, given=_a_draft_qa_review
        ),
        get_refused=405,
    ),
    "assurance_programme": Row(
        ("/assurance/programme/",),
        PERFORMANCE_TEAM,
        Write(PERFORMANCE_TEAM, {"plans": ["DIV-EH"]}, changes=_programme),
    ),
    "assurance_programme_review": Row(
        ("/assurance/programme/2008-09/DIV-EH/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            lambda w: {
                "reviewer": str(w.users["priya"].pk),
                "reviewed_on": "2008-09-14",
                "result": "meets",
            },
            changes=_programme,
        ),
    ),
    "assurance_timetable": Row(
        ("/assurance/timetable/", "/assurance/timetable/?year=2008-09"), SIGNED_IN
    ),
    "assurance_timetable_edit": Row(
        ("/assurance/timetable/2008-09/edit/",),
        PERFORMANCE_TEAM,
        Write(
            PERFORMANCE_TEAM,
            {
                "stage-TOTAL_FORMS": "1",
                "stage-INITIAL_FORMS": "0",
                "stage-0-name": "Member input",
                "stage-0-kind": "member_input",
                "stage-0-audience": "members",
                "stage-0-due": "2008-10-31",
            },
            changes=lambda w: tuple(TimetableStage.objects.values_list("name", "due")),
        ),
    ),
    # -- reports: published figures, limited to what the reader may see --
    "reports": Row(("/reports/",), SIGNED_IN),
    "report_builder": Row(("/reports/builder/",), SIGNED_IN),
    "report": Row(REPORTS, SIGNED_IN),
    "report_save": Row(
        ("/reports/save/",),
        NOBODY,
        Write(
            SIGNED_IN,
            {"name": "My quarter", "query": "period=2008-09-Q2&scope=council"},
            changes=_saved,
        ),
        get_refused=405,
    ),
    "saved_report": Row(("/reports/saved/{saved}/",), PERFORMANCE_TEAM | PPB),
    "saved_report_share": Row(
        ("/reports/saved/{saved}/share/",),
        NOBODY,
        Write(frozenset({"PPB member"}), changes=_saved),  # its owner, Cllr Chen
        get_refused=405,
    ),
    "saved_report_delete": Row(
        ("/reports/saved/{saved}/delete/",),
        NOBODY,
        Write(frozenset({"PPB member"}), changes=_saved),
        get_refused=405,
    ),
    # -- governance: the PPB's flag queue and portfolio holders' briefings --
    "flag_new": Row(
        ("/flags/new/?item=indicator&code=EH LI 1&period=2008-09-Q1",),
        PPB,
        Write(
            PPB,
            lambda w: {
                "item": "indicator",
                "code": "EH LI 1",
                "period": "2008/09 Q1",
                "board": "PPB-HEALTH",
                "reason": "Why is it behind?",
            },
            changes=_flags,
        ),
    ),
    "flag_queue": Row(("/boards/PPB-HEALTH/queue/",), PERFORMANCE_TEAM | PPB),
    "flag_clear": Row(
        ("/boards/PPB-HEALTH/queue/{flag}/clear/",),
        NOBODY,
        Write(
            frozenset({"performance officer", "PPB chair"}),
            {"outcome": "Discussed at the meeting"},
            changes=_flags,
        ),
        get_refused=405,
    ),
    "briefings": Row(("/briefings/",), BRIEFING_READERS),
    "briefing": Row(("/briefings/{briefing}/",), BRIEFING_READERS),
    "portfolio_briefings": Row(("/portfolios/HA/briefings/",), BRIEFING_READERS),
    "briefing_new": Row(
        ("/portfolios/HA/briefings/new/",),
        frozenset({"performance officer", "strategic director"}),
        Write(
            frozenset({"performance officer", "strategic director"}),
            ok=frozenset({400}),
            changes=lambda w: Briefing.objects.count(),
        ),
    ),
}


def url_names() -> list[str]:
    """Every URL pattern's name (or, unnamed, its route), admin aside."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith("admin/") or route.startswith("static/"):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                found.append(pattern.name or route)

    walk(get_resolver().url_patterns, "")
    return found


def test_every_page_is_in_the_matrix() -> None:
    names = url_names()
    missing = [name for name in names if name not in MATRIX]
    gone = [name for name in MATRIX if name not in names]
    assert not missing, (
        f"add these pages to the access matrix (tests/test_access_matrix.py): {missing}"
    )
    assert not gone, f"these pages are gone: take them out of the access matrix: {gone}"


def _cases(kind: str) -> Iterator[Any]:
    """One case per page and sample path; each tries every role (one test per role would cost
    a test's set-up a thousand times over)."""
    for name in url_names():
        row = MATRIX.get(name)
        if row is None:  # test_every_page_is_in_the_matrix says which
            continue
        if kind == "write" and row.write is None:
            continue
        for path in row.paths:
            yield pytest.param(name, path, id=f"{name}:{path}")


def _path(path: str, world: World) -> str:
    for key, value in world.ids.items():
        path = path.replace("{" + key + "}", str(value))
    return quote(path, safe="/?&=.:-")


def _refused(response, row: Row, role: str, refused_status: int) -> str | None:
    """Why the response is not a refusal, or None if it is one."""
    if role == "public" and not row.public_page:
        location = response.headers.get("Location", "")
        if response.status_code == 302 and location.startswith("/sign-in/"):
            return None
        return f"expected the sign-in page, got {response.status_code} {location}"
    if response.status_code == refused_status:
        return None
    return f"expected {refused_status}, got {response.status_code}"


def _read(world: World, row: Row, path: str, role: str) -> str | None:
    """What is wrong with the answer to the role's GET, or None."""
    response = client_for(world, role).get(_path(path, world))
    if role not in row.read:
        problem = _refused(response, row, role, row.get_refused)
        return problem and f"{role} must not read it: {problem}"
    if response.status_code not in row.ok:
        return f"{role} should read it: got {response.status_code}"
    if response.status_code == 302 and response.headers["Location"].startswith("/sign-in/"):
        return f"{role} was sent to sign in"
    return None


def _write(world: World, row: Row, path: str, role: str) -> str | None:
    """What is wrong with the answer to the role's POST, or with what it changed, or None."""
    write = row.write
    assert write is not None
    if write.given is not None:
        write.given(world)
    data = write.data(world) if callable(write.data) else write.data
    before = write.changes(world) if write.changes else None
    response = client_for(world, role).post(_path(path, world), data)
    after = write.changes(world) if write.changes else None
    if role not in write.allowed:
        problem = _refused(response, row, role, 404)
        if problem:
            return f"{role} must not write through it: {problem}"
        return f"{role}'s refused write changed something" if after != before else None
    if response.status_code not in write.ok:
        return f"{role} should write through it: got {response.status_code}"
    if write.changes is not None and write.ok == {302} and after == before:
        return f"{role}'s write changed nothing"
    return None


@pytest.mark.parametrize(("name", "path"), list(_cases("read")))
def test_reading(world: World, db, name: str, path: str) -> None:
    problems = [_read(world, MATRIX[name], path, role) for role in ROLES]
    assert not any(problems), f"GET {path}:\n" + "\n".join(p for p in problems if p)


@pytest.mark.parametrize(("name", "path"), list(_cases("write")))
def test_writing(world: World, db, name: str, path: str) -> None:
    problems = []
    for role in ROLES:
        with transaction.atomic():  # each role writes to the world as it was
            problems.append(_write(world, MATRIX[name], path, role))
            transaction.set_rollback(True)
    assert not any(problems), f"POST {path}:\n" + "\n".join(p for p in problems if p)


def test_a_partner_submits_their_own_indicator_and_nothing_of_the_councils(
    world: World, db
) -> None:
    client_for(world, "partner officer").post("/returns/EH/2008-09-Q2/submit/", {"confirm": "1"})
    states = dict(
        Actual.objects.filter(period=Q2, indicator__department__code="EH").values_list(
            "indicator__code", "state"
        )
    )
    assert states["PCT 1"] == WorkflowState.SUBMITTED
    assert states["EH LI 7"] == WorkflowState.DRAFT  # Dev's department's draft stays his


def test_the_operational_director_signs_off_the_departments_return(world: World, db) -> None:
    """The table: the operational director "signs off own department's return"; the manager
    submits it. A sign-off the manager cannot give."""
    director = client_for(world, "operational director").get("/returns/EH/2008-09-Q2/")
    manager = client_for(world, "manager").get("/returns/EH/2008-09-Q2/")
    assert "Sign off" in director.content.decode()
    assert "Sign off" not in manager.content.decode()


def _upload_as(
    world: World, role: str, changes: dict[str, int], copy_of: str = "performance officer"
):
    """Fill in EH's returns spreadsheet (by default the performance team's copy, every item on
    it) with these figures, and upload it as the role's persona."""
    import io

    import openpyxl

    workbook = client_for(world, copy_of).get("/returns/EH/2008-09-Q2/spreadsheet/")
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    sheet = book["Indicators"]
    columns = [cell.value for cell in sheet[1]]
    code_at, value_at = columns.index("code"), columns.index("value")
    for row in sheet.iter_rows(min_row=2):
        if row[code_at].value in changes:
            row[value_at].value = changes[row[code_at].value]
    upload = io.BytesIO()
    book.save(upload)
    upload.name = "return.xlsx"
    upload.seek(0)
    return client_for(world, role).post(
        "/returns/EH/2008-09-Q2/spreadsheet/", {"return_file": upload}
    )


def _figure(code: str) -> Decimal:
    return Actual.objects.get(indicator__code=code, period=Q2).value


def test_a_partner_uploading_a_departments_return_may_change_only_their_own_item(
    world: World, db
) -> None:
    refused = _upload_as(world, "partner officer", {"EH LI 7": 50, "PCT 1": 50})
    assert "You may not enter this item" in refused.content.decode()
    assert (_figure("EH LI 7"), _figure("PCT 1")) == (Decimal(DRAFT), Decimal(PARTNER_DRAFT))
    # Even the department's rows left as they are: refused, so no guess can be tested.
    refused = _upload_as(world, "partner officer", {"PCT 1": 50})
    assert "You may not enter this item" in refused.content.decode()
    assert _figure("PCT 1") == Decimal(PARTNER_DRAFT)

    _upload_as(world, "partner officer", {"PCT 1": 50}, copy_of="partner officer")
    assert _figure("PCT 1") == 50
