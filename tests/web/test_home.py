"""The home page at ``/`` per role (issue 14, dashboards): what each role sees, that each figure
links to the page explaining it, and that nobody sees another role's figures or another
person's workshops and needs. Persian digits on the Persian page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.web.accounts.demo import demo_accounts
from kargah.web.coding.demo import load_demo_study
from kargah.web.coding.progress import assign, selected_answers
from kargah.web.exchange.models import Match, Need
from kargah.web.registry.models import Workshop
from kargah.web.survey.models import Survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def site() -> Survey:
    Workshop.objects.load_frame(synthetic_registry(30, seed=5))
    demo_accounts()
    from kargah.web.exchange.demo import load_demo_exchange
    from kargah.web.priorities.catalog import load_starter_catalog
    from kargah.web.priorities.demo import load_demo_ranking

    load_starter_catalog()
    load_demo_exchange()
    load_demo_ranking()
    return load_demo_study()


def _home(name: str | None, lang: str = "en") -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if name:
        client.force_login(User.objects.get(username=name))
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page))


def test_a_visitor_sees_the_registry_figures_and_map(site: Survey) -> None:
    page = _home(None)
    assert "The registry at a glance" in page
    assert re.search(r'id="stat-workshops".*?>\s*30\s*<', page, re.S)
    employees = sum(Workshop.objects.values_list("employees", flat=True))
    assert f"{employees:,}" in page
    links = _links(page)
    assert "/registry/" in links and "/registry/map/" in links
    assert any(link.startswith("/registry/?definition=sci-iran&amp;size=") for link in links)
    assert '"provinces"' in page and "chart-provinces" in page  # the same map as /registry/map/
    # nothing of the study, the exchange or the coders
    assert site.title_en not in page and "Coding progress" not in page
    assert "/coding/" not in page and "/exchange/needs/" not in page


def test_the_analyst_sees_the_study_state(site: Survey) -> None:
    page = _home("analyst")
    assert site.title_en in page
    assert re.search(r"Responses.*?83.*?of 100 invited", page, re.S)
    assert "83%" in page  # the response rate
    assert 'data-coder="coder"' in page and 'data-coder="coder2"' in page
    assert re.search(r"Agreement on themes \(α\).*?0\.\d{3}.*?κ coder–coder2: 0\.\d{3}", page, re.S)
    links = _links(page)
    for url in (f"/survey/{site.pk}/", f"/coding/{site.pk}/agreement/",
                f"/coding/{site.pk}/assign/", f"/coding/{site.pk}/results/"):  # fmt: skip
        assert url in links, url
    from kargah.web.priorities.models import Project

    project = Project.objects.get()
    assert f"/priorities/projects/{project.pk}/results/" in links
    assert len(re.findall(r"<li>\d\. ", page)) == 3  # the first three centers by TOPSIS
    assert "/reports/" in links


def test_the_coder_sees_only_their_own_progress(site: Survey) -> None:
    coder = User.objects.get(username="coder")
    page = _home("coder")
    assert "Your coding" in page
    assert re.search(r'class="done">1,337</span> / <span class="assigned">1,337<', page)
    assert "coder2" not in page and "Response rate" not in page and "TOPSIS" not in page
    # given the first respondent's answers, those are what the page counts and lists
    assign(site, selected_answers(site, None, 1, 1), [coder], 1, None)
    page = _home("coder")
    mine = selected_answers(site, None, 1, 1).count()
    assert f'class="assigned">{mine}<' in page and "Your assigned answers coded" in page


def test_the_owner_sees_their_workshops_and_the_needs_matching_them(site: Survey) -> None:
    owner = User.objects.get(username="owner")
    mine = Workshop.objects.filter(owner=owner).order_by("pk")
    theirs = Workshop.objects.exclude(owner=owner).order_by("pk").first()
    need = Need.objects.filter(status="open", visibility="public").first()
    other = Need.objects.filter(status="open", visibility="public").exclude(pk=need.pk).first()
    Match.objects.all().delete()  # only these two: the demo's ranking may match either
    Match.objects.create(need=need, workshop=mine[0], rank=1, score=0.9)
    Match.objects.create(need=other, workshop=theirs, rank=1, score=0.9)
    page = _home("owner")
    assert f"/registry/{mine[0].pk}/" in _links(page)
    assert f"/registry/{theirs.pk}/" not in _links(page)
    assert f"/exchange/needs/{need.pk}/" in _links(page)
    assert f"/exchange/needs/{other.pk}/" not in _links(page)
    assert "Coding progress" not in page


def test_a_buyer_sees_their_needs_not_another_firms(site: Survey) -> None:
    page, other = _home("buyer"), _home("buyer2")
    steel = Need.objects.get(description__startswith="میل‌گرد فولادی")
    tea = Need.objects.get(description__startswith="بسته‌بندی چای")
    assert f"/exchange/needs/{steel.pk}/" in _links(page)
    assert f"/exchange/needs/{tea.pk}/" not in _links(page)
    assert f"/exchange/needs/{tea.pk}/" in _links(other)
    assert "Quotes received" in page and "Your needs" in page


def test_the_persian_home_pages_write_persian_digits(site: Survey) -> None:
    for name in (None, "analyst", "coder"):
        page = _home(name, "fa")
        body = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", page, flags=re.S)
        assert "۰" in body or "۱" in body
        assert not re.search(r"\b[0-9]{2,}\b", body.replace("0.1.0", "")), name


def _visit() -> tuple[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = _home(None)
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page), len(queries)


def test_a_second_visit_reads_the_registry_figures_from_the_cache_until_the_registry_changes(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The visitor's home counted the whole registry (its aggregates, and four map queries of
    which only the provinces were shown) on every visit. A workshop's change bumps the version
    once it commits (the test's transaction never does: its callbacks are run by hand)."""
    Workshop.objects.load_frame(synthetic_registry(30, seed=5))
    first, asked = _visit()
    again, asked_again = _visit()
    assert again == first and asked_again < asked
    assert asked_again <= 2  # the registry's version (and the session's user, if any)
    with django_capture_on_commit_callbacks(execute=True):
        Workshop.objects.filter(pk=Workshop.objects.order_by("pk").first().pk).get().delete()
    changed, _asked = _visit()
    assert re.search(r'id="stat-workshops".*?>\s*29\s*<', changed, re.S)
    moved = Workshop.objects.order_by("pk").first()
    moved.employees += 1000
    with django_capture_on_commit_callbacks(execute=True) as bumps:
        moved.save()
    assert len(bumps) == 1  # after the commit, not inside the save's transaction
    assert f"{sum(Workshop.objects.values_list('employees', flat=True)):,}" in _visit()[0]


def test_the_visitors_map_counts_only_the_provinces() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kargah.web.home.figures import registry_map

    Workshop.objects.load_frame(synthetic_registry(30, seed=5))
    with CaptureQueriesContext(connection) as queries:
        chart = registry_map("en")
    assert len(queries) == 1 and chart.name == "provinces"
    assert chart.rows == [["Gilan", "30"]]


def test_signing_in_lands_on_ones_home_page_unless_another_page_asked(site: Survey) -> None:
    """It landed on the registry's list whatever the role; the home page is each role's own."""
    from kargah.web.accounts.demo import DEMO_PASSWORD

    for user in ("analyst", "owner", "coder"):
        landed = Client().post("/accounts/login/", {"username": user, "password": DEMO_PASSWORD})
        assert landed.status_code == 302 and landed["Location"] == "/", user
    asked = Client().post(
        "/accounts/login/?next=/stats/", {"username": "analyst", "password": DEMO_PASSWORD}
    )
    assert asked["Location"] == "/stats/"
