from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "kargah.web.jobs"
    label = "jobs"
    verbose_name = "Background jobs — کارهای پس‌زمینه"
