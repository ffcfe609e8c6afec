"""Limits on what visitors send: the size of a request (``KARGAH_MAX_UPLOAD_MB``) and of its form
fields answered with a page that says so (not a 500, not a bare 400), no uploads without an
account, an XLSX row bomb refused with the file named, and an import's preview that tells of
unknown, misspelt and doubled columns and of the encoding it read."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
GOOD = "name_fa,isic,county,employees\nکارگاه,1010,Rasht,3\n"


@pytest.fixture
def admin() -> Client:
    cache.clear()
    demo_accounts()
    client = Client(**EN)
    assert client.login(username="admin", password=DEMO_PASSWORD)
    return client


def text(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


@pytest.fixture
def survey_id() -> int:
    from kargah.web.coding.demo import load_demo_study

    return int(load_demo_study().pk)


@pytest.mark.parametrize(
    ("url", "field"),
    [("/registry/import/", "file"), ("/stats/", "table"), ("/coding/import/", "file"),
     ("survey", "file")],
)  # fmt: skip
def test_an_upload_past_the_size_limit_gets_a_page_saying_so(
    admin: Client, settings, url: str, field: str, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    settings.KARGAH_MAX_UPLOAD_BYTES = 2**20  # 1 MB
    if url == "survey":
        url = f"/survey/{request.getfixturevalue('survey_id')}/import/"
    big = SimpleUploadedFile("big.csv", GOOD.encode() + b"x" * (2**20 + 10))
    response = admin.post(url, {field: big})
    assert response.status_code == 413
    assert "the site takes at most 1 MB at a time" in text(response)
    small = admin.post(url, {field: SimpleUploadedFile("small.csv", GOOD.encode())})
    assert small.status_code < 500 and small.status_code != 413


def test_a_form_field_past_the_limit_gets_a_page_not_a_bare_400(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client(**EN).post("/accounts/login/", {"username": "u" * 5000, "password": "p"})
    assert response.status_code == 413
    assert "more text than the site takes" in text(response)


def test_the_api_answers_json(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KARGAH_MAX_UPLOAD_BYTES = 100
    response = Client(**EN).post(
        "/api/registry/workshops", "x" * 200, content_type="application/json"
    )
    assert response.status_code == 413 and "at most" in response.json()["detail"]


def test_anonymous_visitors_see_the_statistics_but_cannot_upload() -> None:
    Workshop.objects.load_frame(synthetic_registry(50, seed=2))
    anonymous = Client(**EN)
    page = anonymous.get("/stats/")
    assert page.status_code == 200 and "share" in page.context["charts"]
    assert 'name="table"' not in text(page) and "Log in</a> to compute" in text(page)
    upload = SimpleUploadedFile("t.csv", b"year,size_class,units\n1396,small,12\n")
    refused = anonymous.post("/stats/", {"table": upload})
    assert refused.status_code == 403 and "Log in to upload files." in text(refused)


def bomb(path: Path, rows: int) -> Path:
    """A real workbook (openpyxl's) with many rows of two small numbers."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["name_fa", "isic", "county", "employees"])
    for _ in range(rows):
        sheet.append(["x", 1010, "Rasht", 1])
    book.save(path)
    with zipfile.ZipFile(path) as archive:  # it states its size: the check reads only this
        assert any(i.filename.endswith("sheet1.xml") for i in archive.infolist())
    return path


def test_an_xlsx_past_the_row_limit_is_refused_naming_the_file(
    admin: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KARGAH_MAX_ROWS", "1000")
    body = bomb(tmp_path / "rows.xlsx", 5000).read_bytes()
    response = admin.post("/registry/import/", {"file": SimpleUploadedFile("rows.xlsx", body)})
    assert response.status_code == 200
    refused = "rows.xlsx: the sheet 'sheet1' has more than 1,000 rows; at most 1,000 can be read"
    assert refused in text(response)
    assert Workshop.objects.count() == 0


def test_the_registry_preview_tells_of_unknown_misspelt_and_doubled_columns(
    admin: Client,
) -> None:
    body = "name_fa,isic,county,employees,capitol,Employees,notes\nکارگاه,1010,Rasht,3,5,4,\n"
    preview = admin.post("/registry/import/", {"file": SimpleUploadedFile("w.csv", body.encode())})
    page = text(preview)
    assert preview.context["count"] == 1  # the preview, with its notes
    assert preview.context["preview"][0]["employees"] == 3  # the first of the two
    assert "The column “capitol” is not one this import reads, so it is left out. " \
           "Did you mean “capital”?" in page  # fmt: skip
    assert "The column “employees” is given 2 times; only the first is read." in page
    assert "The column “notes” is not one this import reads, so it is left out." in page


def test_the_encoding_is_told_and_can_be_chosen(admin: Client) -> None:
    body = GOOD.replace("کارگاه", "كارگاه").encode("cp1256")  # Arabic kaf: in cp1256
    found = admin.post("/registry/import/", {"file": SimpleUploadedFile("w.csv", body)})
    assert "The file was read as Windows-1256 (Arabic script)." in text(found)
    assert found.context["preview"][0]["name_fa"] == "كارگاه"
    wrong = admin.post(
        "/registry/import/", {"file": SimpleUploadedFile("w.csv", body), "encoding": "utf-8"}
    )
    assert "w.csv: the file is not in UTF-8: byte 0x" in text(wrong)
    latin = "name_en,isic,county,employees\nCafé Müller,1010,Rasht,3\n".encode("latin-1")
    chosen = admin.post(
        "/registry/import/", {"file": SimpleUploadedFile("l.csv", latin), "encoding": "cp1252"}
    )
    assert chosen.context["preview"][0]["name_en"] == "Café Müller"


def test_the_survey_preview_tells_of_unknown_columns(admin: Client, survey_id: int) -> None:
    body = "respondent,sector,question,rank,answer,coment\nR1,private,investment_challenge,1,x,y\n"
    page = admin.post(
        f"/survey/{survey_id}/import/", {"file": SimpleUploadedFile("a.csv", body.encode())}
    )
    assert "The column “coment” is not one this import reads, so it is left out." in text(page)


def test_the_refusal_speaks_persian_by_default(settings) -> None:  # type: ignore[no-untyped-def]
    settings.KARGAH_MAX_UPLOAD_BYTES = 2**20
    demo_accounts()
    client = Client()
    assert client.login(username="admin", password=DEMO_PASSWORD)
    big = SimpleUploadedFile("big.csv", b"x" * (2**20 + 10))
    page = text(client.post("/registry/import/", {"file": big}))
    assert "سایت در هر بار دست‌بالا ۱ مگابایت می‌پذیرد" in page  # Persian digits in Persian text
