"""Every upload page reads its POST through a form (``kargah.web.uploads``): a missing file, a file
of the wrong kind, an unknown encoding and (on the statistics page) an unknown definition of small
are each a message on the page, in Persian by default and in English for an English visitor (the
``django_language`` cookie the language switch sets) — never a 5xx, and never silently ignored."""

from __future__ import annotations

import html

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db
GOOD = "name_fa,isic,county,employees\nکارگاه,1010,Rasht,3\n".encode()
#: (page, name of its file field, the kinds of file it names)
PAGES = [
    ("/registry/import/", "file", ("CSV, XLSX or Parquet", "CSV، XLSX یا Parquet")),
    ("/stats/", "table", ("CSV, XLSX or Parquet", "CSV، XLSX یا Parquet")),
    ("survey", "file", ("CSV or XLSX", "CSV یا XLSX")),
]
MESSAGES = {  # English, Persian
    "missing": ("Choose a file to upload.", "پرونده‌ای برای بارگذاری برگزینید."),
    "suffix": ("{name}: use a {kinds} file.", "{name}: پرونده‌ای از نوع {kinds} به کار ببرید."),
    "encoding": (
        "“utf-7” is not an encoding the site reads; choose one from the list.",
        "«utf-7» رمزگذاری‌ای نیست که سایت بخواند؛ یکی از فهرست برگزینید.",
    ),
    "definition": (
        "“../../etc/passwd.yaml” is not a definition of small the site knows; choose one "
        "from the list.",
        "«../../etc/passwd.yaml» تعریفی از کوچک نیست که سایت بشناسد؛ یکی از فهرست برگزینید.",
    ),
}


def visitor(language: str) -> Client:
    cache.clear()
    demo_accounts()
    client = Client()  # no Accept-Language: the site's own language, Persian
    if language == "en":
        client.cookies["django_language"] = "en"
    assert client.login(username="admin", password=DEMO_PASSWORD)
    return client


def url_of(page: str) -> str:
    if page != "survey":
        return page
    from kargah.web.survey.models import Survey

    return f"/survey/{Survey.objects.create(title_fa='پیمایش').pk}/import/"


def text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.status_code
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize(("page", "field", "kinds"), PAGES)
def test_a_missing_file_is_named(language: str, page: str, field: str, kinds: tuple) -> None:
    client = visitor(language)
    page_text = text(client.post(url_of(page), {"encoding": ""}))
    assert MESSAGES["missing"][language == "fa"] in page_text


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize(("page", "field", "kinds"), PAGES)
def test_a_file_of_the_wrong_kind_is_named(
    language: str, page: str, field: str, kinds: tuple
) -> None:
    client = visitor(language)
    name = "کارگاه رشت.txt"  # (Django drops a ZWNJ from file names)
    response = client.post(url_of(page), {field: SimpleUploadedFile(name, GOOD)})
    wanted = MESSAGES["suffix"][language == "fa"].format(name=name, kinds=kinds[language == "fa"])
    assert wanted in text(response)
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize(("page", "field", "kinds"), PAGES)
def test_an_unknown_encoding_is_named(language: str, page: str, field: str, kinds: tuple) -> None:
    client = visitor(language)
    upload = SimpleUploadedFile("w.csv", GOOD)
    response = client.post(url_of(page), {field: upload, "encoding": "utf-7"})
    assert MESSAGES["encoding"][language == "fa"] in text(response)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_unknown_definition_is_named(language: str) -> None:
    """Only the shipped definitions, by id: a path never reaches the definition loader."""
    client = visitor(language)
    table = b"year,size_class,units\n1396,small,12\n"
    response = client.post(
        "/stats/",
        {"table": SimpleUploadedFile("t.csv", table), "table_definition": "../../etc/passwd.yaml"},
    )
    page = text(response)
    assert MESSAGES["definition"][language == "fa"] in page
    assert response.context["uploaded"] is None


def test_a_good_upload_still_reaches_its_preview() -> None:
    """The forms let through what the pages read: a chosen encoding and a shipped definition."""
    client = visitor("en")
    preview = client.post(
        "/registry/import/", {"file": SimpleUploadedFile("w.csv", GOOD), "encoding": "utf-8"}
    )
    assert preview.status_code == 200 and preview.context["count"] == 1
    table = "year,size_band,units\n1396,10 تا 49 نفر,24161\n1396,50 نفر و بیشتر,6171\n".encode()
    stats = client.post(
        "/stats/",
        {"table": SimpleUploadedFile("t.csv", table), "table_definition": "sci-iran",
         "encoding": "utf-8"},
    )  # fmt: skip
    assert stats.status_code == 200
    assert {r["size_class"] for r in stats.context["uploaded"]} == {"medium", "large"}
