"""Forms for the pages. The filter form is read from the query string (GET)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from goldenthread.indicators.selectors import NO_PRIORITY, SET_FILTERS
from goldenthread.organisation.models import Department
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
        self.fields["set"].choices = [("", "Any set"), *SET_FILTERS]
        self.fields["set"].error_messages["invalid_choice"] = "Select a set from the list"
        self.fields["priority"].choices = [
            ("", "Any priority"),
            *((p.code, p.name) for p in priorities.order_by("number")),
            (NO_PRIORITY, "Linked to no priority"),
        ]
        self.fields["priority"].error_messages["invalid_choice"] = "Select a priority from the list"
        self.fields["department"].choices = [
            ("", "Any department"),
            *((d.code, d.name) for d in departments.order_by("name")),
        ]
        self.fields["department"].error_messages["invalid_choice"] = (
            "Select a department from the list"
        )

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
