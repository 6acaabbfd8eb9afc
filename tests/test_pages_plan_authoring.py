"""The performance team writes the council's plans in the browser: Priya adds and edits each
kind of item through forms; a bad value is shown on the form, tied to its field, and nothing is
saved; every change is in the audit trail; a save over someone else's newer one is refused.
Managers, directors and councillors see no Edit links and get 404 from the forms."""

import html as htmllib
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from goldenthread.audit.models import AuditEntry
from goldenthread.organisation.models import Role, RoleAssignment
from goldenthread.planning import services
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    Priority,
    Task,
)
from goldenthread.planning.periods import Period
from tests.pages_fixtures import Thread, thread_fixture  # noqa: F401


def get(client, user, url: str):
    client.force_login(user)
    return client.get(url)


def post(client, user, url: str, data: dict):
    client.force_login(user)
    return client.post(url, data)


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def error_summary(response) -> str:
    page = text(response)
    assert "There is a problem" in page, "no error summary"
    return page.split('govuk-error-summary__list">')[1].split("</ul>")[0]


def plan_form(**overrides) -> dict:
    data = {
        "code": "DIV-FOOD",
        "title": "Food Safety Divisional Plan",
        "kind": PlanKind.DIVISIONAL_PLAN,
        "parent": "SP-EH",
        "organisation": "DBC",
        "department": "EH",
        "owner": "dev",
        "first_year": "2009/10",
        "last_year": "2009",
        "state": "draft",
    }
    return {**data, **overrides}


def edit_form(client, user, url: str) -> dict:
    """What the edit form shows, as a browser would post it back unchanged."""
    response = get(client, user, url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else value
    data["seen"] = response.context["seen"]
    return data


# -- who sees the links and the forms ----------------------------------------------------------

PLAN_PAGES = [
    ("plans", []),
    ("priority", ["HEALTH"]),
    ("area_of_focus", [1]),
    ("department", ["EH"]),
    ("plan", ["DIV-EH"]),
    ("objective", ["EH 1"]),
]


def test_priya_sees_edit_and_add_links_on_every_plan_page(client, thread: Thread):
    wanted = {
        "plans": [reverse("plan_create"), reverse("priority_create")],
        "priority": [
            reverse("priority_edit", args=["HEALTH"]),
            reverse("key_objective_create") + "?priority=HEALTH",
            reverse("key_objective_edit", args=["HEALTH", "A"]),
        ],
        "area_of_focus": [reverse("area_of_focus_edit", args=[1])],
        "department": [reverse("plan_create") + "?department=EH"],
        "plan": [
            reverse("plan_edit", args=["DIV-EH"]),
            reverse("objective_create") + "?plan=DIV-EH",
            reverse("task_create") + "?plan=DIV-EH",
        ],
        "objective": [
            reverse("objective_edit", args=["EH 1"]),
            reverse("milestone_create") + "?objective=EH%201",
            reverse("milestone_edit", args=["EH 1.1"]),
        ],
    }
    for name, args in PLAN_PAGES:
        page = get(client, thread.council.priya, reverse(name, args=args)).content.decode()
        for link in wanted[name]:
            assert link.replace("&", "&amp;") in page, f"{name} lacks {link}"


@pytest.mark.parametrize("persona", ["dev", "sam", "morgan", "chen", "eve"])
def test_managers_directors_and_councillors_see_no_edit_links(client, thread: Thread, persona):
    person = getattr(thread, persona, None) or getattr(thread.council, persona)
    for name, args in PLAN_PAGES:
        page = get(client, person, reverse(name, args=args)).content.decode()
        assert "/planning/" not in page, f"{persona} sees an authoring link on {name}"


FORMS = [
    reverse("priority_create"),
    reverse("priority_edit", args=["HEALTH"]),
    reverse("key_objective_create"),
    reverse("key_objective_edit", args=["HEALTH", "A"]),
    reverse("area_of_focus_create"),
    reverse("area_of_focus_edit", args=[1]),
    reverse("plan_create"),
    reverse("plan_edit", args=["SP-EH"]),
    reverse("objective_create"),
    reverse("objective_edit", args=["EH 1"]),
    reverse("milestone_create"),
    reverse("milestone_edit", args=["EH 1.1"]),
    reverse("task_create"),
]


@pytest.mark.parametrize("persona", ["dev", "sam", "morgan", "chen", "eve"])
def test_managers_directors_and_councillors_get_404_and_change_nothing(
    client, thread: Thread, persona
):
    person = getattr(thread, persona, None) or getattr(thread.council, persona)
    before = (Plan.objects.count(), Objective.objects.count(), AuditEntry.objects.count())
    for url in [*FORMS, "/planning/tasks/edit/{task}/"]:
        url = url.format(task=Task.objects.first().code)
        assert get(client, person, url).status_code == 404, url
        assert post(client, person, url, plan_form(title="Hacked")).status_code == 404, url

    assert (Plan.objects.count(), Objective.objects.count(), AuditEntry.objects.count()) == before
    assert Plan.objects.get(code="SP-EH").title == "Environmental Health Service Plan"


def test_signed_out_visitors_are_sent_to_sign_in(client, thread: Thread):
    response = client.get(reverse("plan_create"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_priya_can_open_every_form(client, thread: Thread):
    for url in [*FORMS, reverse("task_edit", args=[Task.objects.first().code])]:
        response = get(client, thread.council.priya, url)
        assert response.status_code == 200, url
        assert "csrfmiddlewaretoken" in response.content.decode()


# -- plans -------------------------------------------------------------------------------------


def test_priya_adds_a_divisional_plan_and_lands_on_it_with_a_message(client, thread: Thread):
    response = post(client, thread.council.priya, reverse("plan_create"), plan_form())

    assert response.status_code == 302
    assert response["Location"] == reverse("plan", args=["DIV-FOOD"])
    plan = Plan.objects.get(code="DIV-FOOD")
    assert (plan.parent, plan.owner, plan.first_year, plan.last_year) == (
        thread.eh_plan,
        thread.council.dev,
        2009,
        2009,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Plan DIV-FOOD added" in page
    assert AuditEntry.objects.get(action="plan_create").actor == thread.council.priya


def test_a_plan_under_the_wrong_level_is_refused_on_the_form_and_nothing_is_saved(
    client, thread: Thread
):
    response = post(client, thread.council.priya, reverse("plan_create"), plan_form(parent="CP"))

    assert response.status_code == 400
    summary = error_summary(response)
    assert 'href="#id_parent"' in summary
    assert "CP is a corporate plan; a divisional plan's parent must be a service plan" in summary
    assert 'id="id_parent-error"' in response.content.decode()
    assert "<title>Error: Add a plan" in text(response)
    assert not Plan.objects.filter(code="DIV-FOOD").exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("parent", "NOPE", "No plan has the code NOPE"),
        ("first_year", "2009/11", "“2009/11” is not a financial year: write 2008 or 2008/09"),
        ("first_year", "0001", "“0001” is not a financial year: write 2008 or 2008/09"),
        ("last_year", "2007", "The last year (2007/08) is before the first year (2009/10)"),
        ("code", "SP-RB", "Another plan already has the code SP-RB"),
        ("owner", "nobody", "Choose the owner from the list of people"),
        ("kind", "empire", "Choose the kind of plan from the list"),
        ("title", "", "Enter the plan's title"),
    ],
)
def test_each_bad_plan_value_is_named_on_its_field(client, thread: Thread, field, value, message):
    response = post(
        client, thread.council.priya, reverse("plan_create"), plan_form(**{field: value})
    )

    assert response.status_code == 400
    summary = error_summary(response)
    assert f'href="#id_{field}"' in summary
    assert message in summary
    assert not Plan.objects.filter(code="DIV-FOOD").exists()


def test_priya_edits_a_plan_and_the_audit_shows_each_field_before_and_after(client, thread: Thread):
    url = reverse("plan_edit", args=["SP-RB"])
    data = edit_form(client, thread.council.priya, url)
    assert data["first_year"] == "2008/09" and data["parent"] == "CP"

    response = post(
        client, thread.council.priya, url, {**data, "title": "Revenues Plan", "owner": "olu"}
    )

    assert response.status_code == 302
    plan = Plan.objects.get(code="SP-RB")
    assert (plan.title, plan.owner) == ("Revenues Plan", thread.council.olu)
    entry = AuditEntry.objects.get(action="plan_update")
    assert entry.actor == thread.council.priya
    assert entry.data["changed"] == {
        "title": ["Revenues & Benefits Service Plan", "Revenues Plan"],
        "owner": ["", "olu"],
    }


def test_saving_over_a_colleagues_newer_save_is_refused_and_says_what_they_changed(
    client, thread: Thread
):
    url = reverse("plan_edit", args=["SP-RB"])
    data = edit_form(client, thread.council.priya, url)
    RoleAssignment.objects.create(user=thread.morgan, role=Role.PERFORMANCE_OFFICER)
    services.item_update(thread.rb_plan, acting_user=thread.morgan, title="Benefits Plan")

    response = post(client, thread.council.priya, url, {**data, "title": "Priya's title"})

    assert response.status_code == 409
    summary = error_summary(response)
    assert "Morgan Reid saved this plan after you opened it" in summary
    assert "title is now “Benefits Plan”" in summary
    assert Plan.objects.get(code="SP-RB").title == "Benefits Plan"
    # The form now carries their version: saving again is a choice made knowing it.
    again = {**data, "title": "Priya's title", "seen": response.context["seen"]}
    assert post(client, thread.council.priya, url, again).status_code == 302
    assert Plan.objects.get(code="SP-RB").title == "Priya's title"


# -- objectives, milestones, tasks -------------------------------------------------------------


def objective_form(**overrides) -> dict:
    data = {
        "plan": "SP-EH",
        "code": "EH 4",
        "title": "Fewer pests",
        "description": "",
        "owner": "dev",
        "primary": "area:1",
        "secondary": ["priority:CORP"],
        "indicators": "EH LI 1\r\nNI 123\r\n",
    }
    return {**data, **overrides}


def test_priya_adds_an_objective_with_its_links_and_indicators(client, thread: Thread):
    url = reverse("objective_create") + "?" + urlencode({"plan": "SP-EH"})
    assert get(client, thread.council.priya, url).context["form"].initial["plan"] == "SP-EH"

    response = post(client, thread.council.priya, url, objective_form())

    assert response["Location"] == reverse("objective", args=["EH 4"])
    objective = Objective.objects.get(code="EH 4")
    assert services.snapshot(objective)["links"] == "HEALTH area of focus 1 (primary); CORP"
    assert services.snapshot(objective)["indicators"] == "EH LI 1, NI 123"
    page = client.get(response["Location"]).content.decode()
    assert "Objective EH 4 added" in page
    assert ">Primary<" in page and reverse("indicator", args=["NI 123"]) in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"indicators": "NI 123\nNI 999"}, "indicators", "No indicator has the code NI 999"),
        ({"primary": ""}, "primary", "Choose the primary link: an objective linked up the thread"),
        ({"secondary": ["area:1"]}, "secondary", "HEALTH area of focus 1 is already the primary"),
        ({"primary": "area:77"}, "primary", "Choose the primary link from the list"),
        ({"plan": "SP-XX"}, "plan", "No plan has the code SP-XX"),
        ({"code": "EH 1"}, "code", "Another objective already has the code EH 1"),
    ],
)
def test_each_bad_objective_value_is_named_on_its_field(
    client, thread: Thread, overrides, field, message
):
    response = post(
        client, thread.council.priya, reverse("objective_create"), objective_form(**overrides)
    )

    assert response.status_code == 400
    summary = error_summary(response)
    anchor = f"#id_{field}_0" if field == "secondary" else f"#id_{field}"
    assert f'href="{anchor}"' in summary
    assert message in summary
    assert not Objective.objects.filter(title="Fewer pests").exists()
    assert not AuditEntry.objects.exists()


def test_priya_relinks_an_objective_and_the_audit_shows_its_links_before_and_after(
    client, thread: Thread
):
    url = reverse("objective_edit", args=["EH 2"])
    data = edit_form(client, thread.council.priya, url)
    assert data["primary"] == "priority:HEALTH" and data["secondary"] == ["priority:CORP"]

    response = post(
        client,
        thread.council.priya,
        url,
        {**data, "primary": "priority:CORP", "secondary": [], "indicators": "BV 9"},
    )

    assert response.status_code == 302
    changed = AuditEntry.objects.get(action="objective_update").data["changed"]
    assert changed == {
        "links": ["HEALTH (primary); CORP", "CORP (primary)"],
        "indicators": ["EH LI 1", "BV 9"],
    }


def test_priya_adds_and_edits_a_milestone_due_in_a_quarter(client, thread: Thread):
    data = {
        "objective": "EH 1",
        "code": "EH 1.3",
        "title": "Quit week",
        "due": "2009-10-Q3",
        "owner": "dev",
    }
    bad = post(
        client, thread.council.priya, reverse("milestone_create"), {**data, "due": "2009/10"}
    )
    assert bad.status_code == 400
    assert "“2009/10” is not a quarter; write it as 2009/10 Q3 (or 2009-10-Q3)" in error_summary(
        bad
    )
    assert not Milestone.objects.filter(code="EH 1.3").exists()

    created = post(client, thread.council.priya, reverse("milestone_create"), data)
    assert created["Location"] == reverse("objective", args=["EH 1"])
    assert Milestone.objects.get(code="EH 1.3").due == Period.parse("2009/10 Q3")

    url = reverse("milestone_edit", args=["EH 1.3"])
    form = edit_form(client, thread.council.priya, url)
    assert form["due"] == "2009/10 Q3"
    assert post(client, thread.council.priya, url, {**form, "due": "2009/10 Q4"}).status_code == 302
    changed = AuditEntry.objects.get(action="milestone_update").data["changed"]
    assert changed == {"due": ["2009/10 Q3", "2009/10 Q4"]}


def test_priya_adds_and_edits_a_task_in_a_personal_plan(client, thread: Thread):
    data = {"plan": "EDR-DEV", "code": "", "title": "Run a stall", "objective": "EH 1",
            "owner": "dev", "due": "2008/09 Q4"}  # fmt: skip
    wrong = post(client, thread.council.priya, reverse("task_create"), {**data, "plan": "SP-EH"})
    assert wrong.status_code == 400
    assert "Tasks belong in divisional, team and personal plans" in error_summary(wrong)

    created = post(client, thread.council.priya, reverse("task_create"), data)
    assert created["Location"] == reverse("plan", args=["EDR-DEV"])
    task = Task.objects.get(title="Run a stall")
    assert task.code.startswith("T-") and task.objective == thread.smoking

    url = reverse("task_edit", args=[task.code])
    form = edit_form(client, thread.council.priya, url)
    response = post(client, thread.council.priya, url, {**form, "objective": "EH 9"})
    assert response.status_code == 400
    assert "No objective has the code EH 9" in error_summary(response)
    assert post(client, thread.council.priya, url, {**form, "objective": ""}).status_code == 302
    assert Task.objects.get(pk=task.pk).objective is None
    page = client.get(reverse("plan", args=["EDR-DEV"])).content.decode()
    assert reverse("task_edit", args=[task.code]) in page


# -- priorities, key objectives, areas of focus ------------------------------------------------


def test_priya_adds_and_edits_a_priority(client, thread: Thread):
    data = {"number": "2", "code": "SAFE", "name": "A Safer Borough", "short_name": "Safer",
            "ppb": "PPB-HEALTH", "ssp": "", "portfolio": ""}  # fmt: skip
    duplicate = post(
        client, thread.council.priya, reverse("priority_create"), {**data, "number": "1"}
    )
    assert "Another priority already has the number 1" in error_summary(duplicate)

    created = post(client, thread.council.priya, reverse("priority_create"), data)
    assert created["Location"] == reverse("priority", args=["SAFE"])
    assert Priority.objects.get(code="SAFE").ppb == thread.council.ppb

    url = reverse("priority_edit", args=["SAFE"])
    form = edit_form(client, thread.council.priya, url)
    assert form["ppb"] == "PPB-HEALTH"
    assert post(client, thread.council.priya, url, {**form, "ppb": ""}).status_code == 302
    assert Priority.objects.get(code="SAFE").ppb is None
    assert AuditEntry.objects.get(action="priority_update").data["changed"] == {
        "ppb": ["PPB-HEALTH", ""]
    }


def test_priya_adds_and_edits_a_key_objective_and_an_area_of_focus(client, thread: Thread):
    priya = thread.council.priya
    created = post(
        client,
        priya,
        reverse("key_objective_create"),
        {"priority": "HEALTH", "letter": "B", "title": "Live longer"},
    )
    assert created["Location"] == reverse("priority", args=["HEALTH"])
    key = KeyObjective.objects.get(letter="B")

    data = {"priority": "CORP", "key_objective": str(key.pk), "number": "2", "title": "Obesity"}
    wrong = post(client, priya, reverse("area_of_focus_create"), data)
    assert wrong.status_code == 400
    assert "Key objective B belongs to A Healthy Borough" in error_summary(wrong)

    created = post(client, priya, reverse("area_of_focus_create"), {**data, "priority": "HEALTH"})
    assert created["Location"] == reverse("area_of_focus", args=[2])
    assert AreaOfFocus.objects.get(number=2).key_objective == key

    url = reverse("key_objective_edit", args=["HEALTH", "B"])
    form = edit_form(client, priya, url)
    assert post(client, priya, url, {**form, "title": "Live longer, healthier"}).status_code == 302
    url = reverse("area_of_focus_edit", args=[2])
    form = edit_form(client, priya, url)
    assert form["key_objective"] == key.pk
    assert post(client, priya, url, {**form, "key_objective": ""}).status_code == 302
    assert AreaOfFocus.objects.get(number=2).key_objective is None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {
        "keyobjective_create",
        "keyobjective_update",
        "areaoffocus_create",
        "areaoffocus_update",
    }


def test_a_link_from_a_bad_address_still_gives_a_working_form(client, thread: Thread):
    response = get(client, thread.council.priya, reverse("task_create") + "?plan=/x/")

    assert response.status_code == 200
    assert 'href="/plans/">Cancel' in response.content.decode()


def test_the_edit_form_lists_the_items_recent_changes_with_who_and_what(client, thread: Thread):
    url = reverse("plan_edit", args=["SP-RB"])
    assert "No changes to this plan have been recorded" in text(
        get(client, thread.council.priya, url)
    )
    data = edit_form(client, thread.council.priya, url)
    post(client, thread.council.priya, url, {**data, "title": "Revenues Plan"})

    page = text(get(client, thread.council.priya, url))

    changes = page.split("Recent changes")[1]
    assert "Priya Shah" in changes
    assert (
        "Plan SP-RB changed: title “Revenues & Benefits Service Plan” → “Revenues Plan”" in changes
    )


def test_a_clash_at_the_moment_of_saving_is_shown_above_the_form(
    client, thread: Thread, monkeypatch
):
    monkeypatch.setitem(services.CHECKS, Plan, lambda item, errors: None)
    Plan.objects.create(
        code="DIV-FOOD", title="Theirs", kind=PlanKind.DIVISIONAL_PLAN,
        organisation=thread.council.council, first_year=2009, last_year=2009,
    )  # fmt: skip

    response = post(client, thread.council.priya, reverse("plan_create"), plan_form())

    assert response.status_code == 400
    assert "Someone else saved an item with the same code" in error_summary(response)
    assert Plan.objects.get(code="DIV-FOOD").title == "Theirs"


def test_add_a_plan_below_starts_with_the_next_level_and_a_personal_plan_has_none(
    client, thread: Thread
):
    priya = thread.council.priya
    page = get(client, priya, reverse("plan", args=["SP-EH"])).content.decode()
    link = reverse("plan_create") + "?parent=SP-EH&amp;kind=divisional_plan&amp;department=EH"
    assert link in page
    form = get(client, priya, link.replace("&amp;", "&")).context["form"]
    assert (form.initial["parent"], form.initial["kind"]) == ("SP-EH", "divisional_plan")

    personal = get(client, priya, reverse("plan", args=["EDR-DEV"])).content.decode()
    assert "Add a plan below this one" not in personal
    assert reverse("task_create") + "?plan=EDR-DEV" in personal


def test_a_link_sent_twice_is_saved_once(client, thread: Thread):
    data = objective_form(secondary=["priority:CORP", "priority:CORP"])

    response = post(client, thread.council.priya, reverse("objective_create"), data)

    assert response.status_code == 302
    assert Objective.objects.get(code="EH 4").links.count() == 2


WORDS = [
    # (form, heading, caption, button, where Cancel leads)
    ("/planning/priorities/new/", "Add a priority", "Performance team", "Add priority", "/plans/"),
    ("/planning/areas-of-focus/new/?priority=HEALTH", "Add an area of focus", "Performance team",
     "Add area of focus", "/plans/"),
    ("/planning/objectives/new/?plan=DIV-EH", "Add an objective", "Performance team",
     "Add objective", "/plans/DIV-EH/"),
    ("/planning/milestones/new/?objective=EH 1", "Add a milestone", "Performance team",
     "Add milestone", "/objectives/EH%201/"),
    ("/planning/key-objectives/HEALTH/A/edit/", "Edit key objective A", "A Healthy Borough",
     "Save key objective", "/plans/priorities/HEALTH/"),
    ("/planning/areas-of-focus/1/edit/", "Edit area of focus 1", "A Healthy Borough",
     "Save area of focus", "/plans/areas-of-focus/1/"),
    ("/planning/plans/edit/SP-EH/", "Edit Environmental Health Service Plan",
     "Service plan SP-EH", "Save plan", "/plans/SP-EH/"),
    ("/planning/milestones/edit/EH 1.1/", "Edit milestone EH 1.1", "Objective EH 1",
     "Save milestone", "/objectives/EH%201/"),
]  # fmt: skip


@pytest.mark.parametrize(("url", "heading", "caption", "button", "cancel"), WORDS)
def test_each_form_says_what_it_adds_or_edits_and_cancel_goes_back(
    client, thread: Thread, url, heading, caption, button, cancel
):
    page = text(get(client, thread.council.priya, url))

    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in page
    assert f'<span class="govuk-caption-l">{caption}</span>' in page
    assert f">{button}</button>" in page
    assert f'<a class="govuk-link" href="{cancel}">Cancel</a>' in page
