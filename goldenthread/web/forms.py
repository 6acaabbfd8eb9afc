"""Forms for the pages. The filter form is read from the query string (GET); the rating
settings form is posted by the performance team."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from goldenthread.indicators.selectors import NO_PRIORITY, SET_FILTERS
from goldenthread.monitoring.checks import COMMENTARY_MAX_LENGTH, CheckResult, decimal_places
from goldenthread.organisation.models import Department
from goldenthread.performance.choices import ToleranceKind
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.services import SETTINGS_FIELDS
from goldenthread.planning.models import MilestoneProgress, Priority


class IndicatorFilterForm(forms.Form):
    """The indicator library's filters. A value the form does not recognise is reported in an
    error summary and ignored; the other filters still apply."""

    q = forms.CharField(label="Code or title contains", required=False, max_length=100)
    set = forms.ChoiceField(label="Set", required=False)
    priority = forms.ChoiceField(label="Priority", required=False)
    department = forms.ChoiceField(label="Department", required=False)
    key = forms.BooleanField(label="Key indicators only", required=False)

    def __init__(
        self,
        data: Any,
        *,
        priorities: QuerySet[Priority],
        departments: QuerySet[Department],
    ) -> None:
        super().__init__(data)
        self._choice_field("set").choices = [("", "Any set"), *SET_FILTERS]
        self.fields["set"].error_messages["invalid_choice"] = "Select a set from the list"
        self._choice_field("priority").choices = [
            ("", "Any priority"),
            *((p.code, p.name) for p in priorities.order_by("number")),
            (NO_PRIORITY, "Linked to no priority"),
        ]
        self.fields["priority"].error_messages["invalid_choice"] = "Select a priority from the list"
        self._choice_field("department").choices = [
            ("", "Any department"),
            *((d.code, d.name) for d in departments.order_by("name")),
        ]
        self.fields["department"].error_messages["invalid_choice"] = (
            "Select a department from the list"
        )

    def _choice_field(self, name: str) -> forms.ChoiceField:
        # self.fields holds this form's own copies of the fields declared above.
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def filters(self) -> dict[str, Any]:
        """The valid filters, as keyword arguments for indicators.selectors.indicator_library."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "search": data.get("q", "").strip(),
            "indicator_set": data.get("set", ""),
            "priority": data.get("priority", ""),
            "department": data.get("department", ""),
            "key_only": bool(data.get("key")),
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())


DECIMAL_SETTINGS = ("tolerance", "exception_threshold", "no_change_band")


class RatingSettingsForm(forms.ModelForm):
    """The council's rating rules, as the performance team changes them."""

    class Meta:
        model = RatingSettings
        fields = list(SETTINGS_FIELDS)
        labels = {
            "rule": "Default rule",
            "tolerance": "Tolerance (the amber band)",
            "tolerance_kind": "The tolerance is",
            "exception_threshold": "Over-performance exception threshold",
            "no_change_band": "No-change band for direction of travel",
            "spc_enabled": "Show statistical process control on indicator pages",
            "spc_shift_length": "Shift: points in a row on one side of the mean",
            "spc_trend_length": "Trend: points in a row each rising or each falling",
            "spc_minimum_points": "Points needed before the limits are firm",
        }
        help_texts = {
            "rule": "",
            "tolerance": "How far short of target is still amber under the tolerance-band "
            "rule, and still green under the direction-aware rule. An indicator can set its own.",
            "exception_threshold": "Beating the target by more than this percentage makes an "
            "over-performance exception. Every red is an under-performance exception.",
            "no_change_band": "A change smaller than this percentage of the earlier figure is "
            "shown as no change.",
            "spc_shift_length": "Making Data Count uses 7.",
            "spc_trend_length": "Making Data Count uses 7.",
            "spc_minimum_points": "With fewer points the limits are shown as provisional. Making "
            "Data Count suggests 15 to 20; 12 is a common minimum.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # 5, not 5.000
            for name in DECIMAL_SETTINGS:
                value = self.initial.get(name)
                if value is not None:
                    self.initial[name] = format(Decimal(value).normalize(), "f")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in DECIMAL_SETTINGS:
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, "Enter a number that is 0 or more")
        if data.get("tolerance_kind") == ToleranceKind.PERCENT:
            tolerance = data.get("tolerance")
            if tolerance is not None and tolerance > 100:
                self.add_error("tolerance", "A percentage tolerance must be 100 or less")
        for name in ("spc_shift_length", "spc_trend_length", "spc_minimum_points"):
            value = data.get(name)
            if value is not None and not 2 <= value <= 50:
                self.add_error(name, "Enter a whole number from 2 to 50")
        return data

    def settings(self) -> dict[str, Any]:
        """The cleaned values, as keyword arguments for rating_settings_update."""
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


# -- quarterly collection ------------------------------------------------------------------


class EntryForm(forms.Form):
    """One item of a department's return. The figures are read by the services' checks, so
    they arrive here as text; ``version`` is the version of the item the person was shown."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def add_findings(self, result: CheckResult) -> None:
        """The checks' errors against their fields; unexplained warnings against the
        explanation, which the page then asks for."""
        for finding in result.errors:
            name = finding.field if finding.field in self.fields else None
            self.add_error(name, finding.message)
        if result.needs_explanation and "explanation" in self.fields:
            for warning in result.warnings:
                self.add_error(
                    "explanation", f"{warning.message} Explain it before saving the figure."
                )

    # Not what is held: the version, and a warning's explanation (kept in the history only).
    UNTRACKED = ("version", "explanation")

    def shown(self) -> SafeString:
        """Hidden copies of the values the person was shown (Django's "initial-" fields, kept
        as they came in when the page is shown again), so "Save all" saves only the items
        they changed and never writes an untouched item back over someone else's newer one."""
        return mark_safe(  # each part rendered, and escaped, by its widget
            "".join(
                str(self[name].as_hidden(only_initial=True))
                for name in self.fields
                if name not in self.UNTRACKED
            )
        )

    def changed(self) -> bool:
        """Whether the person changed anything from what they were shown. A line break counts
        the same however the browser sends it."""
        for name in self.fields:
            if name in self.UNTRACKED:
                continue
            field = self[name]
            shown = self.data.get(field.html_initial_name)
            if shown is None:
                shown = field.initial
            typed = self.data.get(field.html_name)
            if _same_text(typed) != _same_text(shown):
                return True
        return False

    @property
    def asks_for_explanation(self) -> bool:
        return "explanation" in self.fields and bool(
            self.errors.get("explanation")
            or (self.is_bound and self.data.get(self.add_prefix("explanation"), ""))
        )

    def version_seen(self) -> int | None:
        return self.cleaned_data.get("version")


def _same_text(value: object) -> str:
    return "" if value is None else str(value).replace("\r\n", "\n").strip()


def figure_text(value: Decimal | None, decimals: int = 0) -> str:
    """A held figure as a form shows it: as it was typed, not with the database's six decimal
    places (12.000000 reads back as 12), and to the indicator's decimal places when it has
    them (12.5 reported to two reads back as 12.50)."""
    if value is None:
        return ""
    return f"{value:.{max(decimals, decimal_places(value))}f}"


# A phone offers its number pad for these; text fields (commentary, a quarter) keep the keyboard.
FIGURE = forms.TextInput(attrs={"inputmode": "decimal"})
# The browser stops typing at the limit; the services' checks refuse longer text from anywhere.
COMMENTARY = forms.Textarea(attrs={"maxlength": COMMENTARY_MAX_LENGTH})


class ActualEntryForm(EntryForm):
    value = forms.CharField(label="Value", required=False, max_length=40, widget=FIGURE)
    numerator = forms.CharField(label="Numerator", required=False, max_length=40, widget=FIGURE)
    denominator = forms.CharField(label="Denominator", required=False, max_length=40, widget=FIGURE)
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        widget=COMMENTARY,
        help_text="Needed when the figure is off target (red).",
    )
    explanation = forms.CharField(
        label="Explanation of the warning",
        required=False,
        widget=forms.Textarea,
        help_text="Why the figure is right although it looks unusual. It is kept in the history.",
    )

    @staticmethod
    def initial_for(actual: Any, decimals: int) -> dict[str, Any]:
        """What the form shows for a held figure (of an indicator reported to ``decimals``
        places): its figures as typed, and its commentary."""
        return {
            "value": figure_text(actual.value, decimals),
            "numerator": figure_text(actual.numerator),
            "denominator": figure_text(actual.denominator),
            "commentary": actual.commentary,
        }


class MilestoneEntryForm(EntryForm):
    progress = forms.ChoiceField(
        label="Progress",
        choices=MilestoneProgress.choices,
        error_messages={
            "required": "Select the milestone's progress",
            "invalid_choice": "Select the milestone's progress from the list",
        },
    )
    commentary = forms.CharField(
        label="Commentary",
        required=False,
        widget=COMMENTARY,
        help_text="Needed when the milestone will miss, has missed, or is overdue.",
    )


class NarrativeForm(EntryForm):
    key_developments = forms.CharField(
        label="Key developments", required=False, widget=forms.Textarea
    )
    emerging_issues = forms.CharField(
        label="Emerging issues", required=False, widget=forms.Textarea
    )


class ReturnNoteForm(forms.Form):
    note = forms.CharField(
        label="What the department must fix",
        widget=forms.Textarea,
        error_messages={"required": "Say why the item is returned, so the department can fix it"},
    )


class SignOffForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the performance team should know about this return",
    )


class RoundOpenForm(forms.Form):
    quarter = forms.CharField(label="Quarter", max_length=20, help_text="For example, 2009/10 Q2")
    deadline = forms.DateField(
        label="Deadline for returns",
        help_text="The last day for departments to submit, for example 31/10/2009",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
        error_messages={"invalid": "Enter the deadline as a date, for example 31/10/2009"},
    )


class CorrectionForm(ActualEntryForm):
    """A correction to a published figure: the new figure and why it changes."""

    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea,
        help_text="Kept with the revision and in the figure's history.",
        error_messages={"required": "Say why the published figure is corrected"},
    )
