"""Errors a user can act on.

Every error that comes from bad input says where: the file, and where known the row (or line)
and the column. The CLI prints them without a traceback; the web site shows them beside the form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class KargahError(Exception):
    """Base of the errors that are the user's to fix, not a bug."""


@dataclass
class InputError(KargahError):
    """Bad input in a data file: names the file, the row (as a spreadsheet shows it: the header is
    row 1) and the column (as the file spells it)."""

    message: str
    file: str | Path | None = None
    row: int | None = None
    column: str | None = None
    problems: list[InputError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def where(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(Path(self.file).name)
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        head = f"{where}: {self.message}" if where else self.message
        if self.problems:
            more = "\n".join(f"  - {p}" for p in self.problems[:10])
            extra = len(self.problems) - 10
            tail = f"\n  … and {extra} more" if extra > 0 else ""
            return f"{head}\n{more}{tail}"
        return head


@dataclass
class DefinitionError(KargahError):
    """A size-class definition file that cannot be used: names the file and the line."""

    message: str
    file: str | Path | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = Path(self.file).name if self.file is not None else "definition"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


class OptionError(KargahError, ValueError):
    """A value a function or a command option does not take (an unknown branch system, a survey
    question of an unknown type): the message names what is accepted. Still a ``ValueError``,
    so code that checks values the Python way keeps working."""
