"""The admin shows QA reviews, the programme and the timetable to staff, read only: every change
goes through the product's pages, which audit it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from goldenthread.assurance.models import (
    FeatureCheck,
    PlanReview,
    ProgrammeReview,
    QuestionAssessment,
    TimetableStage,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = QuestionAssessment
    extra = 0
    can_delete = False


class FeatureInline(admin.TabularInline):  # type: ignore[type-arg]
    model = FeatureCheck
    extra = 0
    can_delete = False


@admin.register(PlanReview)
class PlanReviewAdmin(ReadOnly):
    list_display = ["plan", "year", "state", "reviewer", "agreed_at"]
    list_filter = ["year", "state"]
    search_fields = ["plan__code", "plan__title", "findings"]
    inlines = [QuestionInline, FeatureInline]


@admin.register(ProgrammeReview)
class ProgrammeReviewAdmin(ReadOnly):
    list_display = ["plan", "year", "reviewer", "reviewed_on", "result"]
    list_filter = ["year", "result"]
    search_fields = ["plan__code", "plan__title"]


@admin.register(TimetableStage)
class TimetableStageAdmin(ReadOnly):
    list_display = ["year", "name", "audience", "due", "done_on"]
    list_filter = ["year", "audience"]
