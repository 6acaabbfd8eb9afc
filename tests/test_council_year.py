"""A council's whole year, end to end, through the same services the pages and commands use.

Anytown loads its plans and indicator library from files, then runs 2009/10 quarter by quarter:
Dev (manager in Environmental Health) and Olu (Revenues & Benefits) enter their returns, Oona
and Ray (their operational directors) sign them off, and Priya (performance officer)
validates, publishes and closes each round. The next round is opened before the last one
closes, as councils do. After every close the reports, the homes and the public move on to
that quarter, and no report of a closed quarter reads "not reported"; the fourth quarter brings
the annual indicator's figure for the year.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from goldenthread.indicators.models import Actual, Indicator
from goldenthread.monitoring import services
from goldenthread.monitoring.models import CollectionRound, ItemType
from goldenthread.monitoring.selectors import round_returns
from goldenthread.organisation.models import Department, User
from goldenthread.planning.imports import plans_import
from goldenthread.planning.models import Milestone, MilestoneProgress
from goldenthread.planning.periods import Period, PeriodKind
from goldenthread.public.selectors import release
from goldenthread.reporting.services import default_period
from goldenthread.web.selectors.open_returns import open_returns
from goldenthread.workflow import WorkflowState
from tests.conftest import make_user

PLANS = """\
record,code,title,kind,parent,plan,objective,priority,primary,department,first_year,last_year,due,indicator
priority,HEALTH,A Healthy Anytown,,,,,,,,,,,
plan,CS,Anytown Community Strategy,community strategy,,,,,,,2009/10,2011/12,,
plan,CP,Anytown Corporate Plan,corporate plan,CS,,,,,,2009/10,2011/12,,
plan,SP-EH,Environmental Health Service Plan,service plan,CP,,,,,EH,2009/10,2011/12,,
plan,SP-RB,Revenues & Benefits Service Plan,service plan,CP,,,,,RB,2009/10,2011/12,,
objective,EH 1,Safe food,,,SP-EH,,,,,,,,
objective,RB 1,Fast claims,,,SP-RB,,,,,,,,
objective link,,,,,,EH 1,HEALTH,yes,,,,,
objective link,,,,,,RB 1,HEALTH,yes,,,,,
milestone,EH 1.1,Inspection plan agreed,,,,EH 1,,,,,,2009/10 Q2,
milestone,RB 1.1,New claims system live,,,,RB 1,,,,,,2009/10 Q4,
indicator link,,,,,,EH 1,,,,,,,EH LI 1
indicator link,,,,,,EH 1,,,,,,,EH LI 2
indicator link,,,,,,RB 1,,,,,,,NI 181
"""
LIBRARY = """\
code,title,polarity,unit,frequency,department,priorities
EH LI 1,Food premises inspected on time,higher,%,quarterly,EH,HEALTH
EH LI 2,Residents satisfied with food safety,higher,%,annual,EH,HEALTH
NI 181,Days to process a benefit claim,lower,days,quarterly,RB,HEALTH
"""
TARGETS = """\
indicator,period,target
EH LI 1,2009/10 Q1,90
EH LI 1,2009/10 Q2,90
EH LI 1,2009/10 Q3,90
EH LI 1,2009/10 Q4,90
NI 181,2009/10 Q1,20
NI 181,2009/10 Q2,20
NI 181,2009/10 Q3,20
NI 181,2009/10 Q4,20
EH LI 2,2009/10,75
"""
FIGURES = {"EH LI 1": "92", "EH LI 2": "78", "NI 181": "19"}  # each on target, each quarter
QUARTERS = [Period.parse(f"2009/10 Q{n}") for n in (1, 2, 3, 4)]
YEAR = Period.parse("2009/10")


@pytest.fixture
def anytown(council, tmp_path: Path) -> dict[str, User]:
    """The conftest council (EH and RB), its plans and library loaded from files."""
    eh, rb = council.health_dept, council.revenues_dept
    people = {
        "priya": council.priya,
        "dev": council.dev,
        "olu": council.olu,
        "oona": make_user(
            "oona", "Oona", "Reid", council.council, operational_director={"department": eh}
        ),
        "ray": make_user(
            "ray", "Ray", "Osei", council.council, operational_director={"department": rb}
        ),
    }
    for name, text in (("library.csv", LIBRARY), ("targets.csv", TARGETS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    call_command("import_indicators", str(tmp_path / "library.csv"), stdout=io.StringIO())
    call_command("import_targets", str(tmp_path / "targets.csv"), stdout=io.StringIO())
    loaded = plans_import(
        source=io.BytesIO(PLANS.encode()), acting_user=council.priya, filename="plans.csv"
    )
    assert loaded.ok, loaded.error_report()
    return people


def enter_and_submit(people: dict[str, User], round_: CollectionRound) -> None:
    """Each manager enters everything due from their department, and submits the return."""
    managers = {"EH": people["dev"], "RB": people["olu"]}
    for department_return in round_returns(round_):
        code = department_return.department.code
        manager = managers[code]
        for item in department_return.items:
            if item.kind == ItemType.ACTUAL:
                services.actual_save(
                    acting_user=manager,
                    indicator=Indicator.objects.get(code=item.code),
                    period=item.period,
                    value=FIGURES[item.code],
                )
            else:
                milestone = Milestone.objects.get(code=item.code)
                services.milestone_progress_save(
                    acting_user=manager,
                    milestone=milestone,
                    period=item.period,
                    progress=MilestoneProgress.COMPLETE
                    if item.period >= milestone.due
                    else MilestoneProgress.ON_TRACK,
                )
        services.narrative_save(
            acting_user=manager,
            round=round_,
            department_code=code,
            key_developments=f"{code} on track in {round_.quarter}",
        )
        services.return_submit(
            acting_user=manager, round=round_, department=department_return.department
        )


def sign_off_validate_and_publish(people: dict[str, User], round_: CollectionRound) -> int:
    directors = {"EH": people["oona"], "RB": people["ray"]}
    for department in Department.objects.all():
        services.return_sign_off(
            acting_user=directors[department.code], department=department, round=round_
        )
    priya = people["priya"]
    for actual in Actual.objects.filter(state=WorkflowState.SUBMITTED):
        services.actual_validate(acting_user=priya, actual=actual)
    for department_return in round_returns(round_):
        for item in department_return.items:
            if item.kind == ItemType.MILESTONE_UPDATE and item.state == WorkflowState.SUBMITTED:
                update = Milestone.objects.get(code=item.code).updates.get(period=item.period)
                services.milestone_progress_validate(acting_user=priya, update=update)
    for narrative in round_.narratives.filter(state=WorkflowState.SUBMITTED):
        services.narrative_validate(acting_user=priya, narrative=narrative)
    return services.round_publish(acting_user=priya, round=round_)


def test_a_whole_year_runs_quarter_by_quarter_and_each_close_moves_everyone_on(
    anytown: dict[str, User],
) -> None:
    priya = anytown["priya"]
    departments = Department.objects.order_by("code")
    previous: CollectionRound | None = None
    for quarter in QUARTERS:
        round_ = services.round_open(
            acting_user=priya, quarter=quarter, deadline=quarter.end + datetime.timedelta(days=30)
        )
        if previous is not None:
            # The next round is open before the last closes: homes lead to both, oldest first.
            still_open = [(r.round.quarter, r.department.code) for r in open_returns(departments)]
            assert still_open == [
                (previous.quarter, "EH"),
                (previous.quarter, "RB"),
                (quarter, "EH"),
                (quarter, "RB"),
            ]
            services.round_close(acting_user=priya, round=previous)
            assert default_period() == previous.quarter
            assert release().quarter == previous.quarter

        enter_and_submit(anytown, round_)
        published = sign_off_validate_and_publish(anytown, round_)
        assert published > 0
        # Published, but still being collected: reports and the public stay on the last
        # closed quarter, so nobody sees a half-published quarter as "not reported".
        assert default_period() == (previous.quarter if previous else None)
        assert release().quarter == (previous.quarter if previous else None)
        previous = round_

    assert previous is not None
    services.round_close(acting_user=priya, round=previous)
    assert default_period() == QUARTERS[-1]
    assert default_period(PeriodKind.YEAR) == YEAR
    assert release().quarter == QUARTERS[-1]
    assert release().year == YEAR  # the annual indicator's figure came with the fourth quarter
    assert open_returns(departments) == []

    # Every figure due in the year is published, and every round is closed.
    assert CollectionRound.objects.filter(closed_at__isnull=True).count() == 0
    figures = {
        (a.indicator.code, str(a.period)): a.value
        for a in Actual.objects.published().select_related("indicator")
    }
    assert len(figures) == 2 * 4 + 1
    assert figures["EH LI 2", "2009/10"] == Decimal("78")

    # And the status report for each closed quarter rates every indicator: nothing missing.
    for quarter in QUARTERS:
        out = io.StringIO()
        call_command("report", "status", "--period", str(quarter), "--format", "csv", stdout=out)
        text = out.getvalue()
        assert "not_reported" not in text and "Not reported" not in text, text
        assert text.count("green") >= 2, text
