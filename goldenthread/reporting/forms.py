"""The report builder, and saving and sharing a report.

The builder's field names are the parameters of a report's query string (spec.py), so a built
report's URL opens the builder with every choice as it was.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.http import QueryDict

from goldenthread.organisation.models import Board, Department, Directorate, Portfolio
from goldenthread.planning.models import Priority
from goldenthread.planning.periods import Period
from goldenthread.reporting.choices import (
    Content,
    Depth,
    IndicatorSetChoice,
    ReportKind,
    ScopeKind,
)
from goldenthread.reporting.document import STATUS_LABELS
from goldenthread.reporting.scope import resolve_scope
from goldenthread.reporting.spec import (
    MAX_PERIODS,
    SCOPE_PARAMETERS,
    STATUSES,
    ReportSpec,
    SpecError,
    spec_from_query,
)

STATUS_CHOICES = [(status, STATUS_LABELS[status]) for status in STATUSES]


class YesCheckbox(forms.CheckboxInput):
    """A checkbox sent as ``name=yes``, as the report's query string writes it."""

    def __init__(self) -> None:
        super().__init__(attrs={"value": "yes"}, check_test=bool)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        return data.get(name) == "yes"


SCOPE_MODELS: dict[ScopeKind, tuple[type[Model], str]] = {
    ScopeKind.DEPARTMENT: (Department, "name"),
    ScopeKind.DIRECTORATE: (Directorate, "name"),
    ScopeKind.PRIORITY: (Priority, "number"),
    ScopeKind.BOARD: (Board, "name"),
    ScopeKind.PORTFOLIO: (Portfolio, "name"),
}


def _scope_choices(kind: ScopeKind) -> list[tuple[str, str]]:
    """The codes a scope can name, as (code, name), after a "Choose …" to show none chosen."""
    model, order = SCOPE_MODELS[kind]
    rows = model._default_manager.order_by(order).values_list("code", "name")
    return [("", f"Choose a {kind.label.lower()}"), *((code, name) for code, name in rows)]


class ReportBuilderForm(forms.Form):
    period = forms.MultipleChoiceField(
        label="Periods",
        help_text=f"One period, or up to {MAX_PERIODS} to compare. Only periods with "
        "published figures are listed.",
        error_messages={"required": "Choose at least one period"},
    )
    scope = forms.ChoiceField(
        label="What the report covers",
        choices=ScopeKind.choices,
        initial=ScopeKind.COUNCIL,
        error_messages={"required": "Choose what the report covers"},
    )
    department = forms.ChoiceField(label="Which department", required=False)
    directorate = forms.ChoiceField(label="Which directorate", required=False)
    priority = forms.ChoiceField(label="Which priority", required=False)
    board = forms.ChoiceField(label="Which board", required=False)
    portfolio = forms.ChoiceField(label="Which portfolio", required=False)
    set = forms.MultipleChoiceField(
        label="Indicator sets",
        choices=IndicatorSetChoice.choices,
        required=False,
        help_text="Choose none to include every indicator.",
    )
    content = forms.MultipleChoiceField(
        label="What the report shows",
        choices=Content.choices,
        initial=Content.values,
        error_messages={"required": "Choose at least one thing for the report to show"},
    )
    exceptions = forms.BooleanField(
        label="Exceptions only: items over or under target, and red milestones",
        required=False,
        widget=YesCheckbox(),
    )
    status = forms.MultipleChoiceField(
        label="Statuses",
        choices=STATUS_CHOICES,
        required=False,
        help_text="Choose none to include every status.",
    )
    depth = forms.ChoiceField(
        label="Depth",
        choices=Depth.choices,
        initial=Depth.DETAIL,
        error_messages={"required": "Choose the depth of the report"},
    )

    CODE_FIELDS = {scope: name for scope, name in SCOPE_PARAMETERS.items()}

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.slug, str(p)) for p in periods]  # type: ignore[attr-defined]
        for scope, name in self.CODE_FIELDS.items():
            self.fields[name].choices = _scope_choices(scope)  # type: ignore[attr-defined]
        self.spec: ReportSpec | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = ScopeKind(data["scope"]) if data.get("scope") else None
        name = SCOPE_PARAMETERS.get(scope) if scope else None
        if scope and name and not data.get(name):
            self.add_error(name, f"Choose the {scope.label.lower()} the report is for")
        if self.errors or scope is None:
            return data
        query: dict[str, Any] = {
            "period": data["period"],
            "scope": scope.value,
            "set": data["set"],
            "content": data["content"],
            "exceptions": "yes" if data["exceptions"] else "no",
            "status": data["status"],
            "depth": data["depth"],
        }
        if name:
            query[name] = data[name]
        try:
            self.spec = spec_from_query(ReportKind.BUILT, query)
        except SpecError as error:
            parameter = str(error).split(":", 1)[0]
            self.add_error(parameter if parameter in self.fields else None, str(error))
        return data


def builder_data(spec: ReportSpec) -> QueryDict:
    """Every choice of ``spec`` written out, to show it in the builder."""
    data = QueryDict(mutable=True)
    data.setlist("period", [p.slug for p in spec.periods])
    data["scope"] = spec.scope.value
    if spec.scope in SCOPE_PARAMETERS:
        data[SCOPE_PARAMETERS[spec.scope]] = spec.code
    data.setlist("set", sorted(spec.sets))
    data.setlist("content", sorted(spec.content))
    if spec.exceptions_only:
        data["exceptions"] = "yes"
    data.setlist("status", sorted(spec.statuses))
    data["depth"] = spec.depth.value
    return data


class BoardsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _boards_field() -> BoardsField:
    return BoardsField(
        label="Share with boards",
        queryset=Board.objects.order_by("name"),
        to_field_name="code",
        required=False,
        help_text="Members of these boards will see the report in their list of reports.",
    )


class SaveReportForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter a name for the report"},
        help_text="Saving again under the same name replaces that report.",
    )
    boards = _boards_field()
    query = forms.CharField(widget=forms.HiddenInput)

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_query(self) -> str:
        try:
            spec = spec_from_query(ReportKind.BUILT, QueryDict(self.cleaned_data["query"]))
            resolve_scope(spec)
        except SpecError as error:
            raise forms.ValidationError(f"This report cannot be saved: {error}") from None
        return spec.query_string()


class ShareReportForm(forms.Form):
    boards = _boards_field()
