from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kargah.web.registry"
    label = "registry"
    verbose_name = _("Registry of workshops")

    def ready(self) -> None:
        from kargah.web.registry.lookups import register

        register()  # for every integer column of the site, not only the registry's
