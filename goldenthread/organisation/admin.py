"""Admin for reference-data upkeep only; people work in the product's own pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from goldenthread.organisation.models import (
    Board,
    Department,
    Directorate,
    Organisation,
    Portfolio,
    RoleAssignment,
    User,
)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["department", "directorate", "board", "portfolio", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "first_name", "last_name", "email", "organisation", "is_active"]
    list_filter = ["organisation", "roles__role", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Golden Thread", {"fields": ("organisation", "job_title")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "sector"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "organisation"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "directorate"]
    list_filter = ["directorate"]
    search_fields = ["code", "name"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["departments"]
    search_fields = ["code", "name"]
