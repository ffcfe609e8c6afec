"""The full registry export and its way back in: everything a workshop has — province, the
synthetic flag, product groups, processes and materials, the private contact, the owner (by
username) and the history of edits (JSON) — so that an export imported into an empty site gives
the same registry. Only administrators and analysts may take it: contacts, owners and history
are not public."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from kargah.web.registry.models import (
    Material,
    Process,
    ProductGroup,
    Workshop,
    WorkshopChange,
)

#: Rows fetched from the database at a time while an export streams.
CHUNK = 2000
#: The workshop fields of every export, in order (``code`` is written as ``workshop_id``).
FIELDS = [
    "code", "name_fa", "name_en", "isic", "employees", "capital", "electricity_kw", "floor_m2",
    "province", "county", "city", "latitude", "longitude", "ownership", "founded",
    "certifications", "capacity", "utilisation", "idle", "synthetic",
]  # fmt: skip
#: The public export: everything but what only staff may see.
PUBLIC_COLUMNS = ["workshop_id", *FIELDS[1:-2], "idle_capacity", "synthetic", "product_groups"]
FULL_COLUMNS = [*PUBLIC_COLUMNS, "processes", "materials", "contact", "owner", "history"]
SEPARATOR = ";"
_NOMENCLATURE = {"processes": Process, "materials": Material}


def export_rows(workshops: QuerySet[Workshop], *, full: bool = False) -> Iterator[list[Any]]:
    """One row per workshop in :data:`PUBLIC_COLUMNS` (or, ``full``, :data:`FULL_COLUMNS`)
    order, :data:`CHUNK` workshops at a time, each chunk's links in one query per kind."""
    extra = ("contact", "owner__username") if full else ()
    values = workshops.values_list("pk", *FIELDS, *extra).iterator(chunk_size=CHUNK)
    names = {k: dict(m.objects.values_list("pk", "name_fa")) for k, m in _NOMENCLATURE.items()}
    while chunk := list(islice(values, CHUNK)):
        pks = [r[0] for r in chunk]
        links = {
            "product_groups": _grouped(Workshop.product_groups.through, pks, "productgroup__code")
        }
        if full:
            links["processes"] = _grouped(Workshop.processes.through, pks, "process__name_fa")
            links["materials"] = _grouped(Workshop.materials.through, pks, "material__name_fa")
            changes = WorkshopChange.objects.filter(workshop_id__in=pks).select_related("user")
            history = defaultdict(list)
            for change in changes.order_by("at", "id"):
                history[change.workshop_id].append(_change(change, names))
        for pk, *fields in chunk:
            row = [
                *fields[: len(FIELDS)],
                *(SEPARATOR.join(found.get(pk, [])) for found in links.values()),
            ]
            if full:
                done = history.get(pk)
                row += [
                    *fields[len(FIELDS) :],
                    json.dumps(done, ensure_ascii=False) if done else None,
                ]
            yield row


def _grouped(through: Any, pks: list[int], name: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    rows = through.objects.filter(workshop_id__in=pks).order_by(name)
    for pk, value in rows.values_list("workshop_id", name):
        out[pk].append(value)
    return out


def _change(change: WorkshopChange, names: dict[str, dict[int, str]]) -> dict[str, Any]:
    """One edit as JSON; processes and materials by name, since their ids are this site's."""

    def named(values: dict[str, Any]) -> dict[str, Any]:
        return {
            k: [names[k].get(v, v) for v in vs] if k in names and isinstance(vs, list) else vs
            for k, vs in values.items()
        }

    return {
        "id": change.pk,
        "user": change.user.get_username() if change.user else None,
        "at": change.at.isoformat(),
        "before": named(change.before),
        "after": named(change.after),
        "reverts": change.reverts_id,
    }


def wants(record: dict[str, Any]) -> bool:
    """Whether a record carries anything :func:`restore` adds (the full export's columns)."""
    return bool({"product_groups", "processes", "materials", "owner", "history"} & set(record))


def restore(workshops: list[Workshop], records: list[dict[str, Any]], batch: int) -> None:
    """The full export's links for workshops just created from ``records`` (in the same order):
    product groups, processes, materials, owners and history. A username the site does not
    have becomes an inactive account with no password and no role, so nothing is lost."""
    if not records or not wants(records[0]):
        return
    histories = [json.loads(h) if (h := _text(r.get("history"))) else [] for r in records]
    users = _users(
        {_text(r.get("owner")) for r in records} | {c.get("user") for h in histories for c in h}
    )
    ids = _nomenclature(records, histories)
    _link(workshops, records, ids, batch)
    owned: dict[int, list[int]] = defaultdict(list)
    for w, r in zip(workshops, records, strict=True):
        if name := _text(r.get("owner")):
            owned[users[name]].append(w.pk)
    for user, pks in owned.items():
        for start in range(0, len(pks), batch):
            Workshop.objects.filter(pk__in=pks[start : start + batch]).update(owner_id=user)
    _history(workshops, histories, users, ids, batch)


def _link(
    workshops: list[Workshop], records: list[dict[str, Any]], ids: dict[str, dict[str, int]],
    batch: int,
) -> None:  # fmt: skip
    groups = {g.code: g.pk for g in ProductGroup.objects.all()}
    through = Workshop.product_groups.through
    links = [
        through(workshop_id=w.pk, productgroup_id=groups[code])
        for w, r in zip(workshops, records, strict=True)
        for code in _split(r.get("product_groups"))
        if code in groups and code != r.get("product_group")  # that one is linked already
    ]
    through.objects.bulk_create(links, batch_size=batch, ignore_conflicts=True)
    for field, model in _NOMENCLATURE.items():
        m2m = getattr(Workshop, field).through
        column = f"{model._meta.model_name}_id"
        rows = [
            m2m(workshop_id=w.pk, **{column: ids[field][n]})
            for w, r in zip(workshops, records, strict=True)
            for n in _split(r.get(field))
        ]
        m2m.objects.bulk_create(rows, batch_size=batch, ignore_conflicts=True)


def _nomenclature(
    records: list[dict[str, Any]], histories: list[list[dict[str, Any]]]
) -> dict[str, dict[str, int]]:
    """Process and material ids by Persian name; names the site lacks are added to it."""
    ids = {}
    for field, model in _NOMENCLATURE.items():
        wanted = {n for r in records for n in _split(r.get(field))} | {
            n for h in histories for c in h for side in ("before", "after")
            for n in c[side].get(field) or [] if isinstance(n, str)
        }  # fmt: skip
        known = dict(model.objects.filter(name_fa__in=wanted).values_list("name_fa", "pk"))
        for name in sorted(wanted - set(known)):
            known[name] = model.objects.create(name_fa=name).pk
        ids[field] = known
    return ids


def _history(
    workshops: list[Workshop], histories: list[list[dict[str, Any]]], users: dict[str, int],
    ids: dict[str, dict[str, int]], batch: int,
) -> None:  # fmt: skip
    def by_id(values: dict[str, Any]) -> dict[str, Any]:
        return {
            k: [ids[k].get(v, v) for v in vs] if k in ids and isinstance(vs, list) else vs
            for k, vs in values.items()
        }

    made: list[tuple[WorkshopChange, dict[str, Any]]] = [
        (WorkshopChange(workshop_id=w.pk, user_id=users.get(c.get("user") or ""),
                        before=by_id(c["before"]), after=by_id(c["after"])), c)
        for w, history in zip(workshops, histories, strict=True)
        for c in history
    ]  # fmt: skip
    saved = WorkshopChange.objects.bulk_create([m for m, _ in made], batch_size=batch)
    new_ids = {(m.workshop_id, c.get("id")): s.pk for (m, c), s in zip(made, saved, strict=True)}
    for (change, record), stored in zip(made, saved, strict=True):
        stored.at = datetime.fromisoformat(record["at"])  # creating set it to now
        stored.reverts_id = new_ids.get((change.workshop_id, record.get("reverts")))
    WorkshopChange.objects.bulk_update(saved, ["at", "reverts"], batch_size=batch)


def _users(names: set[str | None]) -> dict[str, int]:
    model = get_user_model()
    wanted = {n for n in names if n}
    field = model.USERNAME_FIELD
    known = dict(model.objects.filter(**{f"{field}__in": wanted}).values_list(field, "pk"))
    for name in sorted(wanted - set(known)):
        user = model(**{field: name}, is_active=False)
        user.set_unusable_password()
        user.save()
        known[name] = user.pk
    return known


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _split(value: Any) -> list[str]:
    return [part.strip() for part in (_text(value) or "").split(SEPARATOR) if part.strip()]
