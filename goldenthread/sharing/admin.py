from django.contrib import admin

from goldenthread.sharing.models import DataSharingProtocol, ProtocolDataset


class ProtocolDatasetInline(admin.TabularInline):
    model = ProtocolDataset
    extra = 1


@admin.register(DataSharingProtocol)
class DataSharingProtocolAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "valid_from", "valid_until"]
    search_fields = ["reference", "title", "purpose"]
    filter_horizontal = ["parties", "indicators"]
    inlines = [ProtocolDatasetInline]
