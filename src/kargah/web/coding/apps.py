from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "kargah.web.coding"
    label = "coding"
    verbose_name = "Thematic analysis — تحلیل مضمون"
