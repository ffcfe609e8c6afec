from typing import Any

from django.contrib import admin

from kargah.web.registry import models
from kargah.web.registry.forms import Ids


class _IdsChecked(admin.ModelAdmin):
    """Many-to-many choices refuse ids too large for the database instead of a 500."""

    def formfield_for_manytomany(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("form_class", Ids)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(models.Workshop)
class WorkshopAdmin(_IdsChecked):
    list_display = ("id", "name_fa", "name_en", "county", "isic", "employees", "ownership", "idle")
    list_filter = ("ownership", "county", "synthetic")
    search_fields = ("name_fa", "name_en", "search_key")
    filter_horizontal = ("product_groups", "processes", "materials")


@admin.register(models.ProductionCenter)
class ProductionCenterAdmin(_IdsChecked):
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
