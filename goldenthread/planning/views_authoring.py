"""The performance team's pages for writing the council's plans in the browser: add and edit
priorities, key objectives, areas of focus, plans at every level, objectives (with their links
up the thread and their indicators), milestones and tasks.

Each page is the performance team's alone (anyone else gets the same 404 as for a page that does
not exist). A bad value is shown on the form with what is wrong and where, and nothing is saved;
a save over someone else's newer one is refused and says what they changed.

Every kind of item is declared once, in KINDS; one view adds an item of any kind and one edits
it (urls_authoring gives each kind its two addresses).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse

from goldenthread import access
from goldenthread.organisation.models import User
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
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Milestone,
    Objective,
    Plan,
    Priority,
    Task,
)

Place = tuple[str, str]  # a page's address, and its name in a breadcrumb or "Cancel" link


# -- the pages items are shown on --------------------------------------------------------------


def _priority_page(priority: Priority) -> Place:
    return reverse("priority", args=[priority.code]), priority.name


def _area_page(area: AreaOfFocus) -> Place:
    return reverse("area_of_focus", args=[area.number]), f"Area of focus {area.number}"


def _plan_page(plan: Plan) -> Place:
    return reverse("plan", args=[plan.code]), plan.title


def _objective_page(objective: Objective) -> Place:
    return reverse("objective", args=[objective.code]), objective.code


# -- how an edit page finds its item (or says 404) ---------------------------------------------


def _key_objective(user: User, *, priority: str, letter: str) -> KeyObjective:
    return get_object_or_404(
        KeyObjective.objects.select_related("priority"), priority__code=priority, letter=letter
    )


def _milestone(user: User, *, code: str) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("objective"), code=code)


def _task(user: User, *, code: str) -> Task:
    return get_object_or_404(Task.objects.select_related("plan"), code=code)


@dataclass(frozen=True)
class Kind:
    """One kind of item the performance team writes, and the words around its forms."""

    model: type[Model]
    form: type[AuthoringForm]
    find: Callable[..., Any]  # (user, **the edit address's parts) → the item, or 404
    home: Callable[[Any], Place]  # the page an item is shown on: a save leads there
    caption: Callable[[Any], str]  # above the edit form's heading
    # What "Edit …" names: the kind and the item's code unless said otherwise.
    name: Callable[[Any], str] | None = None
    query: tuple[str, ...] = ()  # a new item's values taken from the link that led to it
    # A new item's Cancel leads to the page named by this value of the link (query, page name).
    back: tuple[str, str] | None = None

    @property
    def noun(self) -> str:
        return services.NOUNS[self.model]

    def edit_heading(self, item: Any) -> str:
        return f"Edit {self.name(item) if self.name else f'{self.noun} {item.code}'}"

    def add_heading(self) -> str:
        return f"Add {'an' if self.noun[0] in 'aeiou' else 'a'} {self.noun}"

    def cancel_new(self, initial: dict[str, str]) -> Place:
        """Where Cancel leads on a new item's form: the page it was added from, else the
        plans."""
        if self.back and self.back[0] in initial:
            value = initial[self.back[0]]
            try:
                return reverse(self.back[1], args=[value]), value
            except NoReverseMatch:
                pass
        return reverse("plans"), "Plans"


KINDS: dict[str, Kind] = {
    "priority": Kind(
        Priority,
        PriorityForm,
        find=access.access_priority,
        home=_priority_page,
        caption=lambda priority: f"Priority {priority.number}",
        name=lambda priority: priority.name,
    ),
    "key_objective": Kind(
        KeyObjective,
        KeyObjectiveForm,
        find=_key_objective,
        home=lambda key: _priority_page(key.priority),
        caption=lambda key: key.priority.name,
        name=lambda key: f"key objective {key.letter}",
        query=("priority",),
    ),
    "area_of_focus": Kind(
        AreaOfFocus,
        AreaOfFocusForm,
        find=access.access_area_of_focus,
        home=_area_page,
        caption=lambda area: area.priority.name,
        name=lambda area: f"area of focus {area.number}",
        query=("priority",),
    ),
    "plan": Kind(
        Plan,
        PlanForm,
        find=access.access_plan,
        home=_plan_page,
        caption=lambda plan: f"{plan.get_kind_display()} {plan.code}",
        name=lambda plan: plan.title,
        query=("parent", "department", "kind"),
        back=("parent", "plan"),
    ),
    "objective": Kind(
        Objective,
        ObjectiveForm,
        find=access.access_objective,
        home=_objective_page,
        caption=lambda objective: objective.plan.title,
        query=("plan",),
        back=("plan", "plan"),
    ),
    "milestone": Kind(
        Milestone,
        MilestoneForm,
        find=_milestone,
        home=lambda milestone: _objective_page(milestone.objective),
        caption=lambda milestone: f"Objective {milestone.objective.code}",
        query=("objective",),
        back=("objective", "objective"),
    ),
    "task": Kind(
        Task,
        TaskForm,
        find=_task,
        home=lambda task: _plan_page(task.plan),
        caption=lambda task: task.plan.title,
        query=("plan", "objective"),
        back=("plan", "plan"),
    ),
}


# -- the two pages -----------------------------------------------------------------------------


@dataclass
class AuthoringPage:
    """What the form page shows around the form."""

    heading: str
    caption: str
    button: str
    cancel: str  # where "Cancel" (and the last breadcrumb) lead
    cancel_text: str


def item_create(request: HttpRequest, item_kind: str) -> HttpResponse:
    """The form for a new item; links from the plan pages fill in where it belongs
    (``?plan=SP-EH``)."""
    user = access.access_performance_team(request.user)
    kind = KINDS[item_kind]
    initial = {name: request.GET[name] for name in kind.query if request.GET.get(name)}
    page = AuthoringPage(
        kind.add_heading(), "Performance team", f"Add {kind.noun}", *kind.cancel_new(initial)
    )
    return _author(request, user=user, kind=kind, page=page, initial=initial)


def item_edit(request: HttpRequest, item_kind: str, **address: Any) -> HttpResponse:
    """The form for an item as it is now, with its recent changes below."""
    user = access.access_performance_team(request.user)
    kind = KINDS[item_kind]
    item = kind.find(user, **address)
    page = AuthoringPage(
        kind.edit_heading(item), kind.caption(item), f"Save {kind.noun}", *kind.home(item)
    )
    return _author(request, user=user, kind=kind, page=page, item=item)


def _author(
    request: HttpRequest,
    *,
    user: User,
    kind: Kind,
    page: AuthoringPage,
    item: Model | None = None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show the form; on a good POST, save through the service and go to what was saved."""
    status = 200
    if request.method == "POST":
        form = kind.form(request.POST)
        seen = request.POST.get("seen", "")
        if form.is_valid():
            try:
                saved = _save(user, kind, item, form.values(), seen)
            except services.StaleEdit as stale:
                form.add_error(None, str(stale))
                seen, status = json.dumps(stale.current, sort_keys=True), 409
            except ValidationError as error:
                _add_errors(form, error)
            else:
                verb = "saved" if item else "added"
                key = services.natural_key(saved)
                messages.success(request, f"{kind.noun.capitalize()} {key} {verb}")
                return redirect(kind.home(saved)[0])
        if status == 200:
            status = 400
    else:
        form = kind.form(
            initial={**(kind.form.initial_for(item) if item else {}), **(initial or {})}
        )
        seen = services.seen_token(item) if item else ""
    context = {
        "form": form,
        "page": page,
        "seen": seen,
        "editing": item is not None,
        "noun": kind.noun,
        "changes": services.recent_changes(item) if item else [],
    }
    return render(request, "planning/authoring/form.html", context, status=status)


def _save(user: User, kind: Kind, item: Model | None, values: dict[str, Any], seen: str) -> Model:
    if item is None:
        return services.item_create(kind.model, acting_user=user, **values)
    return services.item_update(item, acting_user=user, seen=services.read_seen(seen), **values)


def _add_errors(form: AuthoringForm, error: ValidationError) -> None:
    """The service's messages on the fields they are about (the rest above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for message in messages_:
            form.add_error(target, message)
