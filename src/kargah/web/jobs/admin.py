from django.contrib import admin

from kargah.web.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["created", "kind", "name", "owner", "status", "done", "total"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in Job._meta.fields]
