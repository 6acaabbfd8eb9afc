from django.contrib import admin

from goldenthread.reporting.models import Headline, Perspective


class HeadlineInline(admin.TabularInline):
    model = Headline
    extra = 0
    raw_id_fields = ["indicator"]


@admin.register(Perspective)
class PerspectiveAdmin(admin.ModelAdmin):
    """The balanced scorecard's perspectives and the headline indicators under each."""

    list_display = ["name", "position", "description"]
    list_editable = ["position"]
    inlines = [HeadlineInline]
