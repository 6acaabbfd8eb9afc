"""The performance team's pages for writing the council's plans in the browser: add and edit
priorities, key objectives, areas of focus, plans at every level, objectives (with their links
up the thread and their indicators), milestones and tasks.

Each page is the performance team's alone (anyone else gets the same 404 as for a page that does
not exist). A bad value is shown on the form with what is wrong and where, and nothing is saved;
a save over someone else's newer one is refused and says what they changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from goldenthread import access
from goldenthread.planning import services
from goldenthread.planning.forms import (
    AreaOfFocusForm,
    AuthoringForm,
    KeyObjectiveForm,
    MilestoneForm,
    ObjectiveForm,
    PlanForm,
    PriorityForm,
    TaskForm,
)
from goldenthread.planning.models import KeyObjective, Milestone, Task

Save = Callable[[dict[str, Any], services.Snapshot | None], Model]


@dataclass
class AuthoringPage:
    """What the form page shows around the form."""

    heading: str
    caption: str
    button: str
    cancel: str  # where "Cancel" (and the last breadcrumb) lead
    cancel_text: str
    done: Callable[[Model], str] = field(repr=False)  # where a save leads


def _author(
    request: HttpRequest,
    *,
    form_class: type[AuthoringForm],
    page: AuthoringPage,
    save: Save,
    item: Model | None = None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; on a good POST, save through the service and go to what was saved."""
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        seen = request.POST.get("seen", "")
        if form.is_valid():
            try:
                saved = save(form.values(), services.read_seen(seen) if item else None)
            except services.StaleEdit as stale:
                form.add_error(None, str(stale))
                seen, status = json.dumps(stale.current, sort_keys=True), 409
            except ValidationError as error:
                _add_errors(form, error)
            else:
                noun = services.NOUNS[type(saved)]
                verb = "saved" if item else "added"
                messages.success(
                    request, f"{noun.capitalize()} {services.natural_key(saved)} {verb}"
                )
                return redirect(page.done(saved))
        if status == 200:
            status = 400
    else:
        form = form_class(
            initial={**(form_class.initial_for(item) if item else {}), **(initial or {})}
        )
        seen = services.seen_token(item) if item else ""
    context = {
        "form": form,
        "page": page,
        "seen": seen,
        "editing": item is not None,
        "noun": services.NOUNS[type(item)] if item else "",
        "changes": services.recent_changes(item) if item else [],
    }
    return render(request, "planning/authoring/form.html", context, status=status)


def _add_errors(form: AuthoringForm, error: ValidationError) -> None:
    """The service's messages on the fields they are about (the rest above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        target = name if name in form.fields else None
        for message in messages_:
            form.add_error(target if name != NON_FIELD_ERRORS else None, message)


def _query(request: HttpRequest, *names: str) -> dict[str, str]:
    """Values for a new item's form from the link that led to it (?plan=SP-EH)."""
    return {name: request.GET[name] for name in names if request.GET.get(name)}


def _back(initial: dict[str, str], name: str, url_name: str) -> tuple[str, str]:
    """Where Cancel leads on a new item's form: the page it was added from, else the plans."""
    if name in initial:
        try:
            return reverse(url_name, args=[initial[name]]), initial[name]
        except NoReverseMatch:
            pass
    return reverse("plans"), "Plans"


# -- priorities, key objectives and areas of focus ---------------------------------------------


def priority_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    page = AuthoringPage(
        "Add a priority",
        "Performance team",
        "Add priority",
        reverse("plans"),
        "Plans",
        done=lambda item: reverse("priority", args=[item.code]),  # type: ignore[attr-defined]
    )
    return _author(
        request,
        form_class=PriorityForm,
        page=page,
        save=lambda values, _: services.priority_create(acting_user=user, **values),
    )


def priority_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = access.access_performance_team(request.user)
    priority = access.access_priority(user, code)
    page = AuthoringPage(
        f"Edit {priority.name}",
        f"Priority {priority.number}",
        "Save priority",
        reverse("priority", args=[priority.code]),
        priority.name,
        done=lambda item: reverse("priority", args=[item.code]),  # type: ignore[attr-defined]
    )
    return _author(
        request,
        form_class=PriorityForm,
        page=page,
        item=priority,
        save=lambda values, seen: services.priority_update(
            acting_user=user, priority=priority, seen=seen, **values
        ),
    )


def _priority_page(item: Model) -> str:
    return reverse("priority", args=[item.priority.code])  # type: ignore[attr-defined]


def key_objective_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    page = AuthoringPage(
        "Add a key objective",
        "Performance team",
        "Add key objective",
        reverse("plans"),
        "Plans",
        done=_priority_page,
    )
    return _author(
        request,
        form_class=KeyObjectiveForm,
        page=page,
        initial=_query(request, "priority"),
        save=lambda values, _: services.key_objective_create(acting_user=user, **values),
    )


def key_objective_edit(request: HttpRequest, priority: str, letter: str) -> HttpResponse:
    user = access.access_performance_team(request.user)
    key = get_object_or_404(
        KeyObjective.objects.select_related("priority"), priority__code=priority, letter=letter
    )
    page = AuthoringPage(
        f"Edit key objective {key.letter}",
        key.priority.name,
        "Save key objective",
        _priority_page(key),
        key.priority.name,
        done=_priority_page,
    )
    return _author(
        request,
        form_class=KeyObjectiveForm,
        page=page,
        item=key,
        save=lambda values, seen: services.key_objective_update(
            acting_user=user, key_objective=key, seen=seen, **values
        ),
    )


def _area_page(item: Model) -> str:
    return reverse("area_of_focus", args=[item.number])  # type: ignore[attr-defined]


def area_of_focus_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    page = AuthoringPage(
        "Add an area of focus",
        "Performance team",
        "Add area of focus",
        reverse("plans"),
        "Plans",
        done=_area_page,
    )
    return _author(
        request,
        form_class=AreaOfFocusForm,
        page=page,
        initial=_query(request, "priority"),
        save=lambda values, _: services.area_of_focus_create(acting_user=user, **values),
    )


def area_of_focus_edit(request: HttpRequest, number: int) -> HttpResponse:
    user = access.access_performance_team(request.user)
    area = access.access_area_of_focus(user, number)
    page = AuthoringPage(
        f"Edit area of focus {area.number}",
        area.priority.name,
        "Save area of focus",
        _area_page(area),
        f"Area of focus {area.number}",
        done=_area_page,
    )
    return _author(
        request,
        form_class=AreaOfFocusForm,
        page=page,
        item=area,
        save=lambda values, seen: services.area_of_focus_update(
            acting_user=user, area_of_focus=area, seen=seen, **values
        ),
    )


# -- plans, objectives, milestones and tasks ---------------------------------------------------


def _plan_page(item: Model) -> str:
    return reverse("plan", args=[item.code])  # type: ignore[attr-defined]


def _objective_page(item: Model) -> str:
    return reverse("objective", args=[item.code])  # type: ignore[attr-defined]


def plan_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    initial = _query(request, "parent", "department", "kind")
    page = AuthoringPage(
        "Add a plan",
        "Performance team",
        "Add plan",
        *_back(initial, "parent", "plan"),
        done=_plan_page,
    )
    return _author(
        request,
        form_class=PlanForm,
        page=page,
        initial=initial,
        save=lambda values, _: services.plan_create(acting_user=user, **values),
    )


def plan_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = access.access_performance_team(request.user)
    plan = access.access_plan(user, code)
    page = AuthoringPage(
        f"Edit {plan.title}",
        f"{plan.get_kind_display()} {plan.code}",
        "Save plan",
        _plan_page(plan),
        plan.title,
        done=_plan_page,
    )
    return _author(
        request,
        form_class=PlanForm,
        page=page,
        item=plan,
        save=lambda values, seen: services.plan_update(
            acting_user=user, plan=plan, seen=seen, **values
        ),
    )


def objective_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    initial = _query(request, "plan")
    page = AuthoringPage(
        "Add an objective",
        "Performance team",
        "Add objective",
        *_back(initial, "plan", "plan"),
        done=_objective_page,
    )
    return _author(
        request,
        form_class=ObjectiveForm,
        page=page,
        initial=initial,
        save=lambda values, _: services.objective_create(acting_user=user, **values),
    )


def objective_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = access.access_performance_team(request.user)
    objective = access.access_objective(user, code)
    page = AuthoringPage(
        f"Edit objective {objective.code}",
        objective.plan.title,
        "Save objective",
        _objective_page(objective),
        objective.code,
        done=_objective_page,
    )
    return _author(
        request,
        form_class=ObjectiveForm,
        page=page,
        item=objective,
        save=lambda values, seen: services.objective_update(
            acting_user=user, objective=objective, seen=seen, **values
        ),
    )


def _milestone_page(item: Model) -> str:
    return reverse("objective", args=[item.objective.code])  # type: ignore[attr-defined]


def milestone_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    initial = _query(request, "objective")
    page = AuthoringPage(
        "Add a milestone",
        "Performance team",
        "Add milestone",
        *_back(initial, "objective", "objective"),
        done=_milestone_page,
    )
    return _author(
        request,
        form_class=MilestoneForm,
        page=page,
        initial=initial,
        save=lambda values, _: services.milestone_create(acting_user=user, **values),
    )


def milestone_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = access.access_performance_team(request.user)
    milestone = get_object_or_404(Milestone.objects.select_related("objective"), code=code)
    page = AuthoringPage(
        f"Edit milestone {milestone.code}",
        f"Objective {milestone.objective.code}",
        "Save milestone",
        _milestone_page(milestone),
        milestone.objective.code,
        done=_milestone_page,
    )
    return _author(
        request,
        form_class=MilestoneForm,
        page=page,
        item=milestone,
        save=lambda values, seen: services.milestone_update(
            acting_user=user, milestone=milestone, seen=seen, **values
        ),
    )


def _task_page(item: Model) -> str:
    return reverse("plan", args=[item.plan.code])  # type: ignore[attr-defined]


def task_create(request: HttpRequest) -> HttpResponse:
    user = access.access_performance_team(request.user)
    initial = _query(request, "plan", "objective")
    page = AuthoringPage(
        "Add a task",
        "Performance team",
        "Add task",
        *_back(initial, "plan", "plan"),
        done=_task_page,
    )
    return _author(
        request,
        form_class=TaskForm,
        page=page,
        initial=initial,
        save=lambda values, _: services.task_create(acting_user=user, **values),
    )


def task_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = access.access_performance_team(request.user)
    task = get_object_or_404(Task.objects.select_related("plan"), code=code)
    page = AuthoringPage(
        f"Edit task {task.code}",
        task.plan.title,
        "Save task",
        _task_page(task),
        task.plan.title,
        done=_task_page,
    )
    return _author(
        request,
        form_class=TaskForm,
        page=page,
        item=task,
        save=lambda values, seen: services.task_update(
            acting_user=user, task=task, seen=seen, **values
        ),
    )
