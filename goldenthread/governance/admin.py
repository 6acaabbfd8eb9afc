from django.contrib import admin

from goldenthread.governance.models import Briefing, BriefingAction, Flag


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["board", "indicator", "milestone", "period", "status", "flagged_by"]
    list_filter = ["status", "board"]
    search_fields = ["indicator__code", "milestone__code", "reason", "outcome"]
    raw_id_fields = ["indicator", "milestone", "flagged_by", "cleared_by"]
    date_hierarchy = "flagged_at"


class BriefingActionInline(admin.TabularInline):
    model = BriefingAction
    extra = 0


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["portfolio", "held_on", "holder", "recorded_by"]
    list_filter = ["portfolio"]
    raw_id_fields = ["holder", "recorded_by", "indicators", "milestones"]
    inlines = [BriefingActionInline]
    date_hierarchy = "held_on"
