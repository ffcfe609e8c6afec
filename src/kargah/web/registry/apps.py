from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "kargah.web.registry"
    label = "registry"
    verbose_name = "Registry of workshops — ثبت کارگاه‌ها"
