"""Registry exports: streamed, capped for visitors, and the full one imported into an empty
registry gives back every field, link, owner and edit."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, StreamingHttpResponse
from django.test import Client
from openpyxl import load_workbook

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.forms import EDITABLE
from kargah.web.registry.models import Material, Process, ProductGroup, Workshop, WorkshopChange

pytestmark = pytest.mark.django_db


def signed_in(user: str) -> Client:
    client = Client()
    assert client.login(username=user, password=DEMO_PASSWORD)
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


@pytest.fixture
def registry() -> None:
    cache.clear()
    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(12, seed=5))


def test_exports_stream_and_are_fetched_in_chunks(registry: None, monkeypatch: Any) -> None:
    chunks: list[int | None] = []
    iterator = type(Workshop.objects.all()).iterator

    def spy(self: Any, chunk_size: int | None = None) -> Any:
        chunks.append(chunk_size)
        return iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(type(Workshop.objects.all()), "iterator", spy)
    monkeypatch.setattr("django.db.models.query.QuerySet.iterator", spy)
    analyst = signed_in("analyst")
    for url, query, kind in [("/registry/export.csv", {}, StreamingHttpResponse),
                             ("/registry/export.xlsx", {}, FileResponse),
                             ("/registry/export.csv", {"full": "1"}, StreamingHttpResponse),
                             ("/registry/export.xlsx", {"full": "1"}, FileResponse)]:  # fmt: skip
        chunks.clear()
        response = analyst.get(url, query)
        assert isinstance(response, kind) and response.streaming
        assert len(body(response)) > 1000
        assert chunks and all(c is not None and c <= 5000 for c in chunks)


def test_xlsx_is_written_in_write_only_mode(registry: None, monkeypatch: Any) -> None:
    import openpyxl

    modes: list[bool] = []
    workbook = openpyxl.Workbook

    def spy(write_only: bool = False, **kwargs: Any) -> Any:
        modes.append(write_only)
        return workbook(write_only=write_only, **kwargs)

    monkeypatch.setattr(openpyxl, "Workbook", spy)
    assert Client().get("/registry/export.xlsx").status_code == 200
    assert modes == [True]


def test_visitors_get_a_capped_export_that_says_so(registry: None, settings: Any) -> None:
    settings.KARGAH_ANONYMOUS_EXPORT_ROWS = 5
    visitor = csv_rows(Client().get("/registry/export.csv", HTTP_ACCEPT_LANGUAGE="en"))
    assert len(visitor) == 1 + 5 + 1
    assert "first 5 of 12" in visitor[-1][0] and len(visitor[-1]) == 1
    persian = csv_rows(Client().get("/registry/export.csv", HTTP_ACCEPT_LANGUAGE="fa"))
    assert persian[-1][0].startswith("تنها ۵ کارگاه نخست از ۱۲")
    response = Client().get("/registry/export.xlsx")
    assert response["X-Kargah-Rows"] == "5 of 12"
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.max_row == 1 + 5 + 1
    signed = csv_rows(signed_in("buyer").get("/registry/export.csv"))
    assert len(signed) == 1 + 12 and "X-Kargah-Rows" not in signed_in("buyer").get(
        "/registry/export.csv"
    )
    page = Client().get("/registry/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Downloads without signing in hold the first 5 workshops" in page
    assert "Downloads without" not in signed_in("buyer").get("/registry/").content.decode()
    small = csv_rows(Client().get("/registry/export.csv", {"county": "Rasht"}))
    rasht = Workshop.objects.filter(county="Rasht").count()
    assert rasht <= 5 and len(small) == 1 + rasht  # under the cap: no note


def test_only_analysts_and_administrators_get_the_full_export(registry: None) -> None:
    assert Client().get("/registry/export.xlsx", {"full": "1"}).status_code == 302
    for user in ("owner", "buyer", "coder"):
        assert signed_in(user).get("/registry/export.csv", {"full": "1"}).status_code == 403
    for user in ("analyst", "admin"):
        header = csv_rows(signed_in(user).get("/registry/export.csv", {"full": "1"}))[0]
        assert {"contact", "owner", "history"} <= set(header)
    public = csv_rows(Client().get("/registry/export.csv"))[0]
    assert not {"contact", "owner", "history"} & set(public)
    assert {"province", "synthetic", "product_groups"} <= set(public)


def _enrich() -> None:
    """Everything a lossless export must carry: several product groups, processes, materials,
    a private contact, owners (one whose account the other site lacks), edits and an undo."""
    ghost = User.objects.create_user("ghost", password="x")
    analyst = User.objects.get(username="analyst")
    groups = list(ProductGroup.objects.order_by("code")[:3])
    welding = Process.objects.create(name_fa="جوشکاری", name_en="welding")
    steel = Material.objects.create(name_fa="فولاد", name_en="steel")
    first, second, third = Workshop.objects.order_by("pk")[:3]
    first.product_groups.set(groups[:2])
    first.processes.set([welding])
    first.materials.set([steel])
    first.contact = "0912 000 0000\nدفتر: رشت"
    first.owner = User.objects.get(username="owner")
    first.name_fa = '=HYPERLINK("http://x","Open")'
    first.save()
    second.owner = ghost
    second.certifications = "ISO 9001; -HSE"
    second.save()
    before = third.snapshot(EDITABLE)
    third.employees += 3
    third.save()
    third.processes.set([welding])
    third.product_groups.set(groups[2:])
    edit = WorkshopChange.objects.create(
        workshop=third, user=analyst, before=before, after=third.snapshot(EDITABLE)
    )
    edit.revert(ghost)
    Workshop.objects.create(name_fa="بی‌کد", isic="1071", employees=2, province="Gilan",
                            county="Rasht", synthetic=False)  # fmt: skip


def _state() -> list[dict[str, Any]]:
    """The registry as comparable values: no database ids, users by name, links by name."""
    names = {
        "processes": dict(Process.objects.values_list("pk", "name_fa")),
        "materials": dict(Material.objects.values_list("pk", "name_fa")),
    }

    def named(values: dict[str, Any]) -> dict[str, Any]:
        return {k: [names[k][v] for v in vs] if k in names else vs for k, vs in values.items()}

    out = []
    for w in Workshop.objects.all():
        fields = {
            f.attname: getattr(w, f.attname)
            for f in Workshop._meta.concrete_fields
            if f.attname not in {"id", "updated", "owner_id"}
        }
        changes = list(w.changes.order_by("at", "id"))
        order = [c.pk for c in changes]
        fields.update(
            owner=w.owner.username if w.owner else None,
            product_groups=sorted(w.product_groups.values_list("code", flat=True)),
            processes=sorted(w.processes.values_list("name_fa", flat=True)),
            materials=sorted(w.materials.values_list("name_fa", flat=True)),
            history=[_change(c, named, order) for c in changes],
        )
        out.append(fields)
    return sorted(out, key=lambda f: (f["code"] or "", f["name_fa"]))


def _change(change: WorkshopChange, named: Any, order: list[int]) -> tuple[Any, ...]:
    user = change.user.username if change.user else None
    reverts = order.index(change.reverts_id) if change.reverts_id else None
    return (user, change.at, named(change.before), named(change.after), reverts)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_full_export_imports_into_an_empty_registry_unchanged(registry: None, fmt: str) -> None:
    _enrich()
    before = _state()
    assert any(f["history"] for f in before) and any(f["processes"] for f in before)
    admin = signed_in("admin")
    exported = body(admin.get(f"/registry/export.{fmt}", {"full": "1"}))

    Workshop.objects.all().delete()  # and their history
    Process.objects.all().delete()
    Material.objects.all().delete()
    User.objects.filter(username="ghost").delete()
    upload = SimpleUploadedFile(f"full.{fmt}", exported)
    preview = admin.post("/registry/import/", {"file": upload})
    assert preview.context.get("count") == 13, preview.context.get("problems")
    done = admin.post(f"/registry/import/{preview.context['token']}/confirm/")
    job = admin.get(done["Location"]).context["job"]
    assert job.status == "done", job.error

    after = _state()
    for old, new in zip(before, after, strict=True):
        assert old == new
    ghost = User.objects.get(username="ghost")  # an owner the site lacked: kept, locked
    assert not ghost.is_active and not ghost.has_usable_password()
    assert not ghost.groups.exists()
