"""The CLI reference (docs/cli.md) written from the commands themselves, so it cannot go stale:
``tests/test_docs.py`` fails when the file differs from what this produces; ``make docs``
rewrites it."""

from __future__ import annotations

from typing import Any


def reference() -> str:
    import typer

    from kargah.cli import app

    root = typer.main.get_command(app)
    lines = [
        "# `kargah` command reference",
        "",
        "Generated from the commands by `make docs`; do not edit by hand.",
        "",
    ]
    lines += _command(root, ["kargah"])
    return "\n".join(lines).rstrip() + "\n"


def _command(command: Any, path: list[str]) -> list[str]:
    name = " ".join(path)
    lines = [f"{'#' * min(len(path) + 1, 4)} `{name}`", ""]
    if command.help:
        lines += [command.help.strip(), ""]
    if hasattr(command, "commands"):  # a group (Typer ships its own copy of click)
        for sub_name in sorted(command.commands):
            sub = command.commands[sub_name]
            lines += _command(sub, [*path, sub_name])
        return lines
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    usage = " ".join(["[OPTIONS]", *((p.name or "").upper() for p in arguments)])
    lines += ["```", f"{name} {usage}", "```", ""]
    rows = []
    for param in command.params:
        if param.name == "help":
            continue
        if param.param_type_name == "argument":
            rows.append(
                (f"`{(param.name or '').upper()}`", getattr(param, "help", None) or "argument", "")
            )
            continue
        opts = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
        default = "" if param.default in (None, False, ()) or param.required else param.default
        text = (param.help or "").replace("|", "\\|")
        rows.append((opts, text, f"`{default}`" if default != "" else ""))
    if rows:
        lines += ["| option | meaning | default |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        lines.append("")
    return lines


if __name__ == "__main__":
    print(reference(), end="")
