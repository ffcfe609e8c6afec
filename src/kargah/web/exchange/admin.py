from django.contrib import admin

from kargah.web.exchange import models


@admin.register(models.Weights)
class WeightsAdmin(admin.ModelAdmin):
    """The score's weights: one row; a blank weight is the core's default (docs/exchange.md)."""

    list_display = ("__str__", "capability", "capacity", "distance", "size", "performance")

    def has_add_permission(self, request: object) -> bool:
        return not models.Weights.objects.exists()


class BuyerInline(admin.TabularInline):
    model = models.Buyer
    extra = 1


@admin.register(models.Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en", "county", "employees")
    search_fields = ("code", "name_fa", "name_en")
    inlines = [BuyerInline]
    raw_id_fields = ("workshops",)


@admin.register(models.Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fa", "name_en")


@admin.register(models.Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("id", "description", "firm", "status", "visibility", "deadline")
    list_filter = ("status", "visibility")
    raw_id_fields = ("invited",)


@admin.register(models.Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("need", "workshop", "status", "price", "lead_days")
    raw_id_fields = ("need", "workshop")


@admin.register(models.Linkage)
class LinkageAdmin(admin.ModelAdmin):
    list_display = ("id", "firm", "workshop", "status", "value", "buyer_rating",
                    "workshop_rating")  # fmt: skip
    raw_id_fields = ("quote", "need", "workshop")
