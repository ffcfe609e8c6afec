"""The list at national size (issue 10): a search index, a tally of workshops kept by triggers,
and one index per sortable column, so a page of two million workshops is read in index order.

SQLite: an FTS5 table with the trigram tokenizer over ``search_key`` (substring search, as
``LIKE '%word%'`` but from an index). PostgreSQL: a ``pg_trgm`` GIN index, which ``LIKE`` uses.
The indexes of columns that may be empty sort the empty ones last: ``(col IS NULL), col``."""

from django.db import migrations, models

SEARCH = "registry_workshop_search"
TALLY = "registry_workshoptally"
KEY = "province, county, isic, ownership"
#: Sortable columns (kargah.web.registry.queries.SORTS) that are never empty: one index each,
#: walked either way.
FILLED = ["name_fa", "county", "isic", "employees", "ownership"]
#: Sortable columns that may be empty: one index per direction, the empty ones last in both.
NULLABLE = ["idle", "capital", "founded"]


#: What the list filters on: carried in every sort index, so a walk along one checks its rows
#: without reading them (an index entry is a tenth of a row; measured on two million: a whole
#: walk in 83 ms instead of 1.7 s).
CARRIED = [
    "county", "isic", "ownership", "employees", "capital", "electricity_kw", "floor_m2", "idle",
]  # fmt: skip


def _sort_indexes(vendor: str) -> list[tuple[str, str]]:
    def carried(key: str, column: str) -> str:
        rest = ", ".join(c for c in CARRIED if c != column)
        if vendor == "postgresql":
            return f"({key}) INCLUDE ({rest})"
        return f"({key}, {rest})"

    # A county and an activity together: neither alone narrows two million rows much; the
    # id order (no sort asked) walked along an index too.
    made = [("registry_county_isic", "(county, isic)"), ("registry_sort_id", carried("id", ""))]
    for c in FILLED:
        made.append((f"registry_sort_{c}", carried(f"{c}, id", c)))
    for c in NULLABLE:  # PostgreSQL orders empty ones last itself, and seeks ranges then
        if vendor == "postgresql":
            made.append((f"registry_sort_{c}", carried(f"{c} ASC NULLS LAST, id", c)))
            made.append((f"registry_sort_{c}_desc", carried(f"{c} DESC NULLS LAST, id", c)))
            continue
        made.append((f"registry_sort_{c}", carried(f"({c} IS NULL), {c}, id", c)))
        made.append((f"registry_sort_{c}_desc", carried(f"({c} IS NULL), {c} DESC, id", c)))
    return made


def facets(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The facets of the workshops already there (new ones get theirs when saved)."""
    from kargah.web.registry.facets import of_workshop
    from kargah.web.registry.models import FACETED

    Workshop = apps.get_model("registry", "Workshop")
    batch = []
    for w in Workshop.objects.only("id", *FACETED).iterator(chunk_size=5000):
        w.facets = of_workshop({f: getattr(w, f) for f in FACETED})
        batch.append(w)
        if len(batch) == 5000:
            Workshop.objects.bulk_update(batch, ["facets"])
            batch = []
    Workshop.objects.bulk_update(batch, ["facets"])


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    facets(apps, schema_editor)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TALLY} ({KEY}, workshops) "
            f"SELECT {KEY}, COUNT(*) FROM registry_workshop GROUP BY {KEY}"
        )
        for name, columns in _sort_indexes(connection.vendor):
            cursor.execute(f"CREATE INDEX {name} ON registry_workshop {columns}")
        if connection.vendor == "sqlite":
            _sqlite(cursor)
        elif connection.vendor == "postgresql":
            _postgresql(cursor, connection)


def _sqlite(cursor):  # type: ignore[no-untyped-def]
    # The index keeps its own copy of the text (not content='registry_workshop'): an external
    # content table made edits fail with "no such table" while an import's staging table was
    # created and dropped by another connection.
    cursor.execute(f"CREATE VIRTUAL TABLE {SEARCH} USING fts5(search_key, facets, tokenize='trigram')")
    cursor.execute(
        f"INSERT INTO {SEARCH}(rowid, search_key, facets) "
        "SELECT id, search_key, facets FROM registry_workshop"
    )
    added = (
        f"INSERT INTO {SEARCH}(rowid, search_key, facets) "
        "VALUES (new.id, new.search_key, new.facets);"
    )
    removed = f"DELETE FROM {SEARCH} WHERE rowid = old.id;"
    changed = (
        f"UPDATE {SEARCH} SET search_key = new.search_key, facets = new.facets "
        "WHERE rowid = old.id;"
    )
    counted = (
        f"INSERT INTO {TALLY} ({KEY}, workshops) "
        "VALUES (new.province, new.county, new.isic, new.ownership, 1) "
        f"ON CONFLICT ({KEY}) DO UPDATE SET workshops = workshops + 1;"
    )
    uncounted = (
        f"UPDATE {TALLY} SET workshops = workshops - 1 WHERE province = old.province "
        "AND county = old.county AND isic = old.isic AND ownership = old.ownership;"
    )
    for sql in (
        f"CREATE TRIGGER registry_workshop_added AFTER INSERT ON registry_workshop "
        f"BEGIN {added} {counted} END",
        f"CREATE TRIGGER registry_workshop_removed AFTER DELETE ON registry_workshop "
        f"BEGIN {removed} {uncounted} END",
        f"CREATE TRIGGER registry_workshop_searched AFTER UPDATE OF search_key, facets "
        f"ON registry_workshop BEGIN {changed} END",
        f"CREATE TRIGGER registry_workshop_moved AFTER UPDATE OF {KEY} "
        f"ON registry_workshop BEGIN {uncounted} {counted} END",
    ):
        cursor.execute(sql)


def _postgresql(cursor, connection):  # type: ignore[no-untyped-def]
    from django.db import DatabaseError, transaction

    try:  # a trusted extension since PostgreSQL 13: the database's owner may create it
        with transaction.atomic(using=connection.alias):
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "CREATE INDEX registry_workshop_search ON registry_workshop "
                "USING gin (search_key gin_trgm_ops)"
            )
        cursor.execute(
            "CREATE INDEX registry_workshop_facets ON registry_workshop "
            "USING gin (string_to_array(facets, ' '))"
        )
    except DatabaseError as error:  # search still works, by reading every row
        import warnings

        warnings.warn(f"no pg_trgm, so no search index: {error}", stacklevel=1)
    # Statement triggers with transition tables: a load of a million rows updates the tally
    # once, by groups, not a million times.
    add = (
        f"INSERT INTO {TALLY} ({KEY}, workshops) SELECT {KEY}, COUNT(*) FROM new_rows "
        f"GROUP BY {KEY} ORDER BY {KEY} ON CONFLICT ({KEY}) "
        f"DO UPDATE SET workshops = {TALLY}.workshops + EXCLUDED.workshops;"
    )
    subtract = (
        f"UPDATE {TALLY} t SET workshops = t.workshops - o.n FROM (SELECT {KEY}, COUNT(*) AS n "
        f"FROM old_rows GROUP BY {KEY}) o WHERE t.province = o.province AND t.county = o.county "
        "AND t.isic = o.isic AND t.ownership = o.ownership;"
    )
    for name, body, event, tables in (
        ("added", add, "INSERT", "NEW TABLE AS new_rows"),
        ("removed", subtract, "DELETE", "OLD TABLE AS old_rows"),
        ("moved", subtract + add, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ):
        cursor.execute(
            f"CREATE FUNCTION registry_workshop_{name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body} RETURN NULL; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER registry_workshop_{name} AFTER {event} ON registry_workshop "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION registry_workshop_{name}()"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for name, _columns in _sort_indexes(connection.vendor):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        if connection.vendor == "sqlite":
            for trigger in ("added", "removed", "searched", "moved"):
                cursor.execute(f"DROP TRIGGER IF EXISTS registry_workshop_{trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {SEARCH}")
        elif connection.vendor == "postgresql":
            for name in ("added", "removed", "moved"):
                cursor.execute(f"DROP TRIGGER IF EXISTS registry_workshop_{name} ON registry_workshop")
                cursor.execute(f"DROP FUNCTION IF EXISTS registry_workshop_{name}()")
            cursor.execute("DROP INDEX IF EXISTS registry_workshop_search")
            cursor.execute("DROP INDEX IF EXISTS registry_workshop_facets")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_translated_names")]

    operations = [
        migrations.AddField(
            model_name="workshop",
            name="facets",
            field=models.TextField(default="", editable=False),
        ),
        migrations.CreateModel(
            name="WorkshopTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("province", models.CharField(max_length=60)),
                ("county", models.CharField(max_length=60)),
                ("isic", models.CharField(max_length=5)),
                ("ownership", models.CharField(max_length=12)),
                ("workshops", models.BigIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("province", "county", "isic", "ownership"),
                        name="registry_tally_key",
                    )
                ]
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
