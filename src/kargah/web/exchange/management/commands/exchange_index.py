"""``kargah manage exchange_index``: rebuild the exchange's candidate index from the registry.
Edits on the site keep it current by themselves; a bulk import of the registry (which sends no
signals, for speed) is followed by this command before its workshops can be matched."""

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the exchange's candidate index (after a bulk import of the registry)."

    def handle(self, *args: Any, **options: Any) -> None:
        from kargah.web.exchange.capabilities import refresh_all

        self.stdout.write(f"indexed {refresh_all():,} workshops")
