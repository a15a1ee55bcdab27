from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, AuditEvent, Department, Officer


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "require_second_factor", "is_active"]
    list_filter = ["kind", "require_second_factor", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [DepartmentInline]


@admin.register(Officer)
class OfficerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "department", "is_active"]
    list_filter = ["agency", "groups", "is_active"]
    list_select_related = ["agency", "department"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Agency", {"fields": ("agency", "department", "job_title", "telephone")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Agency", {"fields": ("agency", "department", "first_name", "last_name", "email")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "officer", "agency", "action", "case_reference", "description", "ip_address"]
    list_filter = ["action", "agency"]
    search_fields = ["case_reference", "description", "officer__username"]
    list_select_related = ["officer", "agency"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
