from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "kargah.web.registry"
    label = "registry"
    verbose_name = "Registry of workshops — ثبت کارگاه‌ها"

    def ready(self) -> None:
        from kargah.web.registry.lookups import register

        register()  # for every integer column of the site, not only the registry's
