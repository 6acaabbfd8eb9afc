from django.contrib import admin

from goldenthread.planning.models import AreaOfFocus, KeyObjective, Plan, Priority


class KeyObjectiveInline(admin.TabularInline):
    model = KeyObjective
    extra = 0


class AreaOfFocusInline(admin.TabularInline):
    model = AreaOfFocus
    extra = 0


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "name", "ppb", "ssp", "portfolio"]
    inlines = [KeyObjectiveInline, AreaOfFocusInline]
    search_fields = ["code", "name"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "kind", "department", "first_year", "last_year", "state"]
    list_filter = ["kind", "state", "department"]
    search_fields = ["code", "title"]
    raw_id_fields = ["parent", "owner"]
