"""The performance team's forms for writing the council's plans.

Each form reads what a person typed into the values planning.services.item_create takes:
related items are named by their codes (a plan's parent, an objective's plan, a milestone's
objective) or chosen from a list (owners from people, priorities, boards), quarters are written
``2009/10 Q3`` or ``2009-10-Q3``. A form's field names are the service's argument names, so the
thread's rules the service checks come back as messages on the fields they are about.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import (
    Board,
    BoardKind,
    Department,
    Organisation,
    OrganisationKind,
    Portfolio,
    User,
)
from goldenthread.planning import rules
from goldenthread.planning.models import (
    AreaOfFocus,
    KeyObjective,
    Objective,
    Plan,
    PlanKind,
    PlanState,
    Priority,
)
from goldenthread.planning.periods import Period, PeriodError, PeriodKind
from goldenthread.planning.services import NOUNS, Link, snapshot

INDICATORS_MAX = 200


class _TextField(forms.CharField):
    """Typed text read into a value; left blank, None."""

    def clean(self, value: Any) -> Any:
        text = super().clean(value).strip()
        return self.read(text) if text else None

    def read(self, text: str) -> Any:
        raise NotImplementedError


class CodeField(_TextField):
    """A related item named by its code; cleans to the item. ``required`` is the message when
    it is left blank (None: it may be)."""

    def __init__(self, model: type[Model], *, required: str | None = None, **kwargs: Any):
        self.model, self.noun = model, NOUNS[model]
        kwargs.setdefault("label", f"{self.noun.capitalize()} code")
        kwargs.setdefault("max_length", 60)
        if required:
            kwargs["error_messages"] = {"required": required}
        super().__init__(required=required is not None, **kwargs)

    def read(self, text: str) -> Model:
        item = self.model._default_manager.filter(code=text).first()
        if item is None:
            raise forms.ValidationError(f"No {self.noun} has the code {text}")
        return item


class QuarterField(_TextField):
    """A quarter: ``2009/10 Q3`` or ``2009-10-Q3``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "For example, 2009/10 Q3 or 2009-10-Q3")
        super().__init__(**kwargs)

    def read(self, text: str) -> Period:
        quarter = rules.parse_quarter(text)
        if quarter is None:
            raise forms.ValidationError(rules.not_a_quarter(f"“{text}”"))
        return quarter


class YearField(_TextField):
    """The financial year a plan starts or ends in: ``2008`` or ``2008/09``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def read(self, text: str) -> int:
        try:
            period = Period(int(text)) if text.isdigit() and len(text) == 4 else Period.parse(text)
        except PeriodError:
            period = None
        if period is None or period.kind is not PeriodKind.YEAR:
            raise forms.ValidationError(f"“{text}” is not a financial year: write 2008 or 2008/09")
        return period.year


class PersonField(forms.ModelChoiceField):
    """An owner, chosen from the people who can sign in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Owner")
        kwargs.setdefault("empty_label", "No owner")
        super().__init__(
            User.objects.filter(is_active=True).order_by("last_name", "first_name", "username"),
            to_field_name="username",
            **kwargs,
        )
        self.error_messages["invalid_choice"] = "Choose the owner from the list of people"

    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, User)
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


def _choice(
    queryset: QuerySet[Any], noun: str, *, empty: str | None = None, **kwargs: Any
) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        queryset,
        to_field_name="code",
        required=empty is None,
        empty_label=empty or f"Choose the {noun}",
        **kwargs,
    )
    field.error_messages["invalid_choice"] = f"Choose the {noun} from the list"
    field.error_messages["required"] = f"Choose the {noun}"
    return field


class AuthoringForm(forms.Form):
    """Values for a service; ``initial_for`` reads an item back into the form to edit it."""

    @classmethod
    def initial_for(cls, item: Model) -> dict[str, Any]:
        return {name: value for name, value in snapshot(item).items() if name in cls.base_fields}

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def _required(noun: str, what: str) -> dict[str, str]:
    return {"required": f"Enter the {noun}'s {what}"}


def _text(noun: str, what: str, max_length: int, **kwargs: Any) -> forms.CharField:
    """A text field that must be filled in: left blank, "Enter the <noun>'s <what>"."""
    return forms.CharField(max_length=max_length, error_messages=_required(noun, what), **kwargs)


class PriorityForm(AuthoringForm):
    number = forms.IntegerField(
        min_value=1, max_value=999, error_messages=_required("priority", "number")
    )
    code = _text(
        "priority", "code", 20, help_text="Short, used in addresses and plan files, e.g. HEALTH"
    )
    name = _text("priority", "name", 200)
    short_name = _text("priority", "short name", 60, label="Short name")
    ppb = _choice(
        Board.objects.filter(kind=BoardKind.PPB),
        "Policy and Performance Board",
        empty="None",
        label="Policy and Performance Board",
    )
    ssp = _choice(
        Board.objects.filter(kind=BoardKind.SSP),
        "Specialist Strategic Partnership",
        empty="None",
        label="Specialist Strategic Partnership",
    )
    portfolio = _choice(Portfolio.objects.all(), "portfolio", empty="None")


class KeyObjectiveForm(AuthoringForm):
    priority = _choice(Priority.objects.all(), "priority")
    letter = _text("key objective", "letter", 2, help_text="A, B, C …")
    title = _text("key objective", "title", 300)


class KeyObjectiveField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = "Choose the key objective from the list"

    def label_from_instance(self, obj: Model) -> str:
        assert isinstance(obj, KeyObjective)
        return f"{obj.priority.short_name} {obj}"


class AreaOfFocusForm(AuthoringForm):
    priority = _choice(Priority.objects.all(), "priority")
    key_objective = KeyObjectiveField(
        KeyObjective.objects.select_related("priority"),
        required=False,
        empty_label="None",
        label="Key objective",
        help_text="One of its priority's key objectives, or none",
    )
    number = forms.IntegerField(
        min_value=1,
        max_value=9999,
        help_text="Areas of focus are numbered across the whole plan",
        error_messages=_required("area of focus", "number"),
    )
    title = _text("area of focus", "title", 300)

    @classmethod
    def initial_for(cls, item: Model) -> dict[str, Any]:
        assert isinstance(item, AreaOfFocus)
        return {**super().initial_for(item), "key_objective": item.key_objective_id}


class PlanForm(AuthoringForm):
    code = _text("plan", "code", 40, help_text="Used in addresses and plan files, e.g. SP-EH")
    title = _text("plan", "title", 300)
    kind = forms.ChoiceField(
        choices=[("", "Choose the kind of plan"), *PlanKind.choices],
        label="Kind of plan",
        error_messages={
            "required": "Choose the kind of plan",
            "invalid_choice": "Choose the kind of plan from the list",
        },
    )
    parent = CodeField(
        Plan,
        label="Parent plan code",
        help_text="The plan one level up the thread this plan serves, e.g. CP for the "
        "corporate plan. Blank for the community strategy",
    )
    organisation = _choice(Organisation.objects.all(), "organisation")
    department = _choice(Department.objects.all(), "department", empty="Council-wide")
    owner = PersonField()
    first_year = YearField(
        label="First year",
        help_text="The financial year it starts: 2008 or 2008/09",
        error_messages=_required("plan", "first year"),
    )
    last_year = YearField(
        label="Last year",
        help_text="The financial year it ends: 2010 or 2010/11",
        error_messages=_required("plan", "last year"),
    )
    state = forms.ChoiceField(
        choices=PlanState.choices,
        initial=PlanState.DRAFT,
        error_messages={"invalid_choice": "Choose the plan's state from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = Organisation.objects.filter(kind=OrganisationKind.COUNCIL).first()
        if council and not self.initial.get("organisation"):
            self.initial["organisation"] = council.code

    @classmethod
    def initial_for(cls, item: Model) -> dict[str, Any]:
        assert isinstance(item, Plan)
        initial = super().initial_for(item)
        for name in ("first_year", "last_year"):
            initial[name] = Period(getattr(item, name)).year_label
        return initial


def link_options() -> list[tuple[str, str]]:
    """Every link an objective may have up the thread: each priority, and each area of focus."""
    options = []
    areas = AreaOfFocus.objects.select_related("priority").order_by("priority__number", "number")
    by_priority: dict[int, list[AreaOfFocus]] = {}
    for area in areas:
        by_priority.setdefault(area.priority_id, []).append(area)
    for priority in Priority.objects.order_by("number"):
        options.append((f"priority:{priority.code}", priority.name))
        for area in by_priority.get(priority.pk, []):
            options.append(
                (
                    f"area:{area.number}",
                    f"{priority.short_name}: area of focus {area.number}, {area.title}",
                )
            )
    return options


def link_value(link: Link) -> str:
    if link.area_of_focus is not None:
        return f"area:{link.area_of_focus.number}"
    return f"priority:{link.priority.code}"


def read_link(value: str) -> Link | None:
    kind, _, key = value.partition(":")
    if kind == "area" and key.isdigit():
        area = AreaOfFocus.objects.select_related("priority").filter(number=int(key)).first()
        return Link(area.priority, area) if area else None
    if kind == "priority":
        priority = Priority.objects.filter(code=key).first()
        return Link(priority) if priority else None
    return None


class ObjectiveForm(AuthoringForm):
    plan = CodeField(
        Plan,
        required="Enter the code of the plan the objective is in",
        help_text="The plan the objective is in, e.g. SP-EH",
    )
    code = _text("objective", "code", 40, help_text="e.g. EH 1")
    title = _text("objective", "title", 400)
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)
    owner = PersonField()
    primary = forms.ChoiceField(
        required=False,
        label="Primary link up the thread",
        help_text="The priority, or area of focus, this objective serves first. Every "
        "objective linked up the thread has exactly one",
    )
    secondary = forms.MultipleChoiceField(
        required=False,
        label="Other priorities and areas of focus it serves",
        widget=forms.CheckboxSelectMultiple,
    )
    indicators = forms.CharField(
        required=False,
        widget=forms.Textarea,
        label="Indicators measuring it",
        help_text="Indicator codes, one a line, e.g. NI 123",
        max_length=10_000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = link_options()
        primary = self.fields["primary"]
        secondary = self.fields["secondary"]
        assert isinstance(primary, forms.ChoiceField)
        assert isinstance(secondary, forms.MultipleChoiceField)
        primary.choices = [("", "Not linked yet"), *options]
        secondary.choices = options
        primary.error_messages["invalid_choice"] = "Choose the primary link from the list"
        secondary.error_messages["invalid_choice"] = "Choose the other links from the list"

    @classmethod
    def initial_for(cls, item: Model) -> dict[str, Any]:
        assert isinstance(item, Objective)
        initial = super().initial_for(item)
        links = list(item.links.select_related("priority", "area_of_focus"))
        initial["primary"] = next(
            (link_value(Link(k.priority, k.area_of_focus)) for k in links if k.is_primary), ""
        )
        initial["secondary"] = [
            link_value(Link(k.priority, k.area_of_focus)) for k in links if not k.is_primary
        ]
        initial["indicators"] = "\n".join(
            sorted(item.indicators.values_list("code", flat=True))  # type: ignore[attr-defined]
        )
        return initial

    def clean_primary(self) -> Link | None:
        value = self.cleaned_data.get("primary") or ""
        return read_link(value) if value else None

    def clean_secondary(self) -> list[Link]:
        values = dict.fromkeys(self.cleaned_data.get("secondary") or [])  # each once, in order
        links = [read_link(value) for value in values]
        return [link for link in links if link is not None]

    def clean_indicators(self) -> list[Indicator]:
        text = self.cleaned_data.get("indicators") or ""
        codes = list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))
        if len(codes) > INDICATORS_MAX:
            raise forms.ValidationError(f"Link at most {INDICATORS_MAX} indicators at once")
        found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                "No indicator has the code "
                + ", ".join(missing)
                + ": check the codes in the indicator library"
            )
        return [found[code] for code in codes]


class MilestoneForm(AuthoringForm):
    objective = CodeField(
        Objective,
        required="Enter the code of the objective it delivers",
        help_text="The objective it delivers, e.g. EH 1",
    )
    code = _text("milestone", "code", 40, help_text="e.g. EH 1.3")
    title = _text("milestone", "title", 400)
    due = QuarterField(
        label="Due quarter",
        error_messages={"required": "Enter the quarter it is due, like 2009/10 Q3"},
    )
    owner = PersonField()


class TaskForm(AuthoringForm):
    plan = CodeField(
        Plan,
        required="Enter the code of the plan the task is in",
        help_text="The divisional, team or personal plan it is in, e.g. EDR-DEV",
    )
    code = forms.CharField(
        max_length=60,
        required=False,
        help_text="Names it in plan files. Leave blank and one is made up",
    )
    title = _text("task", "title", 400)
    objective = CodeField(
        Objective,
        help_text="The objective it serves, e.g. EH 1: a task linked to none breaks the thread",
    )
    owner = PersonField()
    due = QuarterField(label="Due quarter", required=False)
