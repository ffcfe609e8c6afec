from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kargah.web.exchange"
    label = "exchange"
    verbose_name = _("Subcontracting exchange")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from kargah.web.exchange import capabilities
        from kargah.web.registry.models import Workshop

        # The nomenclature's rows after every migrate (and every flush of a test database).
        post_migrate.connect(_load_terms, sender=self)
        for field in (Workshop.processes, Workshop.materials):
            m2m_changed.connect(capabilities.follow, sender=field.through)
        post_save.connect(_saved, sender=Workshop)  # its certifications text may have changed
        post_delete.connect(_deleted, sender=Workshop)
        from kargah.web.exchange.tasks import after_load
        from kargah.web.registry.models import loaded

        loaded.connect(after_load, sender=Workshop, dispatch_uid="exchange-index-loaded")


def _load_terms(**kwargs: Any) -> None:
    from kargah.web.exchange.capabilities import forget_missing, load_nomenclature

    load_nomenclature(using=kwargs.get("using", "default"))
    forget_missing(using=kwargs.get("using", "default"))  # after a flush: no stale workshops


def _deleted(instance: Any, **kwargs: Any) -> None:
    from kargah.web.exchange.capabilities import refresh

    refresh([instance.pk])  # gone from the registry: its index rows go (a match would fail)


def _saved(instance: Any, raw: bool = False, **kwargs: Any) -> None:
    from kargah.web.exchange.capabilities import refresh

    if not raw:
        refresh([instance.pk])
