from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "kargah.web.registry"
    label = "registry"
    verbose_name = _("Registry of workshops")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kargah.web.registry.lookups import register
        from kargah.web.registry.models import RegistryVersion, Workshop

        register()  # for every integer column of the site, not only the registry's
        # The pages' figures of the whole registry are cached under its version (load_frame
        # and refresh_workshops, which send no per-row signal, bump it themselves).
        for signal in (post_save, post_delete):
            signal.connect(
                RegistryVersion.bump_on_commit, sender=Workshop, dispatch_uid="registry-version"
            )
