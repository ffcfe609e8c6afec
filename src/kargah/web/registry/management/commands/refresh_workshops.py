"""``kargah manage refresh_workshops``: recompute every workshop's derived columns (idle
capacity, search key, facets), e.g. after a shipped definition of "small" changed its rules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kargah.web.database import analyze
from kargah.web.registry.models import FACETED, RegistryVersion, Workshop

BATCH = 5000


class Command(BaseCommand):
    help = "Recompute idle capacity, search keys and facets of every workshop."

    def handle(self, *args: Any, **options: Any) -> None:
        total = Workshop.objects.count()
        done, last = 0, 0
        fields = ["idle", "search_key", "facets"]
        read = ["pk", "name_fa", "name_en", "city", "capacity", "utilisation", *FACETED]
        try:
            while chunk := list(
                Workshop.objects.filter(pk__gt=last).order_by("pk").only(*read)[:BATCH]
            ):
                for w in chunk:
                    w.refresh_derived()
                with transaction.atomic():
                    Workshop.objects.bulk_update(chunk, fields)
                done, last = done + len(chunk), chunk[-1].pk  # by id, not by offset: no rereading
                self.stdout.write(f"{done:,} of {total:,}")
        finally:  # batches commit one by one: even a run stopped halfway changed rows
            RegistryVersion.bump()  # idle capacity may have changed: the cached figures go
        analyze()
