"""The admin shows risk registers to staff, read only: every change to a risk, its scores, its
actions and its escalation goes through risks.services, which checks and audits it. The council's
risk scale is the one thing kept here: saved through the same service, with the same checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from goldenthread.risks import scoring, services
from goldenthread.risks.models import (
    Risk,
    RiskAction,
    RiskEscalation,
    RiskObjective,
    RiskScale,
    RiskScoreChange,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ObjectiveInline(ReadOnlyInline):
    model = RiskObjective


class ActionInline(ReadOnlyInline):
    model = RiskAction
    fields = ["title", "owner", "due", "progress", "percent_done", "done_on"]


class ScoreChangeInline(ReadOnlyInline):
    model = RiskScoreChange
    fields = [
        "changed_at",
        "changed_by",
        "inherent_likelihood",
        "inherent_impact",
        "residual_likelihood",
        "residual_impact",
        "reason",
    ]


@admin.register(Risk)
class RiskAdmin(ReadOnly):
    list_display = ["code", "title", "level", "department", "directorate", "owner", "status"]
    list_filter = ["level", "status", "directorate", "department"]
    search_fields = ["code", "title", "cause", "effect"]
    inlines = [ObjectiveInline, ActionInline, ScoreChangeInline]


@admin.register(RiskAction)
class RiskActionAdmin(ReadOnly):
    list_display = ["risk", "title", "owner", "due", "progress", "done_on"]
    list_filter = ["progress"]
    search_fields = ["risk__code", "title"]


@admin.register(RiskEscalation)
class RiskEscalationAdmin(ReadOnly):
    list_display = ["risk", "new_risk", "from_level", "to_level", "escalated_by", "escalated_at"]
    list_filter = ["to_level"]
    search_fields = ["risk__code", "new_risk__code", "reason"]


class WordsField(forms.CharField):
    """A scale's words, one per line, lowest level first."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class RiskScaleForm(forms.ModelForm):  # type: ignore[type-arg]
    likelihood_words = WordsField(help_text="One word per line, level 1 (least likely) first")
    impact_words = WordsField(help_text="One word per line, level 1 (least impact) first")

    class Meta:
        model = RiskScale
        fields = ["likelihood_words", "impact_words", "medium_from", "high_from", "very_high_from"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            scale = scoring.Scale(
                likelihood_words=tuple(data["likelihood_words"]),
                impact_words=tuple(data["impact_words"]),
                medium_from=data["medium_from"],
                high_from=data["high_from"],
                very_high_from=data["very_high_from"],
            )
            for problem in services.scale_problems(scale):
                self.add_error(None, problem)
        return data


@admin.register(RiskScale)
class RiskScaleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The council's one risk scale: saved through services.scale_save, which audits it."""

    form = RiskScaleForm
    list_display = ["__str__", "medium_from", "high_from", "very_high_from", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not RiskScale.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RiskScale, form: Any, change: bool) -> None:
        saved = services.scale_save(
            acting_user=request.user,  # type: ignore[arg-type]
            likelihood_words=form.cleaned_data["likelihood_words"],
            impact_words=form.cleaned_data["impact_words"],
            medium_from=form.cleaned_data["medium_from"],
            high_from=form.cleaned_data["high_from"],
            very_high_from=form.cleaned_data["very_high_from"],
        )
        obj.pk = saved.pk
