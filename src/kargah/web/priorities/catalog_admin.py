"""The catalog in Django's admin (staff): countries, center categories and product groups are
edited here; ideas also on the catalog's own pages."""

from django.contrib import admin

from kargah.web.priorities import models


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "region")
    list_filter = ("region",)


@admin.register(models.CenterCategory)
class CenterCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "isic", "synthetic")


@admin.register(models.ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "isic", "category", "synthetic")
    list_filter = ("category",)


@admin.register(models.BusinessIdea)
class BusinessIdeaAdmin(admin.ModelAdmin):
    list_display = ("name_fa", "name_en", "country", "category", "product_group", "synthetic")
    list_filter = ("country__region", "country", "category")
    search_fields = ("name_fa", "name_en")
