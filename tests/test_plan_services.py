"""Writing the golden thread: the performance team's services check the thread's rules, write
nothing on bad input, audit every change field by field, and refuse to save over someone
else's newer save."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from goldenthread.audit.models import AuditEntry
from goldenthread.planning import services
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
from goldenthread.planning.periods import Period
from goldenthread.planning.services import Link
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401


def plan_values(thread: Thread, **overrides):
    values = {
        "code": "DIV-FOOD",
        "title": "Food Safety Divisional Plan",
        "kind": PlanKind.DIVISIONAL_PLAN,
        "parent": thread.eh_plan,
        "organisation": thread.council.council,
        "department": thread.council.health_dept,
        "owner": thread.council.dev,
        "first_year": 2009,
        "last_year": 2009,
    }
    return {**values, **overrides}


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_priya_adds_a_divisional_plan_under_a_service_plan_and_the_audit_says_so(thread: Thread):
    priya = thread.council.priya

    plan = services.item_create(Plan, acting_user=priya, **plan_values(thread))

    assert plan.parent == thread.eh_plan
    entry = AuditEntry.objects.get(action="plan_create")
    assert entry.actor == priya
    assert entry.summary == "plan DIV-FOOD created"
    assert entry.data["created"]["parent"] == "SP-EH"
    assert entry.data["created"]["owner"] == "dev"


def test_a_plan_whose_parent_is_not_one_level_up_is_refused_and_nothing_is_written(
    thread: Thread,
):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Plan,
            acting_user=thread.council.priya,
            **plan_values(thread, parent=thread.corporate_plan),
        )

    assert errors_of(excinfo)["parent"] == [
        "CP is a corporate plan; a divisional plan's parent must be a service plan"
    ]
    assert not Plan.objects.filter(code="DIV-FOOD").exists()
    assert not AuditEntry.objects.exists()


def test_a_plan_ending_before_it_starts_or_reusing_a_code_gets_every_message_at_once(
    thread: Thread,
):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Plan,
            acting_user=thread.council.priya,
            **plan_values(thread, code="SP-RB", first_year=2010, last_year=2008),
        )

    errors = errors_of(excinfo)
    assert errors["code"] == ["Another plan already has the code SP-RB"]
    assert errors["last_year"] == ["The last year (2008/09) is before the first year (2010/11)"]


def test_a_community_strategy_has_no_parent(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Plan,
            acting_user=thread.council.priya,
            **plan_values(
                thread, code="CS", kind=PlanKind.COMMUNITY_STRATEGY, parent=thread.eh_plan
            ),
        )

    assert errors_of(excinfo)["parent"] == [
        "SP-EH is a service plan; a community strategy is the top of the thread: leave its "
        "parent blank"
    ]


def test_a_plan_is_not_its_own_parent_even_when_its_old_kind_would_fit(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_update(
            thread.eh_plan,
            acting_user=thread.council.priya,
            kind=PlanKind.DIVISIONAL_PLAN,
            parent=thread.eh_plan,
        )

    assert errors_of(excinfo)["parent"] == [
        "SP-EH is this plan; a divisional plan's parent must be a service plan"
    ]
    thread.eh_plan.refresh_from_db()
    assert thread.eh_plan.parent != thread.eh_plan


def test_a_plan_cannot_change_kind_under_the_plans_below_it(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_update(
            thread.divisional_plan,
            acting_user=thread.council.priya,
            kind=PlanKind.PERSONAL_PLAN,
            parent=None,
        )

    assert errors_of(excinfo)["kind"] == [
        "EDR-DEV (personal plan) sits under this plan; a personal plan cannot hold it: move it "
        "first"
    ]
    thread.divisional_plan.refresh_from_db()
    assert thread.divisional_plan.kind == PlanKind.DIVISIONAL_PLAN


def test_an_edit_records_each_changed_field_from_what_to_what(thread: Thread):
    services.item_update(
        thread.rb_plan,
        acting_user=thread.council.priya,
        title="Revenues Service Plan",
        owner=thread.council.olu,
        last_year=2011,
    )

    entry = AuditEntry.objects.get(action="plan_update")
    assert entry.data["changed"] == {
        "title": ["Revenues & Benefits Service Plan", "Revenues Service Plan"],
        "owner": ["", "olu"],
        "last_year": ["2010", "2011"],
    }
    assert entry.summary.startswith(
        "plan SP-RB changed: title “Revenues & Benefits Service Plan” → “Revenues Service Plan”"
    )
    assert entry.object_id == str(thread.rb_plan.pk)


def test_an_edit_that_changes_nothing_writes_no_audit_entry(thread: Thread):
    services.item_update(
        thread.rb_plan, acting_user=thread.council.priya, title=thread.rb_plan.title
    )

    assert not AuditEntry.objects.exists()


def test_saving_over_someone_elses_newer_save_is_refused_and_says_who_and_what(thread: Thread):
    seen = services.read_seen(services.seen_token(thread.rb_plan))
    other = thread.morgan  # anyone in the performance team; here a second officer
    from goldenthread.organisation.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=other, role=Role.PERFORMANCE_OFFICER)
    services.item_update(thread.rb_plan, acting_user=other, title="Benefits Plan")

    with pytest.raises(services.StaleEdit) as excinfo:
        services.item_update(
            thread.rb_plan, acting_user=thread.council.priya, seen=seen, title="Mine"
        )

    message = str(excinfo.value)
    assert message.startswith("Morgan Reid saved this plan after you opened it")
    assert "title is now “Benefits Plan”" in message
    assert "Nothing you entered was saved" in message
    thread.rb_plan.refresh_from_db()
    assert thread.rb_plan.title == "Benefits Plan"
    assert AuditEntry.objects.filter(action="plan_update").count() == 1
    # Having seen their change, she saves again over it on purpose.
    services.item_update(
        thread.rb_plan, acting_user=thread.council.priya, seen=excinfo.value.current, title="Mine"
    )
    thread.rb_plan.refresh_from_db()
    assert thread.rb_plan.title == "Mine"


@pytest.mark.parametrize("persona", ["dev", "olu", "chen", "pat"])
def test_nobody_outside_the_performance_team_may_write_the_thread(thread: Thread, persona):
    person = getattr(thread.council, persona)

    with pytest.raises(Http404):
        services.item_create(Plan, acting_user=person, **plan_values(thread))
    with pytest.raises(Http404):
        services.item_update(thread.smoking, acting_user=person, title="Changed")

    assert not Plan.objects.filter(code="DIV-FOOD").exists()
    assert Objective.objects.get(code="EH 1").title == "Reduce smoking in the borough"
    assert not AuditEntry.objects.exists()


def test_directors_and_councillors_may_not_write_the_thread_either(thread: Thread):
    for person in (thread.sam, thread.morgan, thread.eve, thread.ash):
        with pytest.raises(Http404):
            services.item_update(
                Milestone.objects.get(code="EH 1.1"), acting_user=person, title="Changed"
            )
    assert Milestone.objects.get(code="EH 1.1").title == "Open three quit clinics"


# -- objectives and their links up the thread --------------------------------------------------


def test_an_objective_is_added_with_one_primary_link_secondary_links_and_its_indicators(
    thread: Thread,
):
    c = thread.council
    area = AreaOfFocus.objects.get(number=1)

    objective = services.item_create(
        Objective,
        acting_user=c.priya,
        plan=thread.eh_plan,
        code="EH 4",
        title="Fewer pests",
        owner=c.dev,
        primary=Link(c.health, area),
        secondary=[Link(c.efficiency)],
        indicators=[thread.local, thread.ni],
    )

    links = list(objective.links.order_by("-is_primary"))
    assert [(k.priority, k.area_of_focus, k.is_primary) for k in links] == [
        (c.health, area, True),
        (c.efficiency, None, False),
    ]
    assert set(objective.indicators.all()) == {thread.local, thread.ni}
    created = AuditEntry.objects.get(action="objective_create").data["created"]
    assert created["links"] == "HEALTH area of focus 1 (primary); CORP"
    assert created["indicators"] == "EH LI 1, NI 123"


def test_secondary_links_without_a_primary_are_refused(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Objective,
            acting_user=thread.council.priya,
            plan=thread.eh_plan,
            code="EH 4",
            title="Fewer pests",
            secondary=[Link(thread.council.efficiency)],
        )

    assert errors_of(excinfo)["primary"] == [
        "Choose the primary link: an objective linked up the thread has exactly one primary link"
    ]
    assert not Objective.objects.filter(code="EH 4").exists()


def test_the_primary_link_cannot_also_be_a_secondary_one(thread: Thread):
    health = Link(thread.council.health)

    with pytest.raises(ValidationError) as excinfo:
        services.item_update(
            thread.food, acting_user=thread.council.priya, primary=health, secondary=[health]
        )

    assert errors_of(excinfo)["secondary"] == ["HEALTH is already the primary link: choose it once"]
    assert thread.food.links.count() == 2


def test_changing_an_objectives_links_and_indicators_is_audited_before_and_after(thread: Thread):
    c = thread.council

    services.item_update(
        thread.food,
        acting_user=c.priya,
        primary=Link(c.efficiency),
        secondary=[],
        indicators=[thread.bvpi],
    )

    assert list(
        ObjectiveLink.objects.filter(objective=thread.food).values_list(
            "priority__code", "is_primary"
        )
    ) == [("CORP", True)]
    changed = AuditEntry.objects.get(action="objective_update").data["changed"]
    assert changed["links"] == ["HEALTH (primary); CORP", "CORP (primary)"]
    assert changed["indicators"] == ["EH LI 1", "BV 9"]


def test_an_objective_edit_that_leaves_out_links_keeps_them(thread: Thread):
    services.item_update(thread.food, acting_user=thread.council.priya, title="Safe food")

    assert thread.food.links.count() == 2
    assert list(thread.food.indicators.all()) == [thread.local]


# -- milestones, tasks, priorities, key objectives, areas of focus -----------------------------


def test_a_milestone_is_due_in_a_quarter(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Milestone,
            acting_user=thread.council.priya,
            objective=thread.smoking,
            code="EH 1.3",
            title="Quit week",
            due=Period.parse("2009/10"),
        )

    assert errors_of(excinfo)["due"] == [
        "“2009/10” is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)"
    ]

    milestone = services.item_create(
        Milestone,
        acting_user=thread.council.priya,
        objective=thread.smoking,
        code="EH 1.3",
        title="Quit week",
        due=Period.parse("2009-10-Q3"),
        owner=thread.council.dev,
    )
    assert Milestone.objects.get(pk=milestone.pk).due == Period.parse("2009/10 Q3")


def test_milestone_codes_are_unique(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Milestone,
            acting_user=thread.council.priya,
            objective=thread.food,
            code="EH 1.1",
            title="Again",
            due=Period.parse("2009/10 Q1"),
        )

    assert errors_of(excinfo)["code"] == ["Another milestone already has the code EH 1.1"]


def test_a_task_belongs_in_a_divisional_team_or_personal_plan_and_gets_a_code(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(Task, acting_user=thread.council.priya, plan=thread.eh_plan, title="X")
    assert errors_of(excinfo)["plan"] == [
        "Tasks belong in divisional, team and personal plans; SP-EH is a service plan"
    ]

    task = services.item_create(
        Task,
        acting_user=thread.council.priya,
        plan=thread.personal_plan,
        title="Run a quit stall",
        objective=thread.smoking,
        due=Period.parse("2008/09 Q4"),
    )

    assert task.code.startswith("T-")
    assert Task.objects.get(code=task.code).objective == thread.smoking


def test_a_task_edit_with_a_blank_code_keeps_its_code(thread: Thread):
    task = Task.objects.get(title="Train two advisers")
    code = task.code

    services.item_update(task, acting_user=thread.council.priya, code="", objective=None)

    task.refresh_from_db()
    assert task.code == code and task.objective is None
    changed = AuditEntry.objects.get(action="task_update").data["changed"]
    assert changed == {"objective": ["EH 1", ""]}


def test_priorities_have_unique_numbers_codes_and_names(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Priority,
            acting_user=thread.council.priya,
            number=1,
            code="CORP",
            name="A Healthy Borough",
            short_name="Health",
        )

    errors = errors_of(excinfo)
    assert errors["number"] == ["Another priority already has the number 1"]
    assert errors["code"] == ["Another priority already has the code CORP"]
    assert errors["name"] == ["Another priority already has the name A Healthy Borough"]
    assert Priority.objects.count() == 2


def test_a_key_objective_letter_is_unique_within_its_priority(thread: Thread):
    c = thread.council
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            KeyObjective, acting_user=c.priya, priority=c.health, letter="A", title="Again"
        )
    assert errors_of(excinfo)["letter"] == ["Another key objective already has the letter A"]

    services.item_create(
        KeyObjective, acting_user=c.priya, priority=c.efficiency, letter="A", title="Y"
    )
    assert KeyObjective.objects.filter(letter="A").count() == 2


def test_an_area_of_focus_key_objective_must_be_one_of_its_prioritys(thread: Thread):
    c = thread.council
    key = KeyObjective.objects.get(priority=c.health, letter="A")

    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            AreaOfFocus,
            acting_user=c.priya,
            priority=c.efficiency,
            key_objective=key,
            number=2,
            title="Y",
        )

    assert errors_of(excinfo)["key_objective"][0].startswith(
        "Key objective A belongs to A Healthy Borough, not to Corporate Effectiveness"
    )
    assert not AreaOfFocus.objects.filter(number=2).exists()


def test_a_milestone_due_may_be_written_either_way_and_cannot_be_left_out(thread: Thread):
    priya = thread.council.priya
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Milestone,
            acting_user=priya,
            objective=thread.smoking,
            code="EH 1.4",
            title="X",
            due=None,
        )
    assert errors_of(excinfo)["due"] == ["Enter the quarter it is due, like 2009/10 Q3"]

    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            Milestone,
            acting_user=priya,
            objective=thread.smoking,
            code="EH 1.4",
            title="X",
            due="Q3",
        )
    assert errors_of(excinfo)["due"] == [
        "“Q3” is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)"
    ]

    milestone = services.item_create(
        Milestone,
        acting_user=priya,
        objective=thread.smoking,
        code="EH 1.4",
        title="X",
        due="2009-10-Q3",
    )
    assert str(Milestone.objects.get(pk=milestone.pk).due) == "2009/10 Q3"


def test_a_plan_with_tasks_stays_a_plan_that_holds_tasks(thread: Thread):
    with pytest.raises(ValidationError) as excinfo:
        services.item_update(
            thread.personal_plan,
            acting_user=thread.council.priya,
            kind=PlanKind.SERVICE_PLAN,
            parent=thread.corporate_plan,
        )

    assert errors_of(excinfo)["kind"] == [
        "This plan has tasks, which belong in divisional, team and personal plans; a service "
        "plan cannot hold them"
    ]


def test_a_clash_the_checks_could_not_see_is_a_message_not_an_error_page(
    thread: Thread, monkeypatch
):
    # As if a colleague saved DIV-FOOD between the checks and the save.
    monkeypatch.setitem(services.CHECKS, Plan, lambda item, errors: None)
    Plan.objects.create(**{**plan_values(thread), "code": "DIV-FOOD"})

    with pytest.raises(ValidationError) as excinfo:
        services.item_create(Plan, acting_user=thread.council.priya, **plan_values(thread))

    assert "Someone else saved an item with the same code" in excinfo.value.messages[0]
    assert Plan.objects.filter(code="DIV-FOOD").count() == 1
    assert not AuditEntry.objects.exists()
