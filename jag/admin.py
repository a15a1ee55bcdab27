from django.contrib import admin

from .models import Jag


@admin.register(Jag)
class JagAdmin(admin.ModelAdmin):
    list_display = ["name", "locality", "chair", "is_active"]
    search_fields = ["name", "locality"]
    filter_horizontal = ["member_agencies", "members"]
    autocomplete_fields = ["chair"]
