from django.contrib import admin

from goldenthread.indicators.models import Indicator, IndicatorPriority, LocalAreaAgreement


class IndicatorPriorityInline(admin.TabularInline):
    model = IndicatorPriority
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "indicator_set", "polarity", "department", "is_key"]
    list_filter = ["indicator_set", "polarity", "frequency", "aggregation", "is_key"]
    search_fields = ["code", "title"]
    inlines = [IndicatorPriorityInline]
    raw_id_fields = ["responsible_officer", "collator"]
    filter_horizontal = ["objectives"]


@admin.register(LocalAreaAgreement)
class LocalAreaAgreementAdmin(admin.ModelAdmin):
    list_display = ["name", "first_year", "last_year", "lead_organisation"]
