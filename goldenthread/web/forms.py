"""Forms for the pages. The filter form is read from the query string (GET); the rating
settings form is posted by the performance team."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from goldenthread.indicators.selectors import NO_PRIORITY, SET_FILTERS
from goldenthread.organisation.models import Department
from goldenthread.performance.choices import ToleranceKind
from goldenthread.performance.models import RatingSettings
from goldenthread.performance.services import SETTINGS_FIELDS
from goldenthread.planning.models import Priority


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
