"""The ``kargah`` command: ``kargah <part> <verb>``.

Kept thin and quick to start: every heavy library (Ibis, DuckDB, pandas) is imported inside the
command that needs it, so ``kargah --help`` answers at once.
"""

from __future__ import annotations

import typer

from kargah.cli import (
    backup,
    coding,
    demo,
    exchange,
    manage,
    priorities,
    registry,
    report,
    serve,
    sizeclass,
    stats,
    survey,
)

app = typer.Typer(
    name="kargah",
    help="Kargah: micro and small production centers — definitions, statistics, reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(sizeclass.app, name="sizeclass")
app.add_typer(stats.app, name="stats")
app.add_typer(registry.app, name="registry")
app.add_typer(survey.app, name="survey")
app.add_typer(coding.app, name="coding")
app.add_typer(priorities.app, name="priorities")
app.add_typer(exchange.app, name="exchange")
app.add_typer(report.app, name="report")
app.command("demo")(demo.demo)
app.command("serve")(serve.serve)
app.command("manage", context_settings=manage.SETTINGS, add_help_option=False)(manage.manage)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)


def main() -> None:
    app()
