"""Ranking projects in Django's admin (staff): a project with its criteria and experts' links;
values are edited on the project's own page."""

from django.contrib import admin

from kargah.web.priorities import models


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Criterion
    extra = 0


class ExpertInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Expert
    extra = 0
    fields = ("label", "opened", "submitted", "synthetic")
    readonly_fields = ("opened", "submitted")


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "region", "kind", "weighting", "synthetic", "created")
    filter_horizontal = ("categories", "groups")
    inlines = [CriterionInline, ExpertInline]
