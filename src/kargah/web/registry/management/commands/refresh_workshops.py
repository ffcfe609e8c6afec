"""``kargah manage refresh_workshops``: recompute every workshop's derived columns (idle
capacity, search key, facets), e.g. after a shipped definition of "small" changed its rules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kargah.web.database import analyze
from kargah.web.registry.models import FACETED, Workshop

BATCH = 5000


class Command(BaseCommand):
    help = "Recompute idle capacity, search keys and facets of every workshop."

    def handle(self, *args: Any, **options: Any) -> None:
        total = Workshop.objects.count()
        done = 0
        fields = ["idle", "search_key", "facets"]
        ids = Workshop.objects.order_by("pk").values_list("pk", flat=True)
        for start in range(0, total, BATCH):
            chunk = list(
                Workshop.objects.filter(pk__in=list(ids[start : start + BATCH])).only(
                    "pk", "name_fa", "name_en", "city", "capacity", "utilisation", *FACETED
                )
            )
            for w in chunk:
                w.refresh_derived()
            with transaction.atomic():
                Workshop.objects.bulk_update(chunk, fields)
            done += len(chunk)
            self.stdout.write(f"{done:,} of {total:,}")
        analyze()
