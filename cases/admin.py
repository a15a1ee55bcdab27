from django.contrib import admin

from .models import Category, RiskReviewInterval


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "is_hate_incident", "is_active", "sort_order"]
    list_editable = ["is_active", "sort_order"]


@admin.register(RiskReviewInterval)
class RiskReviewIntervalAdmin(admin.ModelAdmin):
    list_display = ["band", "days"]
