"""The statistics engine on the site's data: a DuckDB connection per request, the registry as
the engine's table, its indicators by branch and the thesis's census change. Shared by the
statistics page, the report and the ranking, so none of them reaches into another's view."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from kargah.web.registry.models import Workshop

FIELDS = ["isic", "county", "employees", "capital", "electricity_kw", "floor_m2"]


@contextmanager
def duckdb_backend() -> Iterator[Any]:
    """A DuckDB connection for one request. Ibis's default backend is one connection shared by
    every thread, and DuckDB refuses a second caller ("connection is busy") instead of waiting;
    tables bound to this connection run every query of the engine on it."""
    import ibis

    con = ibis.duckdb.connect()
    try:
        yield con
    finally:
        con.disconnect()


def bind(con: Any, table: Any) -> Any:
    """An in-memory table (``ibis.memtable``, a DataFrame) as a temporary table of ``con``."""
    import ibis

    source = table if isinstance(table, ibis.Table) else ibis.memtable(table)
    return con.create_table(f"kargah_{uuid.uuid4().hex}", source, temp=True)


def registry_table(con: Any) -> Any:
    """The registry as the statistics engine wants it: one row per workshop, ``branch`` the
    ISIC division, ``region`` the county."""
    import pandas as pd

    frame = pd.DataFrame(list(Workshop.objects.values_list(*FIELDS)), columns=FIELDS)
    frame["branch"] = frame["isic"].str[:2]
    frame = frame.rename(columns={"county": "region"}).drop(columns="isic")
    for column in ("employees", "capital", "electricity_kw", "floor_m2"):
        frame[column] = frame[column].astype("float64")
    return bind(con, frame)


def indicators(definition_id: str) -> Any:
    """The registry's indicators by branch and size class (a DataFrame)."""
    from kargah.stats import Indicators

    with duckdb_backend() as con:
        maker = Indicators(by=["branch"], definition=definition_id)
        return maker.compute(registry_table(con)).to_pandas()


@cache
def change_values() -> tuple[dict[str, Any], ...]:
    """The thesis's small and large workshops in 1353 and 1375, as ``census_change`` draws them.
    The published figures never change: computed once per process."""
    from kargah.stats import Change, thesis_branches

    with duckdb_backend() as con:
        change = Change(start=1353, end=1375, measure="units")
        frame = change.compute(bind(con, thesis_branches())).summary.to_pandas()
    return tuple(
        {"size_class": r.size_class, "year": year, "units": value}
        for r in frame.itertuples()
        if r.size_class != "total"
        for year, value in ((1353, r.start_value), (1375, r.end_value))
    )
