"""Reading a dataset through Apache Spark: a file, a folder of files read as one table, or a
cluster's own URL (``hdfs://``, ``s3a://``), checked as :func:`read_dataset` checks a file but
with Spark-side aggregates (one pass over the data), never by collecting it to the driver.

pyspark is imported here only, when a Spark engine is asked for: ``kargah --help`` stays quick.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kargah.errors import InputError, KargahError, OptionError
from kargah.tables._cells import MISSING, SEPARATORS, is_total_label
from kargah.tables._clean import MAX_PROBLEMS, _branch_message, clean
from kargah.tables._columns import MEASURES, STANDARD_COLUMNS, resolve
from kargah.tables._dataset import Dataset

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: What ``--spark-master`` takes (Spark's own forms); checked before a JVM is started.
MASTERS = re.compile(
    r"local(\[(\d+|\*)(,\s*\d+)?\])?|local-cluster\[\d+,\s*\d+,\s*\d+\]|spark://\S+|yarn|k8s://\S+"
)
LOCAL_MASTER = "local[2]"
_TEXT = (".csv", ".tsv", ".txt")
_COMPRESSED = (".gz", ".bz2", ".deflate", ".snappy", ".lz4", ".zst")


def spark_connection(master: str | None = None) -> Any:
    """An Ibis PySpark backend for :func:`read_dataset` (``con=``): on the running Spark
    session if there is one (``spark-submit``, a notebook), else on a new one at ``master``
    (``local[2]`` when none is given). A KargahError, not a traceback, when pyspark or Java is
    missing or the master cannot be used."""
    if master is not None and not MASTERS.fullmatch(master.strip()):
        raise OptionError(
            f"'{master}' is not a Spark master URL; use local[N], spark://HOST:PORT, yarn "
            "or k8s://HOST:PORT"
        )
    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError:
        raise KargahError(
            "--engine spark needs pyspark: pip install 'kargah[spark]' (and Java 17 or later)"
        ) from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise KargahError(
            "--engine spark needs a Java runtime (17 or later) on PATH or in JAVA_HOME, "
            "e.g. apt-get install default-jre-headless"
        )
    # Under spark-submit the master is already chosen: only an explicit one overrides it.
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    chosen = master.strip() if master else (None if submitted else LOCAL_MASTER)
    builder = SparkSession.builder.appName("kargah").config("spark.ui.showConsoleProgress", "false")
    if chosen is not None:
        builder = builder.master(chosen)
    local = chosen is not None and chosen.startswith("local")
    if local:  # one machine: no web UI, no network name to look up
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.ui.enabled", "false").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    try:
        session = builder.getOrCreate()
    except Exception as error:  # the JVM's own errors (bad master, no Java) come in many kinds
        raise KargahError(
            f"Spark did not start ({chosen or 'spark-submit'}): {spark_message(error)}"
        ) from None
    if local:  # a cluster's logging is its operators' to set
        session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def spark_message(error: BaseException) -> str:
    """The line of a Spark or Py4J error a user can act on (not the Java stack)."""
    java = getattr(error, "java_exception", None)
    text = str(java) if java is not None else str(error)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def read_spark(
    path: str | Path,
    *,
    mapping: Mapping[str, str] | None,
    set_values: Mapping[str, str] | None,
    branch_system: str | None,
    con: Any,
) -> Dataset:
    """:func:`read_dataset` on a Spark connection: Parquet or CSV (UTF-8), one file or a folder."""
    from kargah.tables._read import _dataset

    source = _source(path)
    mapping, constants = dict(mapping or {}), dict(set_values or {})
    try:
        raw = _load(con, source)
        columns, ignored = resolve(list(raw.columns), mapping, Path(source), list(constants))
        table = _typed(raw, columns, constants, source, branch_system)
        return _dataset(table, Path(source), con, tuple(ignored))
    except KargahError:
        raise
    except Exception as error:
        if not type(error).__module__.startswith(("pyspark", "py4j")):
            raise
        raise InputError(f"Spark could not read it: {spark_message(error)}", file=source) from None


def _source(path: str | Path) -> str:
    """A local path made absolute (Spark resolves it on the driver); a URL as given."""
    text = str(path)
    return text if re.match(r"^[a-zA-Z][\w+.-]*://", text) else os.path.abspath(text)


def _load(con: Any, source: str) -> ir.Table:
    """The source as a Spark table of its own columns: Parquet with its types, CSV as text."""
    session = con._session
    kind = _format(session, source)
    if kind == "parquet":
        frame = session.read.parquet(source)
    else:
        first = session.read.text(source).head()
        line = first[0] if first is not None else ""
        sep = "\t" if source.lower().endswith(".tsv") else max(",;\t|", key=line.count)
        frame = session.read.csv(source, header=True, inferSchema=False, sep=sep, encoding="UTF-8")
    if not frame.columns:
        raise InputError("the file is empty", file=source)
    name = f"kargah_{os.urandom(8).hex()}"
    frame.createOrReplaceTempView(name)
    return con.table(name)


def _format(session: Any, source: str) -> str:
    """ "parquet" or "csv", from the name of the file or of the files in the folder (through
    Hadoop's file system, so hdfs:// and s3a:// are listed like local folders)."""
    jvm = session.sparkContext._jvm
    where = jvm.org.apache.hadoop.fs.Path(source)
    fs = where.getFileSystem(session.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(where):
        raise InputError("no such file or folder", file=source)
    names: list[str] = []
    files = fs.listFiles(where, True)
    while files.hasNext() and len(names) < 1000:
        name = files.next().getPath().getName()
        if not name.startswith(("_", ".")):  # Spark's own markers (_SUCCESS), hidden files
            names.append(name)
    kinds = {_kind(name) for name in names}
    if not names:
        raise InputError("the folder has no data files", file=source)
    if kinds == {"parquet"} or kinds == {"csv"}:
        return kinds.pop()  # type: ignore[return-value]
    raise InputError(
        "Spark reads Parquet or CSV files (a folder: all of one kind); found "
        + ", ".join(sorted({Path(n).suffix or n for n in names})[:5]),
        file=source,
    )


def _kind(name: str) -> str | None:
    lower = name.lower()
    for suffix in _COMPRESSED:
        lower = lower.removesuffix(suffix)
    if lower.endswith(".parquet"):
        return "parquet"
    return "csv" if lower.endswith(_TEXT) else None


def _typed(
    raw: ir.Table,
    columns: dict[str, str],
    constants: dict[str, str],
    source: str,
    system: str | None,
) -> ir.Table:
    """The standard columns with their types, after one aggregate that finds every kind of bad
    cell :func:`clean` reports (not a number, negative, not a year, not a branch code)."""
    import ibis

    typed: dict[str, Any] = {}
    checks: dict[str, Any] = {}
    for name, header in columns.items():
        column = raw[header]
        if STANDARD_COLUMNS[name] == "string":
            typed[name] = _text(column, name == "branch")
            continue
        value, bad = _number(column)
        if bad is not None:  # text: some cells may not be numbers
            checks[f"{name}__bad"] = bad.sum()
            checks[f"{name}__bad_text"] = column.min(where=bad)
        if name == "year":
            wrong = value.notnull() & ~_valid_year(value)
            empty = value.isnull() if bad is None else value.isnull() & ~bad
            checks["year__empty"] = empty.sum()
            checks["year__wrong"] = wrong.sum()
            checks["year__wrong_text"] = column.cast("string").min(where=wrong)
            typed[name] = value.cast("int64")
        else:
            checks[f"{name}__negative"] = (value < 0).sum()
            checks[f"{name}__negative_text"] = column.cast("string").min(where=value < 0)
            typed[name] = value
    if "branch" in typed and system is not None:
        checks["branch__codes"] = typed["branch"].collect(distinct=True)
    if constants:  # checked like a file's cells, once: they are the same on every row
        fixed = clean(_one_row(), {}, constants, Path(source), system)
        for name in constants:
            kind = STANDARD_COLUMNS[name]
            value = fixed[name].iloc[0]
            value = value.item() if hasattr(value, "item") else value  # numpy → Python
            typed[name] = ibis.literal(value, type=kind)
    found = raw.aggregate(rows=raw.count(), **checks).to_pyarrow().to_pylist()[0]
    if not found["rows"]:
        raise InputError("no rows: a header (or a schema) only", file=source)
    problems = _problems(found, columns, source, system)
    if problems:
        raise InputError(
            f"{len(problems)} problem(s); nothing was read", file=source, problems=problems
        )
    return raw.select(**typed)


def _one_row() -> Any:
    import pandas as pd

    return pd.DataFrame(index=pd.RangeIndex(0, 1))


def _text(column: ir.Value, branch: bool) -> ir.StringValue:
    """Keys as text, as :func:`kargah.tables._clean._text` makes them: Arabic ي/ك as Persian,
    spaces trimmed, empty as null, whole numbers without ".0"; branch codes with ASCII digits."""
    import ibis

    if column.type().is_floating():
        whole = column == column.floor()
        text = ibis.ifelse(whole, column.cast("int64").cast("string"), column.cast("string"))
    else:
        text = column.cast("string")
    from persiantools.characters import CHARACTER_MAP_AR_TO_FA as ar_to_fa  # what _clean uses

    letters = {k: v for k, v in ar_to_fa.items() if len(k) == 1}
    text = text.translate("".join(letters), "".join(letters.values()))
    for arabic, persian in ar_to_fa.items():
        if len(arabic) > 1:
            text = text.replace(arabic, persian)
    text = text.strip()
    if branch:
        text = text.translate(*_ascii())
    return text.nullif("")


def _number(column: ir.Value) -> tuple[ir.FloatingValue, ir.BooleanValue | None]:
    """A column as float64 (missing figures null, NaN null) and, for text, where it is no number:
    Persian digits, thousands separators and the flags of :data:`MISSING` as parse_number
    reads them."""
    import ibis

    dtype = column.type()
    if dtype.is_integer() or dtype.is_decimal():
        return column.cast("float64"), None
    if dtype.is_floating():
        return ibis.ifelse(column.isnan(), ibis.null("float64"), column.cast("float64")), None
    text = column.cast("string").translate(*_ascii()).re_replace(SEPARATORS.pattern, "")
    missing = text.isnull() | text.lower().isin(sorted(MISSING))
    value = ibis.ifelse(missing, ibis.null("float64"), text.try_cast("float64"))
    return value, ~missing & value.isnull()


def _valid_year(value: ir.FloatingValue) -> ir.BooleanValue:
    """:func:`kargah.tables._cells.valid_year` as an expression."""
    return (value == value.floor()) & (value.between(1200, 1500) | value.between(1800, 2200))


def _ascii() -> tuple[str, str]:
    """What :func:`kargah.text.ascii_digits` changes (Persian and Arabic-Indic digits, the
    Persian decimal mark, the minus sign), as the two strings ``translate`` takes."""
    from kargah.text import ascii_digits

    arabic_script = (chr(c) for c in [*range(0x0600, 0x0700), 0x2212])
    changed = "".join(c for c in arabic_script if ascii_digits(c) != c)
    return changed, ascii_digits(changed)


def _problems(
    found: dict[str, Any], columns: dict[str, str], source: str, system: str | None
) -> list[InputError]:
    """One InputError per column and kind of problem, with an example cell and how many."""
    problems: list[InputError] = []

    def report(name: str, count: Any, message: str) -> None:
        if count:
            many = f" ({count:,} cells)" if count > 1 else ""
            problems.append(InputError(message + many, file=source, column=columns[name]))

    for name in columns:
        if name != "year" and name not in MEASURES:
            continue
        if f"{name}__bad" in found:
            report(name, found[f"{name}__bad"], f"'{found[f'{name}__bad_text']}' is not a number")
        if name == "year":
            report(name, found["year__empty"], "the year is empty")
            report(
                name,
                found["year__wrong"],
                f"'{found['year__wrong_text']}' is not a year "
                "(Jalali 1200–1500 or Gregorian 1800–2200)",
            )
        else:
            report(
                name, found[f"{name}__negative"], f"'{found[f'{name}__negative_text']}' is negative"
            )
    if system is not None and "branch__codes" in found:
        from kargah.branches import is_valid

        for code in sorted(found["branch__codes"] or []):
            if len(problems) >= MAX_PROBLEMS:
                break
            if not (is_total_label(code) or is_valid(code, system)):
                problems.append(
                    InputError(_branch_message(code, system), file=source, column=columns["branch"])
                )
    return problems
