"""The assurance forms. Every error says what is wrong and where, in the words of the page."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from goldenthread.assurance.choices import (
    Answer,
    Audience,
    Feature,
    Presence,
    ProgrammeResult,
    Question,
    RiskAssessment,
    StageKind,
)
from goldenthread.assurance.models import COMMENT_MAX, FINDINGS_MAX, PlanReview
from goldenthread.assurance.rules import Move
from goldenthread.assurance.selectors import today
from goldenthread.assurance.services import Check, StageDraft
from goldenthread.organisation.models import User
from goldenthread.planning.models import Plan

STAGE_ROWS_EXTRA = 3
NEEDS_A_COMMENT = {Answer.PARTLY, Answer.NOT_ANSWERED, Presence.ABSENT}


class DateInput(forms.DateInput):
    input_type = "date"


def _comment(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Keep it to {COMMENT_MAX} characters or fewer"},
    )


def short_question(question: Question) -> str:
    """The question without its explanation: "Why are we here?"."""
    return str(question.label).split("?")[0] + "?"


def _people(people: list[User]) -> list[tuple[str, str]]:
    return [(str(person.pk), str(person)) for person in people]


class ReviewForm(forms.Form):
    """The QA checklist of a service plan: the five questions, the four essential features,
    the risk assessment, the findings and the reviewer. Any line may be left unchecked until
    the plan is agreed; a question partly answered or not answered, or a feature absent, needs
    a comment saying what is missing."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reviewer = forms.ChoiceField(
        label="Reviewer", error_messages={"required": "Choose who is reviewing the plan"}
    )
    risk_assessment = forms.ChoiceField(
        label="Were the plan's risks assessed as it was written?",
        help_text="Recommendation 5.3: risk assessments are prepared at the same time as the "
        "plan, not afterwards.",
        choices=RiskAssessment.choices,
        required=False,
    )
    risk_comment = _comment("Comment on the risk assessment")
    findings = forms.CharField(
        label="Findings",
        help_text="What the authors must change, and what the plan does well.",
        required=False,
        max_length=FINDINGS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": f"Keep the findings to {FINDINGS_MAX} characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        reviewers: list[User],
        review: PlanReview | None = None,
        acting_user: User,
        **kwargs: Any,
    ) -> None:
        if review is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(review)
        super().__init__(*args, **kwargs)
        self.reviewers = {str(person.pk): person for person in reviewers}
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _people(reviewers)
        if review is None:
            self.initial.setdefault("reviewer", str(acting_user.pk))
        for question in Question:
            self.fields[f"q_{question.value}"] = forms.ChoiceField(
                label=question.label, choices=Answer.choices, required=False
            )
            self.fields[f"q_{question.value}_comment"] = _comment(
                f"Comment on “{short_question(question)}”"
            )
        for feature in Feature:
            self.fields[f"f_{feature.value}"] = forms.ChoiceField(
                label=feature.label, choices=Presence.choices, required=False
            )
            self.fields[f"f_{feature.value}_comment"] = _comment(f"Comment on “{feature.label}”")

    def question_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"q_{q.value}"], self[f"q_{q.value}_comment"]) for q in Question]

    def feature_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"f_{f.value}"], self[f"f_{f.value}_comment"]) for f in Feature]

    def clean_reviewer(self) -> User:
        return self.reviewers[self.cleaned_data["reviewer"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in Question:
            name = f"q_{question.value}"
            if data.get(name) in NEEDS_A_COMMENT and not data.get(f"{name}_comment", "").strip():
                self.add_error(
                    f"{name}_comment",
                    f"Say what the plan lacks for “{short_question(question)}”",
                )
        for feature in Feature:
            name = f"f_{feature.value}"
            if data.get(name) in NEEDS_A_COMMENT and not data.get(f"{name}_comment", "").strip():
                self.add_error(f"{name}_comment", f"Say what is missing for “{feature.label}”")
        return data

    def answers(self) -> dict[str, Check]:
        data = self.cleaned_data
        return {
            q.value: Check(data[f"q_{q.value}"], data[f"q_{q.value}_comment"].strip())
            for q in Question
        }

    def features(self) -> dict[str, Check]:
        data = self.cleaned_data
        return {
            f.value: Check(data[f"f_{f.value}"], data[f"f_{f.value}_comment"].strip())
            for f in Feature
        }

    def risk(self) -> Check:
        return Check(self.cleaned_data["risk_assessment"], self.cleaned_data["risk_comment"])


def _initial(review: PlanReview) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": review.version,
        "reviewer": str(review.reviewer_id) if review.reviewer_id else "",
        "risk_assessment": review.risk_assessment,
        "risk_comment": review.risk_comment,
        "findings": review.findings,
    }
    for row in review.answers.all():
        initial[f"q_{row.question}"] = row.answer
        initial[f"q_{row.question}_comment"] = row.comment
    for frow in review.features.all():
        initial[f"f_{frow.feature}"] = frow.presence
        initial[f"f_{frow.feature}_comment"] = frow.comment
    return initial


class MoveForm(forms.Form):
    move = forms.ChoiceField(choices=Move.choices)
    version = forms.IntegerField(required=False)


# -- the rolling programme ------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    plans = forms.MultipleChoiceField(
        label="Plans to review this year",
        error_messages={
            "required": "Choose at least one plan to put in the programme",
            "invalid_choice": "A plan you chose is already in the programme or no longer "
            "exists: choose again",
        },
    )

    def __init__(self, *args: Any, plans: list[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_code = {plan.code: plan for plan in plans}
        field = self.fields["plans"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(plan.code, f"{plan.title} ({plan.code})") for plan in plans]

    def clean_plans(self) -> list[Plan]:
        return [self.by_code[code] for code in self.cleaned_data["plans"]]


class ProgrammeRecordForm(forms.Form):
    reviewer = forms.ChoiceField(
        label="Reviewed by", error_messages={"required": "Choose who reviewed the plan"}
    )
    reviewed_on = forms.DateField(
        label="Date of the review",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date of the review",
            "invalid": "Enter the date of the review as a real date, for example 14/10/2009",
        },
    )
    result = forms.ChoiceField(
        label="Result",
        choices=ProgrammeResult.choices,
        error_messages={"required": "Choose the result of the review"},
    )
    notes = _comment("Notes (optional)")

    def __init__(self, *args: Any, reviewers: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reviewers = {str(person.pk): person for person in reviewers}
        field = self.fields["reviewer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose who reviewed it"), *_people(reviewers)]

    def clean_reviewer(self) -> User:
        return self.reviewers[self.cleaned_data["reviewer"]]

    def clean_reviewed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["reviewed_on"]
        if day > today():
            self.add_error("reviewed_on", "The date of the review cannot be in the future")
        return day


# -- the planning timetable -----------------------------------------------------------------------


class StageForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label="Stage",
        max_length=200,
        error_messages={
            "required": "Enter the stage's name",
            "max_length": "Keep the stage's name to 200 characters or fewer",
        },
    )
    what_is_due = forms.CharField(
        label="What is due",
        required=False,
        max_length=500,
        error_messages={"max_length": "Keep what is due to 500 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Kind of stage", choices=StageKind.choices, initial=StageKind.OTHER
    )
    audience = forms.ChoiceField(
        label="Due from",
        choices=[("", "Choose whom it is due from"), *Audience.choices],
        error_messages={"required": "Choose whom the stage is due from"},
    )
    due = forms.DateField(
        label="Due by",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date the stage is due",
            "invalid": "Enter the due date as a real date, for example 31/10/2009",
        },
    )
    done_on = forms.DateField(
        label="Done on (leave empty until it is done)",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "Enter the date it was done as a real date, or leave it empty"},
    )
    delete = forms.BooleanField(label="Delete this stage", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        done_on = data.get("done_on")
        if done_on is not None and done_on > today():
            self.add_error("done_on", "The date it was done cannot be in the future")
        return data

    def draft(self) -> StageDraft:
        data = self.cleaned_data
        return StageDraft(
            pk=data.get("pk"),
            name=data["name"],
            what_is_due=data.get("what_is_due", ""),
            kind=data["kind"],
            audience=data["audience"],
            due=data["due"],
            done_on=data.get("done_on"),
            delete=bool(data.get("delete")),
        )


class BaseStageFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The year's stages, then empty rows to add new ones (left empty, they are ignored)."""

    def drafts(self) -> list[StageDraft]:
        return [
            form.draft() for form in self.forms if form.has_changed() or form.cleaned_data.get("pk")
        ]


StageFormSet = forms.formset_factory(
    StageForm, formset=BaseStageFormSet, extra=STAGE_ROWS_EXTRA, max_num=60, absolute_max=60
)
