"""`goldenthread demo`: Demo Borough Council, modelled on the review (docs/demo.md)."""

import csv
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from goldenthread.demo import DEMO_PASSWORD
from goldenthread.demo.content import EXTRA_ROLES, LOGINS
from goldenthread.demo.content_performance import CASES
from goldenthread.demo.fingerprint import demo_fingerprint
from goldenthread.indicators.models import (
    Actual,
    Frequency,
    Indicator,
    IndicatorSet,
    LAADesignation,
    LAAIndicator,
    LocalAreaAgreement,
    Target,
)
from goldenthread.indicators.services import NATIONAL_INDICATORS_FILE
from goldenthread.organisation.models import (
    ROLE_SCOPE,
    Board,
    BoardKind,
    Department,
    Directorate,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from goldenthread.planning.models import (
    AreaOfFocus,
    MilestoneProgress,
    MilestoneUpdate,
    Objective,
    Plan,
    PlanKind,
    PlanState,
    Priority,
    Task,
)
from goldenthread.planning.selectors import thread_coverage
from goldenthread.workflow import WorkflowState

TABLE_2 = {
    "A Healthy Borough": (57, 51),
    "Urban Renewal": (50, 64),
    "Children & Young People": (46, 61),
    "Employment, Learning & Skills": (26, 23),
    "A Safer Borough": (13, 26),
    "Corporate Effectiveness & Business Efficiency": (178, 141),
}
UNLINKED = ["CL 7", "CSC 6", "HTL 6", "RB 6"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


# -- the golden thread ---------------------------------------------------------------------------


def test_the_demo_reproduces_table_2_of_the_review(demo):
    coverage = thread_coverage()
    assert {
        row.priority: (row.objectives_milestones, row.indicators) for row in coverage.rows
    } == TABLE_2
    assert coverage.totals == {"objectives_milestones": 370, "indicators": 366, "total": 736}


def test_objectives_linked_to_no_priority_are_listed_and_not_counted(demo):
    coverage = thread_coverage()
    assert sorted(item.code for item in coverage.unlinked) == UNLINKED
    linked = Objective.objects.exclude(code__in=UNLINKED)
    counted = linked.count() + sum(o.milestones.count() for o in linked)
    assert counted == 370
    assert not Objective.objects.filter(code__in=UNLINKED, milestones__isnull=False).exists()


def test_objectives_linked_to_several_priorities_are_listed_with_their_priorities(demo):
    multi = {item.code: item.priorities for item in thread_coverage().multi_linked}
    assert len(multi) == 8
    assert multi["ERS 3"] == ["A Healthy Borough", "A Safer Borough"]
    assert all(
        Objective.objects.get(code=code).links.filter(is_primary=True).count() == 1
        for code in multi
    )


def test_the_council_has_4_directorates_19_departments_and_6_priorities(demo):
    council = Organisation.objects.get(kind=OrganisationKind.COUNCIL)
    assert council.name == "Demo Borough Council"
    assert Directorate.objects.filter(organisation=council).count() == 4
    assert Department.objects.count() == 19
    assert list(Priority.objects.values_list("name", "short_name")) == [
        ("A Healthy Borough", "Health"),
        ("Urban Renewal", "Urban Renewal"),
        ("Children & Young People", "Children & Young People"),
        ("Employment, Learning & Skills", "Employment, Learning & Skills"),
        ("A Safer Borough", "Safer"),
        ("Corporate Effectiveness & Business Efficiency", "Business efficiency"),
    ]


def test_partners_and_a_regulator_are_organisations_alongside_the_council(demo):
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert kinds[OrganisationKind.PARTNER] >= 5
    assert (
        Organisation.objects.get(kind=OrganisationKind.REGULATOR).name == "Audit Commission (demo)"
    )


def test_area_of_focus_33_is_the_reviews_under_the_corporate_priority(demo):
    area = AreaOfFocus.objects.select_related("priority", "key_objective").get(number=33)
    assert area.title.startswith("Ensuring that we are properly structured and fit for purpose")
    assert area.priority.code == "CORP"
    assert area.key_objective.letter in {"C", "E"}
    assert sorted(AreaOfFocus.objects.values_list("number", flat=True)) == list(range(1, 41))


def test_each_priority_has_its_ppb_and_each_community_theme_its_ssp(demo):
    for priority in Priority.objects.select_related("ppb", "ssp", "portfolio"):
        assert priority.ppb.kind == BoardKind.PPB
        assert priority.portfolio is not None
        if priority.code != "CORP":
            assert priority.ssp.kind == BoardKind.SSP
    kinds = Counter(Board.objects.values_list("kind", flat=True))
    assert kinds[BoardKind.MANAGEMENT_TEAM] == kinds[BoardKind.EXECUTIVE_BOARD] == 1
    assert kinds[BoardKind.LSP] == 1


def test_every_department_has_a_published_2008_11_service_plan_under_the_corporate_plan(demo):
    plans = Plan.objects.service_plans().select_related("parent__parent")
    assert sorted(p.department_id for p in plans) == sorted(
        Department.objects.values_list("pk", flat=True)
    )
    for plan in plans:
        assert (plan.first_year, plan.last_year, plan.state) == (2008, 2010, PlanState.PUBLISHED)
        assert plan.parent.kind == PlanKind.CORPORATE_PLAN
        assert plan.parent.parent.kind == PlanKind.COMMUNITY_STRATEGY


def test_lower_plans_carry_tasks_up_the_thread_with_a_few_breaks_to_find(demo):
    assert Plan.objects.filter(kind=PlanKind.PERSONAL_PLAN).count() >= 5
    assert Task.objects.filter(objective__isnull=False).count() > 20
    assert Task.objects.filter(objective__isnull=True).count() == 2
    assert list(Plan.objects.without_parent().values_list("code", flat=True)) == ["DP-CL-LIB"]


# -- indicators and the LAA ----------------------------------------------------------------------


def test_the_national_indicators_are_the_reference_list_loaded_through_the_import(demo):
    with NATIONAL_INDICATORS_FILE.open(encoding="utf-8-sig") as handle:
        reference = {row["code"]: row["title"] for row in csv.DictReader(handle)}
    nis = dict(Indicator.objects.filter(indicator_set=IndicatorSet.NI).values_list("code", "title"))
    assert nis == reference
    assert not Indicator.objects.filter(
        indicator_set=IndicatorSet.NI, priority_links__isnull=True
    ).exists()


def test_the_library_mixes_sets_polarities_and_aggregations(demo):
    indicators = Indicator.objects.all()
    assert set(indicators.values_list("indicator_set", flat=True)) == set(IndicatorSet.values)
    assert indicators.filter(indicator_set=IndicatorSet.BVPI, code__startswith="BV ").count() > 40
    assert set(indicators.values_list("polarity", flat=True)) == {"higher", "lower", "none"}
    assert set(indicators.values_list("aggregation", flat=True)) == {"snapshot", "cumulative"}
    assert indicators.filter(tolerance__isnull=False).count() >= 3
    assert indicators.filter(is_key=True).exists()
    assert indicators.filter(objectives__isnull=False).distinct().count() > 250


def test_the_laa_holds_51_nis_16_statutory_and_35_designated(demo):
    agreement = LocalAreaAgreement.objects.get()
    assert (agreement.first_year, agreement.last_year) == (2008, 2010)
    members = LAAIndicator.objects.filter(agreement=agreement).select_related("indicator")
    assert len(members) == 51
    assert all(m.indicator.indicator_set == IndicatorSet.NI for m in members)
    assert Counter(m.designation for m in members) == {
        LAADesignation.STATUTORY: 16,
        LAADesignation.DESIGNATED: 35,
    }
    assert all(m.lead_partner_id for m in members)


def test_every_laa_indicator_has_a_target_for_each_of_the_three_years(demo):
    for member in LAAIndicator.objects.select_related("indicator"):
        years = set(member.indicator.targets.values_list("period", flat=True))
        assert {"2008/09", "2009/10", "2010/11"} <= {str(p) for p in years}, member


# -- people ----------------------------------------------------------------------------------


@pytest.mark.parametrize("login", LOGINS, ids=lambda login: login.username)
def test_every_audience_has_a_login_with_the_right_role_and_scope(demo, login):
    user = User.objects.get(username=login.username)
    assert user.check_password(DEMO_PASSWORD)
    extra = {role for role, _, _ in EXTRA_ROLES.get(login.username, ())}
    (assignment,) = user.roles.exclude(role__in=extra)
    assert assignment.role == login.role
    assert set(user.roles.values_list("role", flat=True)) == {login.role, *extra}
    field = ROLE_SCOPE[Role(login.role)]
    assert field == login.scope_field
    if field:
        assert getattr(assignment, field).code == login.scope_code


def test_every_demo_username_and_email_is_valid_and_unique(demo):
    from django.contrib.auth.validators import UnicodeUsernameValidator

    users = list(User.objects.values_list("username", "email"))
    for username, _ in users:
        UnicodeUsernameValidator()(username)
    assert len({email for _, email in users}) == len(users)


def test_every_indicator_with_a_department_has_a_responsible_officer_and_collator(demo):
    missing = Indicator.objects.filter(department__isnull=False, collator__isnull=True)
    assert not missing.exists()
    assert Indicator.objects.filter(responsible_officer__isnull=True).count() == 1


# -- performance figures -------------------------------------------------------------------


def test_2009_10_q2_is_being_collected_with_no_figure_published(demo):
    states = Counter(Actual.objects.filter(period="2009/10 Q2").values_list("state", flat=True))
    assert states[WorkflowState.SUBMITTED] > 0
    assert states[WorkflowState.DRAFT] > 0
    assert states[WorkflowState.PUBLISHED] == 0
    quarterly = Indicator.objects.filter(frequency=Frequency.QUARTERLY)
    assert quarterly.exclude(actuals__period="2009/10 Q2").count() > 20  # not yet reported


def test_earlier_quarters_from_2007_08_to_2009_10_q1_are_published(demo):
    earlier = Actual.objects.exclude(period="2009/10 Q2")
    assert set(earlier.values_list("state", flat=True)) == {WorkflowState.PUBLISHED}
    periods = {str(p) for p in earlier.values_list("period", flat=True)}
    quarters = [f"{year} Q{n}" for year in ("2007/08", "2008/09") for n in range(1, 5)]
    assert {*quarters, "2009/10 Q1", "2007/08", "2008/09"} <= periods


def test_some_targets_have_a_floor_and_some_actuals_commentary(demo):
    assert Target.objects.filter(floor__isnull=False).count() >= 3
    assert Actual.objects.exclude(commentary="").count() > 50
    assert Actual.objects.filter(denominator__isnull=False).exists()


def test_milestone_updates_show_every_kind_of_progress(demo):
    published = MilestoneUpdate.objects.filter(period="2009/10 Q1", state=WorkflowState.PUBLISHED)
    assert set(published.values_list("progress", flat=True)) == set(MilestoneProgress.values)
    collecting = set(
        MilestoneUpdate.objects.filter(period="2009/10 Q2").values_list("state", flat=True)
    )
    assert collecting == {WorkflowState.DRAFT, WorkflowState.SUBMITTED}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_each_hand_set_case_rates_as_docs_demo_md_says(demo, case):
    from goldenthread.performance.reports import status_report
    from goldenthread.planning.periods import Period

    period, status, direction, exception = case.expect
    report = status_report(Period.parse(period), published_only=True)
    (row,) = [row for row in report.rows if row["indicator"] == case.code]
    assert (row["status"], row["direction"], row["exception"]) == (status, direction, exception)


# -- the command ---------------------------------------------------------------------------


def test_the_demo_loads_into_an_empty_database_and_says_what_it_made(db):
    output = run()
    assert "Loaded Demo Borough Council" in output
    assert "departments                   19" in output
    assert Indicator.objects.count() == 368


def test_the_demo_is_the_same_every_time_it_is_built(demo):
    before = demo_fingerprint()
    run("--flush")
    assert Department.objects.count() == 19
    assert demo_fingerprint() == before


def test_the_demo_refuses_to_load_over_existing_data(demo):
    with pytest.raises(CommandError, match="already holds data.*--if-empty.*--flush"):
        run()


def test_if_empty_leaves_existing_data_alone_and_succeeds(demo):
    before = Indicator.objects.count()
    assert "not loaded" in run("--if-empty")
    assert Indicator.objects.count() == before


def test_the_demo_refuses_outside_development_unless_forced(demo, settings):
    settings.DEBUG = settings.TESTING = False
    with pytest.raises(CommandError, match="password is published.*--force"):
        run()
    with pytest.raises(CommandError, match="already holds data"):  # past the guard
        run("--force")


def test_logins_list_every_audience_with_the_shared_password(demo):
    output = run("--logins")
    for login in LOGINS:
        assert login.username in output
    assert "PPB chair" in output and "Regulator" in output
    assert DEMO_PASSWORD in output


def test_logins_without_the_demo_say_how_to_load_it(db):
    with pytest.raises(CommandError, match="goldenthread demo"):
        run("--logins")


def test_the_quarter_being_collected_has_its_round_open_so_managers_can_enter_figures(demo):
    from goldenthread.monitoring.models import CollectionRound

    (current,) = CollectionRound.objects.filter(closed_at__isnull=True)
    assert str(current.quarter) == "2009/10 Q2"
    assert str(current.deadline) == "2009-10-31"
    assert current.opened_by.username == "performance.officer"


def test_the_demo_has_a_published_narrative_for_every_department_each_reported_quarter(demo):
    from goldenthread.monitoring.models import CollectionRound, DepartmentNarrative

    closed = CollectionRound.objects.filter(closed_at__isnull=False)
    assert closed.count() == 9  # 2007/08 Q1 to 2009/10 Q1
    published = DepartmentNarrative.objects.filter(round__in=closed, state="published")
    assert published.count() == 9 * Department.objects.count()
    assert all(n.key_developments and n.emerging_issues for n in published)


def test_the_demo_scorecard_has_headline_indicators_under_each_perspective(demo):
    from goldenthread.reporting.models import Perspective

    perspectives = list(Perspective.objects.prefetch_related("lines"))
    assert [p.name for p in perspectives][0] == "Community outcomes"
    assert len(perspectives) == 5
    assert all(1 <= len(p.lines.all()) <= 4 for p in perspectives)
