"""`check-thread` and the integrity page flag tasks in personal plans linked to no objective
(issue 12): the thread should reach from a priority down to each person's work."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from goldenthread.planning.integrity import check_thread
from goldenthread.planning.models import Objective, Plan, PlanKind, Task

KEY = "tasks_without_objective"


@pytest.fixture
def edrs(council):
    """Dev's personal plan with one linked and one loose task, and a divisional plan's loose
    task (only personal plans are checked)."""
    service = Plan.objects.create(
        code="EH-SP",
        title="EH service plan",
        kind=PlanKind.SERVICE_PLAN,
        organisation=council.council,
        department=council.health_dept,
        first_year=2009,
        last_year=2009,
    )
    objective = Objective.objects.create(plan=service, code="EH 1", title="Cut smoking")
    personal = Plan.objects.create(
        code="EDR-DEV",
        title="Dev Patel's EDR",
        kind=PlanKind.PERSONAL_PLAN,
        parent=service,
        organisation=council.council,
        department=council.health_dept,
        owner=council.dev,
        first_year=2009,
        last_year=2009,
    )
    divisional = Plan.objects.create(
        code="EH-DIV",
        title="Food safety division",
        kind=PlanKind.DIVISIONAL_PLAN,
        parent=service,
        organisation=council.council,
        first_year=2009,
        last_year=2009,
    )
    Task.objects.create(plan=personal, title="Run the stop-smoking clinic", objective=objective)
    Task.objects.create(plan=personal, title="Tidy the shared drive")
    Task.objects.create(plan=divisional, title="Divisional chores")
    return council


def finding(result):
    return next(f for f in result.findings if f.key == KEY)


def test_a_personal_task_with_no_objective_is_flagged_with_whose_plan_it_is(edrs):
    tasks = finding(check_thread())

    assert tasks.title == "Tasks in personal plans linked to no objective"
    assert tasks.count == 1
    item = tasks.items[0]
    assert (item.code, item.title) == ("EDR-DEV", "Tidy the shared drive")
    assert item.where == "Dev Patel's EDR (Dev Patel)"


def test_linking_the_task_clears_the_finding(edrs):
    Task.objects.filter(title="Tidy the shared drive").update(
        objective=Objective.objects.get(code="EH 1")
    )

    assert finding(check_thread()).count == 0


def test_the_command_counts_and_lists_loose_tasks(edrs):
    out = StringIO()
    call_command("check_thread", stdout=out)
    text = out.getvalue()
    assert "Tasks in personal plans linked to no objective: 1" in text
    assert "EDR-DEV  Tidy the shared drive (Dev Patel's EDR (Dev Patel))" in text

    out = StringIO()
    call_command("check_thread", "--format", "json", stdout=out)
    counts = {f["key"]: f["count"] for f in json.loads(out.getvalue())["findings"]}
    assert counts[KEY] == 1


def test_the_integrity_page_lists_loose_tasks(client, edrs):
    client.force_login(edrs.priya)
    html = client.get(reverse("integrity")).content.decode()

    section = html.split(f'id="{KEY}"')[1].split("</section>")[0]
    assert "Tasks in personal plans linked to no objective (1)" in section
    assert "Tidy the shared drive" in section
    assert "Divisional chores" not in html
