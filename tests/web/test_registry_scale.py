"""The list at national size, checked for correctness at small size: the search index and the
tally follow every insert, edit and delete (their triggers survive the migrations); both ways of
reading a page (through the index, or walking the sort's order) give the same workshops as a
plain check of every row; counts are exact from the tally, capped past the cap, and say so."""

from __future__ import annotations

import io
import itertools
import random
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client

from kargah.registry import synthetic_registry
from kargah.sizeclass import get_definition
from kargah.text import normalise
from kargah.web.registry import facets, listing
from kargah.web.registry.listing import count_workshops, page_of_workshops
from kargah.web.registry.models import Workshop, WorkshopTally
from kargah.web.registry.queries import filter_workshops

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
WORDS = ["چای", "رشت", "لاهيجان", "ماهی", "كارگاه", "سف", "1", "tea", "workshop 1"]


@pytest.fixture
def registry() -> None:
    Workshop.objects.load_frame(synthetic_registry(400, seed=11))


def _tally_is_true() -> None:
    held = {
        (r["province"], r["county"], r["isic"], r["ownership"]): r["n"]
        for r in Workshop.objects.values("province", "county", "isic", "ownership").annotate(
            n=Count("id")
        )
    }
    kept = {
        (t.province, t.county, t.isic, t.ownership): t.workshops
        for t in WorkshopTally.objects.exclude(workshops=0)
    }
    assert kept == held


def _matching(words: str) -> set[int]:
    """Workshops holding every word, by reading every search key."""
    wanted = normalise(words).split()
    return {w.pk for w in Workshop.objects.all() if all(x in w.search_key for x in wanted)}


def _found(params: dict[str, str], narrow: bool) -> list[int]:
    definition = get_definition(params.get("definition", "sci-iran"))
    found = filter_workshops(Workshop.objects.all(), params, definition, narrow=narrow)
    return list(found.values_list("pk", flat=True))


def test_the_index_and_tally_follow_inserts_edits_and_deletes(registry: None) -> None:
    _tally_is_true()
    w = Workshop.objects.order_by("pk").first()
    assert w is not None
    w.name_fa, w.county, w.ownership = "کارگاه زعفرانیه", "Talesh", "cooperative"
    w.save()
    assert _found({"q": "زعفرانیه"}, narrow=True) == [w.pk]
    assert w.pk in _found({"county": "Talesh", "ownership": "cooperative"}, narrow=True)
    _tally_is_true()
    Workshop.objects.filter(county="Rasht").update(county="Fuman")  # no save(): triggers only
    _tally_is_true()
    w.delete()
    assert _found({"q": "زعفرانیه"}, narrow=True) == []
    Workshop.objects.filter(
        pk__in=list(Workshop.objects.values_list("pk", flat=True)[:50])
    ).delete()
    _tally_is_true()


@pytest.mark.parametrize("words", WORDS)
def test_search_through_the_index_finds_what_reading_every_row_finds(
    registry: None, words: str
) -> None:
    expected = _matching(words)
    assert set(_found({"q": words}, narrow=True)) == expected
    assert set(_found({"q": words}, narrow=False)) == expected


def _combinations() -> list[dict[str, str]]:
    rng = random.Random(1405)
    made = []
    for _ in range(60):
        p: dict[str, str] = {}
        if rng.random() < 0.5:
            p["county"] = rng.choice(["Rasht", "Lahijan", "Fuman", "Talesh", "Nowhere"])
        if rng.random() < 0.4:
            p["isic"] = rng.choice(["1", "10", "13", "1079", "25", "x"])
        if rng.random() < 0.3:
            p["ownership"] = rng.choice(["private", "cooperative", "public"])
        if rng.random() < 0.5:
            p["definition"] = rng.choice(["sci-iran", "world-bank-es", "jihad-sazandegi"])
            p["size"] = rng.choice(["small", "medium", "large", "other", "unclassified"])
        if rng.random() < 0.3:
            p["idle_min"] = rng.choice(["0", "50", "150", "750", "5000", "abc"])
        if rng.random() < 0.3:
            p["q"] = rng.choice(WORDS)
        if rng.random() < 0.6:
            p["sort"] = rng.choice(["", "-"]) + rng.choice(
                ["name", "county", "isic", "employees", "idle", "capital", "ownership", "founded"]
            )
        made.append(p)
    return made


def test_both_ways_of_reading_give_the_same_workshops_in_the_same_order(registry: None) -> None:
    for params in _combinations():
        assert _found(params, narrow=True) == _found(params, narrow=False), params


def test_postgresqls_sort_indexes_carry_the_search_key(registry: None) -> None:
    """So a walk checks a searched word in the index (an index-only scan), not in the table:
    a plain index scan read every entry's row first (migration 0007)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's walk asks a sparse word's holders as a set")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'registry_sort_%'"
        )
        indexes = dict(cursor.fetchall())
    assert len(indexes) == 12
    assert all("search_key" in definition for definition in indexes.values()), indexes


def test_a_shared_facet_code_finds_more_rows_never_wrong_ones(
    registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {str(p): _found(p, narrow=False) for p in _combinations()[:20]}
    facets.code.cache_clear()
    monkeypatch.setattr(facets, "code", lambda facet: facets.MARK + "\ue001\ue002")
    for w in Workshop.objects.all():
        w.save()  # every workshop now has every facet's code
    for params in _combinations()[:20]:
        assert _found(params, narrow=True) == expected[str(params)], params


def test_counts_from_the_tally_are_exact_and_others_stop_at_the_cap(
    registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sci = get_definition("sci-iran")
    everyone = Workshop.objects.all()
    assert count_workshops(everyone, {}, sci) == (400, False)
    rasht = {"county": "Rasht", "isic": "10"}
    assert count_workshops(everyone, rasht, sci) == (everyone.filter(
        county="Rasht", isic__startswith="10").count(), False)  # fmt: skip
    monkeypatch.setattr(listing, "COUNTED", 30)
    small = {"definition": "sci-iran", "size": "small"}
    assert count_workshops(everyone, small, sci) == (30, True)
    assert count_workshops(everyone, {**small, "count": "all"}, sci)[1] is False
    page = Client(**EN).get("/registry/?definition=sci-iran&size=small").content.decode()
    assert "More than 30 workshops" in page and "count=all" in page
    assert "The pages reach the first" in page
    counted = Client(**EN).get("/registry/?definition=sci-iran&size=small&count=all")
    assert re.search(r"\b\d{3} workshops", counted.content.decode())


def test_when_time_runs_out_the_page_is_still_right(
    registry: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count that runs out of time says so; a walk that runs out of time gives way to the
    index, and the page holds the same workshops."""
    params = {"definition": "sci-iran", "size": "small", "sort": "-employees", "page": "2"}
    sci = get_definition("sci-iran")
    before = [w.pk for w in page_of_workshops(Workshop.objects.all(), params, sci, per_page=10)]
    monkeypatch.setattr(listing, "within", lambda seconds, query: None)
    page = page_of_workshops(Workshop.objects.all(), params, sci, per_page=10)
    assert page.paginator.counted is None and [w.pk for w in page] == before
    calls: list[int] = []

    def walk_too_long(seconds: float, query: Callable[[], object]) -> object:
        calls.append(1)
        return query() if len(calls) == 1 else None  # the count is made; the walk is not

    monkeypatch.setattr(listing, "within", walk_too_long)
    monkeypatch.setattr(listing, "FEW", 5)
    page = page_of_workshops(Workshop.objects.all(), params, sci, per_page=10)
    assert len(calls) == 2 and [w.pk for w in page] == before
    shown = Client(**EN).get("/registry/", params).content.decode()
    assert "Too many rows to count at once" in shown and "count=all" in shown
    api = Client().get("/api/registry/workshops", params).json()
    assert api["count_is_floor"] is True and api["results"]


def test_the_index_reads_pages_in_order_not_by_sorting_everything(registry: None) -> None:
    """Each sort has an index the database walks (SQLite's plan says so)."""
    if connection.vendor != "sqlite":
        pytest.skip("the plan's wording is SQLite's")
    sci = get_definition("sci-iran")
    for key, down in itertools.product(["name", "employees", "idle", "founded"], ["", "-"]):
        found = filter_workshops(
            Workshop.objects.all(), {"sort": down + key, "size": "small"}, sci
        )[:50]
        sql, args = found.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, args)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "registry_sort_" in plan and "TEMP B-TREE" not in plan, (key, down, plan)


def test_refresh_workshops_recomputes_the_facets(registry: None) -> None:
    from django.core.management import call_command

    Workshop.objects.update(facets="", search_key="")  # as if a definition had changed
    assert _found({"q": "چای"}, narrow=True) == []
    said = io.StringIO()
    call_command("refresh_workshops", stdout=said)
    assert said.getvalue().strip().endswith("400 of 400")
    assert set(_found({"q": "چای"}, narrow=True)) == _matching("چای") != set()


def test_within_stops_a_long_query_and_the_connection_goes_on(registry: None) -> None:
    from kargah.web.database import within

    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
        "SELECT COUNT(*) FROM n"
    )

    def slow() -> int:
        with connection.cursor() as cursor:
            cursor.execute(endless)
            return int(cursor.fetchone()[0])

    assert within(0.05, slow) is None
    assert within(5, lambda: Workshop.objects.count()) == 400


def test_a_words_holders_are_counted_once_a_while(registry: None) -> None:
    """Which way a searched page is read depends on how many workshops hold the word: counted
    once, then remembered (it costs 60–80 ms for a county's name at national size)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL reads words from its trigram index, uncounted")
    from django.test.utils import CaptureQueriesContext

    from kargah.web.registry import search

    search._holders.clear()
    word = max(Workshop.objects.first().search_key.split(), key=len)  # type: ignore[union-attr]
    held = Workshop.objects.filter(search_key__contains=word).count()
    assert held and search.holders([word]) == min(held, search.REACHABLE + 1)
    with CaptureQueriesContext(connection) as queries:
        assert search.holders([word]) == min(held, search.REACHABLE + 1)
    assert not queries.captured_queries


def test_a_narrowed_page_reads_the_facets_filters_from_the_row(registry: None) -> None:
    """Read through the search index, the filters its facets carry are checked on the rows it
    gives, never looked up in the columns' own indexes: PostgreSQL ANDed the county's and the
    size criteria's btrees into its bitmap and read four to ten times the table blocks."""
    params = {
        "county": "Rasht", "isic": "10", "ownership": "private", "definition": "sci-iran",
        "size": "small", "idle_min": "10", "q": "چای",
    }  # fmt: skip
    found = filter_workshops(
        Workshop.objects.all(), params, get_definition("sci-iran"), narrow=True
    )
    where = str(found.query).split(" WHERE ", 1)[1].split(" ORDER BY ")[0]
    column = r'"registry_workshop"\."(county|isic|ownership|employees|capital|idle)"'
    bare = re.findall(rf"(?<![+(]){column}(?! \|\| ''\)| \+ 0\))", where)
    assert not bare, where
    assert sorted(found.values_list("pk", flat=True)) == sorted(_found(params, narrow=False))
