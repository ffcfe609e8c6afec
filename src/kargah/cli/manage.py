"""``kargah manage ARGS…``: Django's management commands (createsuperuser, migrate, check,
changepassword, axes_reset, …) with Kargah's settings."""

from __future__ import annotations

import typer


def manage(ctx: typer.Context) -> None:
    """Run a Django management command with Kargah's settings, e.g. `kargah manage
    createsuperuser`, `kargah manage check --deploy`; `kargah manage help` lists them all."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kargah.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kargah manage", *ctx.args])


# Every argument and option goes to Django, --help included.
SETTINGS = {"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []}
