from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "kargah.web.stats"
    label = "stats"
    verbose_name = "Statistics — آمار"
