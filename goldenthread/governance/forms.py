"""The forms: flag an item, clear a flag, record a briefing. Every error says what is wrong
and where, in words a councillor or director would use."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from goldenthread.governance.models import OUTCOME_MAX, REASON_MAX
from goldenthread.governance.services import ActionDraft
from goldenthread.indicators.models import Indicator
from goldenthread.organisation.models import Board, User
from goldenthread.planning.models import Milestone

ACTION_ROWS = 5


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class FlagForm(forms.Form):
    board = forms.ChoiceField(
        label="Which board should discuss it?",
        error_messages={"required": "Choose the board that should discuss it"},
    )
    reason = forms.CharField(
        label="Why should the board discuss it?",
        help_text="A sentence or two for the chair and the report's officer.",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why the board should discuss it",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )

    def __init__(self, *args: Any, boards: list[Board], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.boards = {board.code: board for board in boards}
        _choices(self, "board", [(b.code, b.name) for b in boards])
        if len(boards) == 1:
            self.fields["board"].initial = boards[0].code

    def clean_board(self) -> Board:
        return self.boards[self.cleaned_data["board"]]


class ClearForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome (optional)",
        help_text="For example: discussed 12 May; officer to report back in Q3.",
        required=False,
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"The outcome must be {OUTCOME_MAX} characters or fewer"},
    )


class DateInput(forms.DateInput):
    input_type = "date"


class BriefingForm(forms.Form):
    holder = forms.ChoiceField(
        label="Portfolio holder briefed",
        error_messages={"required": "Choose the portfolio holder you briefed"},
    )
    held_on = forms.DateField(
        label="Date of the briefing",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the briefing",
            "invalid": "Enter the date of the briefing as a real date, for example 12/05/2009",
        },
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators covered",
        required=False,
        error_messages={
            "invalid_choice": "Choose indicators from the portfolio's list; "
            "%(value)s is not one of them"
        },
    )
    milestones = forms.MultipleChoiceField(
        label="Milestones covered",
        required=False,
        error_messages={
            "invalid_choice": "Choose milestones from the portfolio's list; "
            "%(value)s is not one of them"
        },
    )
    other_items = forms.CharField(
        label="Other matters covered (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcomes = forms.CharField(
        label="Outcomes",
        help_text="What the portfolio holder decided, asked for or was assured of.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the outcomes of the briefing"},
    )

    def __init__(
        self,
        *args: Any,
        holders: list[User],
        indicators: list[Indicator],
        milestones: list[Milestone],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.holders = {str(user.pk): user for user in holders}
        self.indicator_rows = {i.code: i for i in indicators}
        self.milestone_rows = {m.code: m for m in milestones}
        _choices(self, "holder", [(str(u.pk), str(u)) for u in holders])
        if len(holders) == 1:
            self.fields["holder"].initial = str(holders[0].pk)
        _choices(self, "indicators", [(i.code, f"{i.code} {i.title}") for i in indicators])
        _choices(self, "milestones", [(m.code, f"{m.code} {m.title}") for m in milestones])

    def clean_holder(self) -> User:
        return self.holders[self.cleaned_data["holder"]]

    def clean_held_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["held_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date of the briefing must be today or in the past")
        return day

    def clean_indicators(self) -> list[Indicator]:
        return [self.indicator_rows[code] for code in self.cleaned_data["indicators"]]

    def clean_milestones(self) -> list[Milestone]:
        return [self.milestone_rows[code] for code in self.cleaned_data["milestones"]]


class ActionForm(forms.Form):
    action = forms.CharField(label="What", max_length=500, required=False)
    owner = forms.CharField(label="Who", max_length=200, required=False)
    due = forms.DateField(label="Due by", required=False, widget=DateInput())

    def __init__(self, *args: Any, number: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["due"].error_messages["invalid"] = (
            f"Action {number}: enter the due date as a real date, for example 30/06/2009"
        )

    @property
    def is_blank(self) -> bool:
        return not any(self.data.get(self.add_prefix(name), "").strip() for name in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank:
            return data
        n = self.number
        if not data.get("action"):
            self.add_error("action", f"Action {n}: enter what is to be done")
        if not data.get("owner"):
            self.add_error("owner", f"Action {n}: enter who will do it")
        if not data.get("due") and "due" not in self.errors:
            self.add_error("due", f"Action {n}: enter the date it is due by")
        return data

    def draft(self) -> ActionDraft:
        return ActionDraft(
            self.cleaned_data["action"], self.cleaned_data["owner"], self.cleaned_data["due"]
        )


def action_forms(data: Any = None) -> list[ActionForm]:
    return [ActionForm(data, prefix=f"action-{n}", number=n) for n in range(1, ACTION_ROWS + 1)]


def actions_missing(rows: list[ActionForm]) -> str:
    """The error when no action is filled in at all, else ""."""
    if all(row.is_blank for row in rows):
        return "Enter at least one action: what, who and by when"
    return ""
