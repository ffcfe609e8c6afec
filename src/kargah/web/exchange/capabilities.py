"""What the site gives the core's matcher: the nomenclature in the registry's own Process and
Material rows (and the exchange's Certification rows), the core's candidate index kept in the
site's tables (``Profile``, ``ProfileCode``: ``kargah.exchange.refresh_index``), and the search
of that index for a need, with the capacity running linkages book in the need's period taken off
each candidate's idle capacity."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Q, Sum

from kargah.web.exchange.models import Booking, Certification, Firm, Linkage
from kargah.web.registry.models import Material, Process, Workshop

__all__ = ["booked", "certification_codes", "follow", "load_nomenclature", "match", "months",
           "refresh", "refresh_all"]  # fmt: skip

#: Workshops written to the index at a time.
BATCH = 2000


def load_nomenclature(using: str = "default") -> int:
    """Make the Process, Material and Certification rows match ``kargah.exchange.nomenclature()``
    (adds and renames, by code; rows made by hand are kept). Returns how many terms."""
    from kargah.exchange import nomenclature

    terms = nomenclature()
    count = 0
    for model, listed in ((Process, terms.processes), (Material, terms.materials)):
        known = {row.code: row for row in model.objects.using(using).exclude(code=None)}
        for term in listed:  # parents come before their children in the files
            row = known.get(term.code) or model(code=term.code)
            row.name_fa, row.name_en = term.name_fa, term.name_en
            row.parent = known.get(term.parent or "")
            row.save(using=using)
            known[term.code] = row
            count += 1
    for term in terms.certifications:
        Certification.objects.using(using).update_or_create(
            code=term.code, defaults={"name_fa": term.name_fa, "name_en": term.name_en}
        )
        count += 1
    return count


def certification_codes(text: str) -> list[str]:
    """The nomenclature's codes of a workshop's certifications as the registry writes them
    (free text, comma-separated names or codes: "HACCP, ISO 9001"); unknown names are left out."""
    from kargah.exchange import nomenclature

    terms = nomenclature()
    words = (w.strip() for w in text.replace("،", ",").replace(";", ",").split(","))
    found = (terms.resolve("certifications", w) for w in words if w)
    return sorted({code for code in found if code})


def _performance(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Completed linkages, the buyers' mean rating and the on-time share, per workshop."""
    done = Linkage.objects.filter(workshop_id__in=ids, status=Linkage.DELIVERED)
    rows = done.values("workshop_id").annotate(
        completed=Count("id"), rating=Avg("buyer_rating"),
        on_time_n=Count("id", filter=Q(on_time=True)), judged=Count("id", filter=~Q(on_time=None)),
    )  # fmt: skip
    return {
        r["workshop_id"]: {
            "completed": r["completed"],
            "rating": r["rating"],
            "on_time": r["on_time_n"] / r["judged"] if r["judged"] else None,
        }
        for r in rows
    }


def profile_columns(ids: list[int]) -> dict[str, list[Any]]:
    """The matcher's columns of these workshops, from the registry and the exchange."""
    codes: dict[str, dict[int, list[str]]] = {"processes": defaultdict(list),
                                              "materials": defaultdict(list)}  # fmt: skip
    for name, field, target in (("processes", Workshop.processes, "process__code"),
                                ("materials", Workshop.materials, "material__code")):  # fmt: skip
        rows = field.through.objects.filter(workshop_id__in=ids).exclude(**{target: None})
        for workshop_id, code in rows.values_list("workshop_id", target):
            codes[name][workshop_id].append(code)
    firms = dict(Firm.workshops.through.objects.filter(workshop_id__in=ids)
                 .values_list("workshop_id", "firm__code"))  # fmt: skip
    past = _performance(ids)
    fields = ("pk", "county", "latitude", "longitude", "employees", "idle", "certifications")
    out: dict[str, list[Any]] = defaultdict(list)
    for pk, county, lat, lon, employees, idle, certified in Workshop.objects.filter(
        pk__in=ids
    ).values_list(*fields):
        mine = past.get(pk, {})
        row = {
            "workshop_id": pk, "processes": codes["processes"].get(pk, []),
            "materials": codes["materials"].get(pk, []),
            "certifications": certification_codes(certified or ""), "county": county,
            "latitude": lat, "longitude": lon, "employees": float(employees), "idle": idle,
            "active": True, "firm": firms.get(pk), "completed": mine.get("completed", 0),
            "rating": mine.get("rating"), "on_time": mine.get("on_time"),
        }  # fmt: skip
        for key, value in row.items():
            out[key].append(value)
    return dict(out)


def refresh(workshop_ids: Any) -> int:
    """Rewrite these workshops' rows of the index (after the workshop, its lists or its
    linkages changed). Returns how many."""
    from kargah.exchange import SiteTables, refresh_index

    ids = [int(i) for i in workshop_ids]
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        columns = profile_columns(chunk)
        gone = set(chunk) - set(columns.get("workshop_id", []))
        with connection.cursor() as cursor:
            if gone:  # deleted meanwhile: their rows go too
                marks = ", ".join(["%s"] * len(gone))
                for table in ("exchange_profilecode", "exchange_profile"):
                    cursor.execute(f"DELETE FROM {table} WHERE workshop_id IN ({marks})",
                                   list(gone))  # fmt: skip
            if columns:
                done += refresh_index(cursor, columns, SiteTables())
    return done


def forget_missing(using: str = "default") -> None:
    """Drop the index rows of workshops no longer in the registry: a flush or a bulk delete
    sends no signal per row, and a match made from such a row fails on its foreign key."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        if "exchange_profile" not in connections[using].introspection.table_names(cursor):
            return  # migrated only part of the way
        for table in ("exchange_profilecode", "exchange_profile"):
            cursor.execute(f"DELETE FROM {table} WHERE workshop_id NOT IN "
                           "(SELECT id FROM registry_workshop)")  # fmt: skip


def refresh_all() -> int:
    """The whole index again (after a bulk import of the registry, which sends no signals)."""
    return refresh(Workshop.objects.order_by("pk").values_list("pk", flat=True))


def follow(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any,
           **kwargs: Any) -> None:  # fmt: skip
    """``m2m_changed``: a workshop's processes or materials changed, its index rows follow."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh([instance.pk])
    elif pk_set:  # a term's workshops changed, from the term's side
        refresh(pk_set)


def months(start: date, end: date) -> list[date]:
    """The first day of each month from ``start``'s to ``end``'s."""
    out, day = [], start.replace(day=1)
    while day <= end:
        out.append(day)
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return out


def booked(workshop_ids: Any, start: date, end: date) -> dict[int, float]:
    """The most booked in any one month of the period, per workshop: what is not idle for a
    need that runs through those months."""
    rows = (
        Booking.objects.filter(workshop_id__in=list(workshop_ids),
                               month__gte=start.replace(day=1), month__lte=end)
        .values("workshop_id", "month").annotate(q=Sum("quantity"))
    )  # fmt: skip
    most: dict[int, float] = defaultdict(float)
    for r in rows:
        most[r["workshop_id"]] = max(most[r["workshop_id"]], float(r["q"]))
    return dict(most)


class _Booked:
    """A cursor whose candidate rows carry idle capacity less what is booked in the need's
    period. The index's bound keeps the registry's figure, which is higher: still a bound, so
    the search's top stays exact."""

    def __init__(self, cursor: Any, start: date, end: date) -> None:
        from kargah.exchange._index import PROFILE_COLUMNS

        self.cursor, self.start, self.end = cursor, start, end
        self.id, self.idle = PROFILE_COLUMNS.index("workshop_id"), PROFILE_COLUMNS.index("idle")

    def __getattr__(self, name: str) -> Any:  # execute, fetchone…: the cursor's own
        return getattr(self.cursor, name)

    def fetchall(self) -> list[tuple[Any, ...]]:
        rows = self.cursor.fetchall()
        taken = booked([r[self.id] for r in rows], self.start, self.end)
        if not taken:
            return list(rows)
        out = []
        for r in rows:
            less = taken.get(r[self.id])
            if less and r[self.idle] is not None:
                r = (*r[: self.idle], max(float(r[self.idle]) - less, 0.0), *r[self.idle + 1 :])
            out.append(r)
        return out


def match(need: Any, weights: dict[str, float], top: int) -> Any:
    """The core's Matcher run on this site's index for a core ``Need``: ``matches_`` best
    first."""
    from kargah.exchange import Matcher, SiteTables

    with connection.cursor() as cursor:
        return Matcher(weights=weights, top=top).search(
            _Booked(cursor, need.start, need.end), need, SiteTables()
        )
