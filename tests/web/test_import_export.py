"""Bulk import with a bad row, its fix, the load, and the export back."""

from __future__ import annotations

import html
import io

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.jobs.models import Job
from kargah.web.jobs.work import start
from kargah.web.registry.imports import load_import
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client: Client) -> Client:
    demo_accounts()
    assert client.login(username="admin", password=DEMO_PASSWORD)
    return client


def upload(client: Client, frame: pd.DataFrame, name: str = "workshops.csv", lang: str = "fa"):  # type: ignore[no-untyped-def]
    body = frame.to_csv(index=False).encode("utf-8-sig")
    return client.post(
        "/registry/import/", {"file": SimpleUploadedFile(name, body)}, HTTP_ACCEPT_LANGUAGE=lang
    )


def test_only_administrators_import(client: Client) -> None:
    demo_accounts()
    client.login(username="owner", password=DEMO_PASSWORD)
    assert client.get("/registry/import/").status_code == 403


def test_a_bad_row_is_named_and_nothing_is_imported_then_the_fix_goes_in(admin: Client) -> None:
    frame = synthetic_registry(30, seed=4)
    bad = frame.astype(object)
    bad.loc[6, "employees"] = "twelve"
    bad.loc[9, "county"] = "Tehran"
    page = html.unescape(upload(admin, bad, lang="en").content.decode())
    assert "workshops.csv, row 8, column “employees”: “twelve” is" in page  # header: row 1
    assert "workshops.csv, row 11, column “county”" in page
    # in Persian, as the page is: the file as uploaded, the row in Persian digits
    page = html.unescape(upload(admin, bad, "فهرست.csv").content.decode())
    assert "فهرست.csv، سطر ۸، ستون «employees»: «twelve» عدد نیست" in page
    assert "۲ خانهٔ نادرست؛ چیزی وارد نشد" in page
    assert Workshop.objects.count() == 0

    preview = upload(admin, frame)
    assert preview.context["count"] == 30
    confirmed = admin.post(f"/registry/import/{preview.context['token']}/confirm/")
    assert confirmed.status_code == 302
    status = admin.get(confirmed["Location"])
    assert status.context["job"].status == "done"
    assert Workshop.objects.count() == 30


def test_export_and_import_back(admin: Client) -> None:
    Workshop.objects.load_frame(synthetic_registry(40, seed=6))
    exported = admin.get("/registry/export.xlsx", {"county": "Rasht"})
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    frame = pd.read_excel(io.BytesIO(b"".join(exported.streaming_content)))
    rasht = Workshop.objects.filter(county="Rasht").count()
    assert len(frame) == rasht and "contact" not in frame.columns
    csv = b"".join(admin.get("/registry/export.csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("workshop_id,name_fa")

    Workshop.objects.all().delete()
    preview = upload(admin, frame, "back.csv")
    assert preview.context["count"] == rasht
    done = admin.post(f"/registry/import/{preview.context['token']}/confirm/")
    job = admin.get(done["Location"]).context["job"]
    assert job.status == "done", job.error
    assert Workshop.objects.filter(county="Rasht").count() == rasht


def test_identifiers_already_in_the_registry_are_named(admin: Client) -> None:
    frame = synthetic_registry(5, seed=1)
    Workshop.objects.load_frame(frame)
    page = html.unescape(upload(admin, frame, "again.csv").content.decode())
    assert "again.csv، سطر ۲، ستون «workshop_id»: «GIL-000001» پیش‌تر در سامانه ثبت شده است" in page
    assert Workshop.objects.count() == 5


def test_a_failed_load_saves_nothing_and_says_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = synthetic_registry(10, seed=1)
    frame.loc[7, "employees"] = None  # slips past no check here: the database refuses it
    path = tmp_path / "f.parquet"
    frame.to_parquet(path)
    job = Job.objects.create(kind="registry-import", name="f.parquet", upload=str(path))
    # The file passes the check; the load itself fails at publication.
    from unittest import mock

    with mock.patch("kargah.web.registry.imports._check", return_value=frame):
        job = start(job, load_import, now=True)
    assert job.status == "failed" and job.error
    assert Workshop.objects.count() == 0
    assert not path.exists()  # the upload goes when its job ends, failed or not


def test_progress_is_reported_batch_by_batch() -> None:
    seen: list[tuple[int, int]] = []
    Workshop.objects.load_frame(
        synthetic_registry(25, seed=2), batch=10, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(10, 25), (20, 25), (25, 25)]
