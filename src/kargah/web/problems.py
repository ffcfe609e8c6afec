"""Bad input told in the page's language: an :class:`~kargah.errors.InputError` of a core is
English (the cores do not import Django, and the CLI speaks English); the site says it again
through gettext.

Where it is: ``file, row, column`` each translated, the file named as the user uploaded it (not
the name it was stored under). What is wrong: the core's common phrases are known here
(``PHRASES``: a pattern of the English message → its translatable form, the values it names
carried over); a message none of them matches is shown as the core wrote it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from kargah.errors import InputError, KargahError
from kargah.web.numbers import local_number

#: What a cell's value can be wrong for: the core writes ``'<value>' <problem>``.
CELL_PROBLEMS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(p), t)
    for p, t in [
        (r"is not a number$", gettext_lazy("is not a number")),
        (r"is negative$", gettext_lazy("is negative")),
        (r"is outside (?P<low>[\d,.e+]+)–(?P<high>[\d,.e+]+|inf)$",
         gettext_lazy("is outside %(low)s–%(high)s")),
        (r"is not a whole number of persons$",
         gettext_lazy("is not a whole number of persons")),
        (r"is not an ISIC Rev\.4 code$", gettext_lazy("is not an ISIC Rev.4 code")),
        (r"is not a county of (?P<province>\w+)", gettext_lazy("is not a county of %(province)s")),
        (r"is not a county\b", gettext_lazy("is not a county")),
        (r"is not an ownership",
         gettext_lazy("is not an ownership: private, cooperative or public")),
        (r"is not a product group", gettext_lazy("is not a product group of the catalog")),
        (r"is not a province of Iran$", gettext_lazy("is not a province of Iran")),
        (r"is not true or false", gettext_lazy("is not true or false (yes/no, 1/0)")),
        (r"is not a founding year",
         gettext_lazy("is not a founding year (Jalali 1250–1500 or Gregorian 1870–2100)")),
        (r"is longer than (?P<n>\d+) characters$", gettext_lazy("is longer than %(n)s characters")),
        (r"is already in the registry$", gettext_lazy("is already in the registry")),
        (r"is given twice$", gettext_lazy("is given twice")),
        # the priorities catalog's import (kargah.priorities.check_ideas)
        (r"is not a country of the catalog$", gettext_lazy("is not a country of the catalog")),
        (r"is not a center category of the catalog$",
         gettext_lazy("is not a center category of the catalog")),
        (r"is a product group of another category$",
         gettext_lazy("is a product group of another category")),
    ]
]  # fmt: skip

#: Whole messages.
PHRASES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(p), t)
    for p, t in [
        (r"^the file is empty$", gettext_lazy("the file is empty")),
        (r"^the file has a header but no rows$",
         gettext_lazy("the file has a header but no rows")),
        (r"^no such file$", gettext_lazy("no such file")),
        (r"^(?P<column>\w+) is empty\b", gettext_lazy("%(column)s is empty")),
        (r"^missing column\(s\) (?P<missing>.+); the file has (?P<has>.*)$",
         gettext_lazy("missing column(s) %(missing)s; the file has %(has)s")),
        (r"^cannot read '(?P<suffix>[^']*)' files", gettext_lazy(
            "cannot read “%(suffix)s” files; use CSV, XLSX or Parquet")),
        (r"^not a readable XLSX workbook", gettext_lazy("not a readable XLSX workbook")),
        (r"^not a well-formed table", gettext_lazy("not a well-formed table")),
        (r"^respondent\(s\) already in this survey: (?P<codes>.+)$",
         gettext_lazy("respondent(s) already in this survey: %(codes)s")),
        (r"^the file is not in (?P<encoding>.+?): "
         r"byte (?P<byte>0x[0-9a-f]+) on line (?P<line>\d+) ",
         gettext_lazy("the file is not in %(encoding)s: byte %(byte)s on line %(line)s is not a "
                      "character of it; choose the file's encoding")),
        # candidate codes (kargah.coding's clusters) for an area with too few uncoded answers
        (r"^at least 4 answers with text are needed to find groups in them$",
         gettext_lazy("at least 4 answers with text are needed to find groups in them")),
        (r"^the number of codes must be between 2 and (?P<n>\d+)$",
         gettext_lazy("the number of codes must be between 2 and %(n)s")),
    ]
]  # fmt: skip
_CELL = re.compile(r"^'(?P<value>.*)' (?P<problem>.+)$", re.S)
_BAD_CELLS = re.compile(r"^(?P<n>\d+)\+? bad cell\(s\); nothing was (?:imported|read)$")


def _number_text(text: str) -> str:
    """A number the core wrote (``1,000,000``) in the page's digits."""
    try:
        return local_number(float(text.replace(",", "")))
    except ValueError:
        return text


def message(text: str) -> str:
    """The core's English message in the page's language, where it is a known phrase."""
    if found := _BAD_CELLS.match(text):
        n = int(found["n"])
        return ngettext(
            "%(n)s bad cell; nothing was imported", "%(n)s bad cells; nothing was imported", n
        ) % {"n": local_number(n)}
    if found := _CELL.match(text):
        for pattern, template in CELL_PROBLEMS:
            if problem := pattern.search(found["problem"]):
                values = {k: _number_text(v) for k, v in problem.groupdict().items()}
                return _("“%(value)s” %(problem)s") % {
                    "value": found["value"], "problem": str(template) % values,
                }  # fmt: skip
        return text
    for pattern, template in PHRASES:
        if phrase := pattern.search(text):  # a count (n) in the reader's digits
            values = {k: _number_text(v) if k == "n" else v for k, v in phrase.groupdict().items()}
            return str(template) % values
    return text


def where(error: InputError, file: str | None = None) -> str:
    """``file, row 12, column “capital”`` in the page's language; ``file`` is the name the
    user uploaded (the error's own file name where none is given)."""
    parts = []
    name = file or (Path(error.file).name if error.file is not None else None)
    if name:
        parts.append(name)
    if error.row is not None:
        parts.append(_("row %(row)s") % {"row": local_number(error.row, grouping=False)})
    if error.column is not None:
        parts.append(_("column “%(column)s”") % {"column": error.column})
    return ("، " if get_language() == "fa" else ", ").join(parts)


def describe(error: InputError, file: str | None = None) -> str:
    """One problem, where and what, in the page's language (its sub-problems not included)."""
    place, text = where(error, file), message(error.message)
    return _("%(where)s: %(message)s") % {"where": place, "message": text} if place else text


#: ``str(InputError)`` as the cores write it: ``file, row 3, column 'x': message``.
_WRITTEN = re.compile(
    r"^(?P<file>[^,:]+?)(?:, row (?P<row>\d+))?(?:, column '(?P<column>[^']*)')?: (?P<message>.+)$",
    re.S,
)


def described_text(text: str) -> str:
    """An error kept as the core wrote it (a background job's, saved by a worker that has no
    page language) described in the page's language."""
    if (known := _(text)) != text:  # a message of the site's own (gettext_noop)
        return known
    found = _WRITTEN.match(text)
    if found is None:
        return message(text)
    row = int(found["row"]) if found["row"] else None
    error = InputError(found["message"], found["file"], row, found["column"])
    return describe(error)


def describe_all(error: KargahError, file: str | None = None) -> tuple[str, list[str]]:
    """The error and each of its problems (the cell by cell list), described; another kind of
    error (a size-class definition's) as it says itself."""
    if not isinstance(error, InputError):
        return str(error).splitlines()[0], []
    return describe(error, file), [describe(p, file) for p in error.problems]


def form_problems(form: Any) -> list[str]:
    """A Django form's errors as sentences, each naming its field as the form labels it (an
    error of the whole form as it is), for messages and error boxes."""
    found = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label or name) if field is not None else ""
        found += [f"{label}: {error}" if label else str(error) for error in errors]
    return found
