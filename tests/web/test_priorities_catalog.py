"""The comparative catalog on the site: the starter catalog, its pages and filters, the matrix
and its heat map, rights per role, the XLSX import (row-level errors, all or nothing), the
export round trip and the JSON API."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.priorities.catalog import load_starter_catalog
from kargah.web.priorities.models import BusinessIdea, Country, isic_codes
from kargah.web.registry.models import CenterCategory, ProductGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog() -> int:
    cache.clear()
    demo_accounts()
    return load_starter_catalog()


def login(client: Client, name: str) -> Client:
    assert client.login(username=name, password=DEMO_PASSWORD)
    return client


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def xlsx(rows: Sequence[Sequence[object]], name: str = "ideas.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile(name, data.getvalue())


HEADER = ["country", "category", "product_group", "name_fa", "name_en", "source", "synthetic"]


def test_the_starter_catalog_loads_once_and_keeps_an_analysts_edits(catalog: int) -> None:
    assert catalog == BusinessIdea.objects.count() == 108
    assert (Country.objects.count(), CenterCategory.objects.count()) == (9, 16)
    assert ProductGroup.objects.count() == 43
    BusinessIdea.objects.filter(country__code="TUR").delete()
    assert load_starter_catalog() == 0  # idempotent: the deleted ideas do not come back
    assert not BusinessIdea.objects.filter(country__code="TUR").exists()
    assert Country.objects.count() == 9


def test_categories_and_groups_are_the_registrys_models_one_of_each_in_kargah(
    catalog: int,
) -> None:
    from django.apps import apps

    for name, model in (("CenterCategory", CenterCategory), ("ProductGroup", ProductGroup)):
        assert [m for m in apps.get_models() if m.__name__ == name] == [model]
    assert BusinessIdea._meta.get_field("category").related_model is CenterCategory
    assert BusinessIdea._meta.get_field("product_group").related_model is ProductGroup
    # a category's ISIC codes are its groups': the olive group's two codes are among food's
    food = CenterCategory.objects.get(code="food")
    assert {"1040", "1030", "1079"} <= set(isic_codes(food))
    assert isic_codes(ProductGroup.objects.get(code="food/olive")) == ["1040", "1030"]
    assert food.ideas.count() == BusinessIdea.objects.filter(category__code="food").count() > 0


def test_pages_are_public_and_linked_from_the_navigation(catalog: int, client: Client) -> None:
    english(client)
    home = client.get("/").content.decode() if client.get("/").status_code == 200 else ""
    page = client.get("/priorities/")
    assert page.status_code == 200
    assert 'href="/priorities/catalog/"' in page.content.decode()
    assert 'href="/priorities/"' in (home or page.content.decode())  # the nav entry
    for url in [
        "/priorities/catalog/",
        "/priorities/catalog/matrix/",
        "/priorities/catalog/matrix/?by=region",
        "/priorities/catalog/categories/",
    ]:
        assert client.get(url).status_code == 200, url  # fmt: skip


def test_the_ideas_filter_by_country_region_and_category(catalog: int, client: Client) -> None:
    english(client)
    text = client.get("/priorities/catalog/?country=TUR").content.decode()
    assert "Baklava and Turkish delight" in text and "Rubber gloves" not in text
    text = client.get("/priorities/catalog/?region=eurasia").content.decode()
    assert "Smoked fish" in text and "Baklava" in text and "Rubber gloves" not in text
    text = client.get("/priorities/catalog/?category=electrical").content.decode()
    assert "LED lamps" in text and "Baklava" not in text
    assert "No ideas match" in client.get("/priorities/catalog/?country=XXX").content.decode()


def test_the_matrix_table_and_heat_map(catalog: int, client: Client) -> None:
    english(client)
    response = client.get("/priorities/catalog/matrix/")
    text = response.content.decode()
    assert 'id="matrix"' in text and 'id="chart-heatmap"' in text
    spec = response.context["chart_data"]["specs"]["heatmap"]
    assert spec["mark"]["type"] == "rect"
    values = spec["data"]["values"]
    assert len(values) == 9 * 16
    turkey = [v for v in values if v["row"] == "Turkey"]
    assert sum(v["share"] for v in turkey) == pytest.approx(1)
    food = next(v for v in turkey if v["column"] == "Food processing")
    assert (food["count"], food["share"]) == (4, pytest.approx(4 / 12))
    by_region = client.get("/priorities/catalog/matrix/?by=region").context
    assert {r["label"] for r in by_region["rows"]} == {"South Asia", "Southeast Asia", "Eurasia"}


def test_the_matrix_is_persian_on_a_persian_page(catalog: int, client: Client) -> None:
    response = client.get("/priorities/catalog/matrix/")
    values = response.context["chart_data"]["specs"]["heatmap"]["data"]["values"]
    assert {"ترکیه", "صنایع غذایی و تبدیلی"} <= {v["row"] for v in values} | {
        v["column"] for v in values
    }
    assert "ماتریس" in response.content.decode()


def test_a_product_group_links_to_the_registrys_workshops_that_make_it(
    catalog: int, client: Client
) -> None:
    group = ProductGroup.objects.get(code="food/olive")
    text = client.get(f"/priorities/catalog/groups/{group.pk}/").content.decode()
    assert 'href="/registry/?isic=1040"' in text and 'href="/registry/?isic=1030"' in text
    assert 'href="/registry/?group=food%2Folive"' in text
    assert client.get("/registry/?isic=1040").status_code == 200
    assert client.get("/priorities/catalog/groups/999999/").status_code == 404


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("admin", True), ("analyst", True), ("coder", False), ("owner", False), ("buyer", False)],
)
def test_only_analysts_and_administrators_change_the_catalog(
    catalog: int, client: Client, user: str, allowed: bool
) -> None:
    login(client, user)
    idea = BusinessIdea.objects.get(name_en="Smoked fish")
    base = "/priorities/catalog"
    urls = [f"{base}/ideas/new/", f"{base}/ideas/{idea.pk}/edit/",
            f"{base}/ideas/{idea.pk}/delete/", f"{base}/import/"]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == (200 if allowed else 403), url
    response = client.post(f"/priorities/catalog/ideas/{idea.pk}/delete/")
    assert response.status_code == (302 if allowed else 403)
    assert BusinessIdea.objects.filter(pk=idea.pk).exists() is not allowed
    listing = client.get("/priorities/catalog/").content.decode()
    assert ('id="idea-add"' in listing) is allowed


def test_the_anonymous_are_sent_to_log_in_to_edit(catalog: int, client: Client) -> None:
    response = client.get("/priorities/catalog/ideas/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_analyst_adds_and_edits_an_idea(catalog: int, client: Client) -> None:
    login(english(client), "analyst")
    turkey, food = Country.objects.get(code="TUR"), CenterCategory.objects.get(code="food")
    tea = ProductGroup.objects.get(code="food/tea")
    data = {"country": turkey.pk, "category": food.pk, "product_group": tea.pk,
            "name_fa": "چای ارگانیک", "name_en": "Organic tea", "source": "visit"}  # fmt: skip
    assert client.post("/priorities/catalog/ideas/new/", data).status_code == 302
    idea = BusinessIdea.objects.get(name_en="Organic tea")
    assert (idea.country, idea.product_group, idea.synthetic) == (turkey, tea, False)
    silk = ProductGroup.objects.get(code="textiles/silk")
    response = client.post(
        f"/priorities/catalog/ideas/{idea.pk}/edit/", {**data, "product_group": silk.pk}
    )
    assert response.status_code == 200
    assert "is a product group of another category" in response.content.decode()
    idea.refresh_from_db()
    assert idea.product_group == tea


def test_an_import_with_bad_cells_names_each_in_persian_and_imports_nothing(
    catalog: int, client: Client
) -> None:
    login(client, "analyst")
    before = BusinessIdea.objects.count()
    upload = xlsx([HEADER, ["TUR", "food", "food/tea", "چای", "Tea", "", "no"],
                   ["Atlantis", "food", "", "x", "", "", "no"],
                   ["TUR", "food", "textiles/silk", "", "", "", "maybe"]])  # fmt: skip
    response = client.post("/priorities/catalog/import/", {"file": upload})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert any("ideas.xlsx، سطر ۳، ستون «country»" in p and "Atlantis" in p for p in problems)
    assert any("سطر ۴، ستون «name_fa»" in p for p in problems)
    assert any("سطر ۴، ستون «synthetic»" in p for p in problems)
    assert any("سطر ۴، ستون «product_group»" in p for p in problems)
    assert all("row" not in p for p in problems)
    assert BusinessIdea.objects.count() == before


def test_an_import_in_english_names_file_row_and_column(catalog: int, client: Client) -> None:
    login(english(client), "analyst")
    upload = xlsx([HEADER, ["TUR", "nothing", "", "x", "", "", ""]])
    response = client.post("/priorities/catalog/import/", {"file": upload})
    assert response.context["problems"] == [
        "ideas.xlsx, row 2, column “category”: “nothing” is not a center category of the catalog"
    ]


def test_a_wrong_file_is_a_message_not_a_500(catalog: int, client: Client) -> None:
    login(english(client), "analyst")
    bad = SimpleUploadedFile("ideas.xlsx", b"not a workbook")
    assert client.post("/priorities/catalog/import/", {"file": bad}).status_code == 400
    pdf = SimpleUploadedFile("ideas.pdf", b"%PDF")
    response = client.post("/priorities/catalog/import/", {"file": pdf})
    assert response.status_code == 400 and "use a CSV or XLSX file" in response.context["error"]
    assert client.post("/priorities/catalog/import/", {}).status_code == 400


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_imports_back_unchanged(
    catalog: int, client: Client, fmt: str, tmp_path: Path
) -> None:
    def ideas() -> list[tuple[object, ...]]:
        return sorted(BusinessIdea.objects.values_list(
            "country__code", "category__code", "product_group__code", "name_fa", "name_en",
            "source", "synthetic"), key=str)  # fmt: skip

    login(client, "analyst")
    BusinessIdea.objects.filter(pk=BusinessIdea.objects.first().pk).update(  # type: ignore[union-attr]
        name_en='=HYPERLINK("http://x","Open")', synthetic=False
    )
    before = ideas()
    response = client.get(f"/priorities/catalog/export.{fmt}")
    assert response.status_code == 200
    if fmt == "xlsx":
        cells = [c.value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
                 for c in row]  # type: ignore[union-attr]  # fmt: skip
        assert '\'=HYPERLINK("http://x","Open")' in cells  # escaped against formulas
    upload = SimpleUploadedFile(f"ideas.{fmt}", response.content)
    response = client.post("/priorities/catalog/import/", {"file": upload, "replace": "on"})
    assert response.status_code == 302, response.context and response.context["problems"]
    assert ideas() == before


def test_the_export_follows_the_filters(catalog: int, client: Client) -> None:
    text = client.get("/priorities/catalog/export.csv?country=TUR").content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == ",".join(HEADER) and len(lines) == 13
    assert all(line.startswith("TUR,") for line in lines[1:])


def test_the_api_serves_the_catalog_ideas_and_matrix(catalog: int, client: Client) -> None:
    found = client.get("/api/priorities/catalog").json()
    assert len(found["countries"]) == 9 and len(found["categories"]) == 16
    assert found["categories"][0]["product_groups"]
    assert found["synthetic"] is True and found["source"].startswith("Synthetic")
    food = next(c for c in found["categories"] if c["code"] == "food")
    assert {"1040", "1030"} <= set(food["isic"].split(","))
    ideas = client.get("/api/priorities/catalog/ideas?region=eurasia").json()
    assert len(ideas) == 24 and {i["country"] for i in ideas} == {"RUS", "TUR"}
    matrix = client.get("/api/priorities/catalog/matrix?by=country").json()
    assert matrix["counts"]["TUR"]["food"] == 4
    assert matrix["shares"]["TUR"]["food"] == pytest.approx(4 / 12)
    food = sum(row["food"] for row in matrix["counts"].values())
    assert matrix["relative"]["TUR"]["food"] == pytest.approx((4 / 12) / (food / 108))
    assert client.get("/api/priorities/catalog/matrix?by=nothing").status_code == 422


@pytest.mark.parametrize(("user", "status"), [(None, 401), ("buyer", 403), ("analyst", 201)])
def test_the_api_changes_the_catalog_with_the_pages_rights(
    catalog: int, client: Client, user: str | None, status: int
) -> None:
    if user:
        login(client, user)
    idea = {"country": "TUR", "category": "food", "product_group": "food/tea", "name_fa": "چای"}
    response = client.post("/api/priorities/catalog/ideas", idea, content_type="application/json")
    assert response.status_code == status
    assert BusinessIdea.objects.filter(name_fa="چای").exists() is (status == 201)
    smoked = BusinessIdea.objects.get(name_en="Smoked fish")
    deleted = client.delete(f"/api/priorities/catalog/ideas/{smoked.pk}")
    assert deleted.status_code == (204 if status == 201 else status)


def test_the_api_refuses_unknown_codes_naming_the_field(catalog: int, client: Client) -> None:
    login(client, "analyst")
    for idea, field in [
        ({"country": "XXX", "category": "food", "name_fa": "x"}, "country"),
        ({"country": "TUR", "category": "food", "product_group": "textiles/silk",
          "name_fa": "x"}, "product_group"),
        ({"country": "TUR", "category": "food", "name_fa": " "}, "name_fa"),
    ]:  # fmt: skip
        response = client.post("/api/priorities/catalog/ideas", idea,
                               content_type="application/json")  # fmt: skip
        assert response.status_code == 400 and response.json()["detail"].startswith(field)


def test_a_form_posted_to_the_json_api_is_a_400_not_a_500(catalog: int, client: Client) -> None:
    login(client, "analyst")  # the session's CSRF check reads a multipart body before ninja
    response = client.post("/api/priorities/catalog/ideas", {"country": "TUR"})
    assert response.status_code == 400 and "JSON" in response.json()["detail"]


def test_the_group_pages_link_finds_the_registrys_workshops_of_that_group(
    catalog: int, client: Client
) -> None:
    import re

    from kargah.registry import synthetic_registry
    from kargah.web.registry.models import Workshop

    Workshop.objects.load_frame(synthetic_registry(30, seed=4))
    workshop = Workshop.objects.filter(product_groups__isnull=False).order_by("id").first()
    assert workshop is not None
    code = workshop.product_groups.first().code  # type: ignore[union-attr]
    page = client.get(f"/priorities/catalog/groups/{ProductGroup.objects.get(code=code).pk}/")
    link = re.search(r'id="registry-group" href="([^"]+)"|href="([^"]+)" id="registry-group"',
                     page.content.decode())  # fmt: skip
    assert link is not None
    listing = client.get((link[1] or link[2]).replace("&amp;", "&")).content.decode()
    assert workshop.name_fa in listing


@pytest.mark.parametrize(
    "url",
    ["/priorities/catalog/ideas/new/", "/priorities/catalog/import/", "/priorities/catalog/",
     "/priorities/catalog/matrix/", "/priorities/catalog/matrix/?by=region"],
)  # fmt: skip
def test_the_catalogs_forms_and_tables_are_persian(catalog: int, client: Client, url: str) -> None:
    from tests.web.test_persian_forms import latin_labels

    html = login(client, "analyst").get(url).content.decode()
    assert "<label" in html or "<th" in html
    assert latin_labels(html) == []


def test_staff_edit_countries_categories_and_groups_in_the_admin(
    catalog: int, client: Client
) -> None:
    login(client, "admin")
    for model in ("priorities/country", "registry/centercategory", "registry/productgroup",
                  "priorities/businessidea"):  # fmt: skip
        assert client.get(f"/admin/{model}/").status_code == 200, model
    group = ProductGroup.objects.get(code="food/tea")
    assert client.get(f"/admin/registry/productgroup/{group.pk}/change/").status_code == 200
    assert login(Client(), "analyst").get("/admin/priorities/country/").status_code == 302


def test_a_misspelt_column_is_named_with_the_closest_one(catalog: int, client: Client) -> None:
    login(english(client), "analyst")
    upload = xlsx([["contry", "category", "name_fa"], ["TUR", "food", "چای"]])
    response = client.post("/priorities/catalog/import/", {"file": upload})
    text = response.content.decode()
    assert response.status_code == 400 and "missing column(s) country" in text
    assert "Did you mean “country”?" in text


def test_a_bad_cell_after_a_blank_row_is_named_by_the_row_the_sheet_shows(
    catalog: int, client: Client
) -> None:
    login(english(client), "analyst")
    upload = xlsx([HEADER, ["TUR", "food", "", "چای", "", "", ""], [None] * 7,
                   ["TUR", "nothing", "", "x", "", "", ""]])  # fmt: skip
    response = client.post("/priorities/catalog/import/", {"file": upload})
    assert [p.split(":")[0] for p in response.context["problems"]] == [
        "ideas.xlsx, row 4, column “category”"
    ]
