from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Agency, Department, Officer


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
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


# The audit trail's admin is in cases/admin.py: what it shows of each event depends on the cases the
# administrator may see.
