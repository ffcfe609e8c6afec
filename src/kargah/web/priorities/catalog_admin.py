"""The catalog in Django's admin (staff): countries are edited here; ideas also on the catalog's
own pages. Center categories and product groups are the registry's (its admin)."""

from django.contrib import admin

from kargah.web.priorities import models


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "region")
    list_filter = ("region",)


@admin.register(models.BusinessIdea)
class BusinessIdeaAdmin(admin.ModelAdmin):
    list_display = ("name_fa", "name_en", "country", "category", "product_group", "synthetic")
    list_filter = ("country__region", "country", "category")
    search_fields = ("name_fa", "name_en")
