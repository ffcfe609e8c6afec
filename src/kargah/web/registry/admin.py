from typing import Any

from django.contrib import admin

from kargah.web.registry import models


@admin.register(models.Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ("id", "name_fa", "name_en", "county", "isic", "employees", "ownership", "idle")
    list_filter = ("ownership", "county", "synthetic")
    search_fields = ("name_fa", "name_en", "search_key")
    filter_horizontal = ("product_groups", "processes", "materials")


@admin.register(models.ProductionCenter)
class ProductionCenterAdmin(admin.ModelAdmin):
    list_display = ("name_fa", "category", "county", "industrial_estate")
    filter_horizontal = ("workshops",)


@admin.register(models.CenterCategory)
class CenterCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en")


@admin.register(models.ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "isic", "category")
    list_filter = ("category",)


admin.site.register(models.Process)
admin.site.register(models.Material)


@admin.register(models.WorkshopChange)
class WorkshopChangeAdmin(admin.ModelAdmin):
    list_display = ("workshop", "user", "at")
    readonly_fields = ("workshop", "user", "at", "before", "after", "reverts")

    def has_add_permission(self, request: Any) -> bool:
        return False  # a change is made by editing a workshop, never by hand
