"""The workshop list as people expect it: sortable columns (idle capacity first of all), every
choice kept in the URL, a column chooser, the size class under the chosen definition in the
export, "my workshops" for owners, and history as before → after with the fields' names."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.sizeclass import get_definition
from kargah.web.accounts.demo import DEMO_PASSWORD, demo_accounts
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def registry() -> None:
    Workshop.objects.load_frame(synthetic_registry(120, seed=7))


def _links(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<a href="/registry/(\d+)/">', page)]


def test_sorting_by_idle_capacity_largest_first_and_back(registry: None) -> None:
    page = Client(**EN).get("/registry/?sort=-idle").content.decode()
    ranked = Workshop.objects.exclude(idle=None).order_by("-idle", "id")
    assert _links(page)[:10] == list(ranked.values_list("pk", flat=True)[:10])
    assert "sort=idle" in page  # the header now offers the other direction
    up = Client(**EN).get("/registry/?sort=idle").content.decode()
    assert _links(up)[:5] == list(ranked.order_by("idle", "id").values_list("pk", flat=True)[:5])
    by_name = Client(**EN).get("/registry/?sort=name").content.decode()
    names = list(Workshop.objects.order_by("name_fa", "id").values_list("pk", flat=True)[:5])
    assert _links(by_name)[:5] == names
    assert Client(**EN).get("/registry/?sort=nonsense").status_code == 200


def test_filters_order_and_columns_stay_in_the_url(registry: None) -> None:
    url = "/registry/?county=Rasht&sort=-idle&cols=employees&cols=capital"
    page = Client(**EN).get(url).content.decode()
    head = page.split('id="workshops">')[1].split("</thead>")[0]
    assert re.findall(r'data-col="(\w+)"', head) == ["employees", "capital"]
    link = re.search(r'id="permalink" href="\?([^"]+)"', page)
    assert link and "county=Rasht" in link[1] and "sort=-idle" in link[1]
    assert "cols=capital" in link[1]
    # the filter form carries the order and the columns along
    form = page.split('role="search"')[1].split("</form>")[0]
    assert 'name="sort" value="-idle"' in form and 'name="cols" value="capital"' in form
    chooser = page.split('id="column-chooser"')[1].split("</form>")[0]
    assert 'name="county" value="Rasht"' in chooser and 'value="capital" checked' in chooser


def test_the_export_carries_the_size_class_under_the_chosen_definition(registry: None) -> None:
    body = Client(**EN).get("/registry/export.csv?definition=world-bank-es").getvalue().decode()
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    definition = get_definition("world-bank-es")
    assert rows and {r["size_definition"] for r in rows} == {"world-bank-es"}
    for row in rows:
        w = Workshop.objects.get(code=row["workshop_id"])
        values = {f: getattr(w, f) for f in ("employees", "capital", "electricity_kw", "floor_m2")}
        assert row["size_class"] == (definition.classify_values(values) or "")


def test_owners_land_on_their_own_workshops() -> None:
    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(80, seed=3))
    owner = User.objects.get(username="owner")
    Workshop.objects.filter(pk__in=Workshop.objects.values("pk")[:3]).update(owner=owner)
    client = Client(**EN)
    assert client.login(username="owner", password=DEMO_PASSWORD)
    landing = client.get("/registry/")
    assert landing.status_code == 302 and landing["Location"].endswith("?mine=1")
    mine = client.get("/registry/?mine=1").content.decode()
    own = Workshop.objects.filter(owner=owner).values_list("pk", flat=True)
    assert sorted(_links(mine)) == sorted(own)
    assert 'id="all-workshops"' in mine
    everything = client.get("/registry/?mine=0").content.decode()
    assert len(_links(everything)) == 50 and 'id="my-workshops"' in everything
    analyst = Client(**EN)
    assert analyst.login(username="analyst", password=DEMO_PASSWORD)
    assert analyst.get("/registry/").status_code == 200  # nobody else is sent anywhere


def test_history_shows_before_and_after_with_the_fields_names() -> None:
    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(5, seed=3))
    w = Workshop.objects.first()
    assert w is not None
    admin = Client(**EN)
    assert admin.login(username="admin", password=DEMO_PASSWORD)
    form = admin.get(f"/registry/{w.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "product_groups"}
    data.update(product_groups=[g.pk for g in w.product_groups.all()], name_en="Renamed workshop")
    data["processes"] = [p.pk for p in w.processes.all()]
    data["materials"] = [m.pk for m in w.materials.all()]
    response = admin.post(f"/registry/{w.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    page = admin.get(f"/registry/{w.pk}/").content.decode()
    label = str(Workshop._meta.get_field("name_en").verbose_name)
    before = w.name_en or "—"
    assert f"<strong>{label}</strong>: <del>{before}</del> → <ins>Renamed workshop</ins>" in page
    assert "name_en:" not in page


def test_the_view_links_have_no_stray_separator(registry: None) -> None:
    """A signed-in reader with no workshops of their own sees "Link to this view" alone."""
    User.objects.create_user("reader", password="long-enough-password")
    client = Client(**EN)
    client.login(username="reader", password="long-enough-password")
    links = client.get("/registry/").content.decode().split('id="view-links">')[1]
    assert links.startswith('<a id="permalink"'), links[:80]
