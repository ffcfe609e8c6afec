"""The priorities pages read in Persian (issue 11): a Persian reader of the demo meets no English
words but the methods' and formats' names — the demo's units, notes and experts, the catalog's
sources, the PROMETHEE preference functions and the AHP random-index table included."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.registry.models import Workshop

pytestmark = pytest.mark.django_db
#: Names kept in Latin letters on Persian pages: methods, file formats, ISIC and λ's "max".
KEPT = {"AHP", "TOPSIS", "VIKOR", "PROMETHEE", "ISIC", "XLSX", "CSV", "PNG", "SVG", "max"}


class _Words(HTMLParser):
    """Latin words of 3+ letters in the text of <main> (not in scripts, styles or charts)."""

    SKIP = {"script", "style", "svg", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.skipped, self.words = False, 0, set[str]()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.inside |= tag == "main"
        self.skipped += tag in self.SKIP

    def handle_endtag(self, tag: str) -> None:
        self.skipped -= tag in self.SKIP
        self.inside &= tag != "main"

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skipped:
            self.words |= set(re.findall(r"[A-Za-z]{3,}", data)) - KEPT


def english(html: str) -> set[str]:
    parser = _Words()
    parser.feed(html)
    return parser.words


def test_the_demo_ranking_and_catalog_read_in_persian() -> None:
    from kargah.web.priorities.demo import load_demo_ranking

    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(300, seed=7))
    project = load_demo_ranking()
    expert = project.experts.filter(submitted__isnull=True).get()
    persian = Client()  # no Accept-Language: the site's first language
    assert persian.login(username="analyst", password="kargah-demo")
    paths = [f"/priorities/projects/{project.pk}/", f"/priorities/projects/{project.pk}/results/",
             f"/priorities/expert/{expert.token}/", "/priorities/", "/priorities/catalog/",
             "/priorities/catalog/categories/", "/priorities/projects/"]  # fmt: skip
    found = {}
    for path in paths:
        page = persian.get(path)
        assert page.status_code == 200, path
        # the experts' links are shown, to copy: addresses, not words
        html = page.content.decode()
        for token in project.experts.values_list("token", flat=True):
            html = html.replace(f"/priorities/expert/{token}/", "")
        found[path] = english(html)
    assert found == {path: set() for path in paths}


def test_whole_numbers_are_shown_without_decimals() -> None:
    """The employees pulled from the registry were shown as "۱٬۸۴۵٫۰۰۰", which a Persian reader
    takes for 1.8 million; a column of whole numbers has no decimals, the others keep three."""
    from kargah.web.priorities.demo import load_demo_ranking
    from kargah.web.priorities.models import Value
    from kargah.web.registry.templatetags.kargah import num

    demo_accounts()
    Workshop.objects.load_frame(synthetic_registry(300, seed=7))
    project = load_demo_ranking()
    persian = Client()
    assert persian.login(username="analyst", password="kargah-demo")
    html = persian.get(f"/priorities/projects/{project.pk}/").content.decode()
    employees = Value.objects.filter(criterion__project=project, criterion__source="employees")
    lq = Value.objects.filter(criterion__project=project, criterion__source="lq_counties")
    from django.utils import translation

    with translation.override("fa"):
        whole = {num(v.value) for v in employees}
        decimal = {num(v.value, 3) for v in lq}
    assert whole and all(f">{n}<" in html and f">{n}٫۰۰۰<" not in html for n in whole)
    assert all(f">{n}<" in html for n in decimal)
