"""What every upload page shares: the form of a file and its encoding (each file is checked for a
suffix its page reads, a missing file or an unknown encoding is a message, never a 500), and the
one folder in the data folder where uploaded files wait between their check and the user's
confirmation."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from kargah.tables import ENCODINGS


def imports_folder() -> Path:
    from django.conf import settings

    folder = Path(settings.HOME) / "imports"
    folder.mkdir(exist_ok=True)
    return folder


_TABLE = (
    _("File (CSV, XLSX or Parquet)"),
    ("csv", "xlsx", "parquet"),
    _("%(value)s: use a CSV, XLSX or Parquet file."),
)


def upload_field(
    label: Any = _TABLE[0], suffixes: Iterable[str] = _TABLE[1], wrong_suffix: Any = _TABLE[2]
) -> forms.FileField:
    """A required file with one of ``suffixes`` (a table, by default); ``wrong_suffix`` names
    the file as its user uploaded it with ``%(value)s``."""
    return forms.FileField(
        label=label,
        error_messages={"required": _("Choose a file to upload.")},
        validators=[FileExtensionValidator(list(suffixes), message=wrong_suffix)],
    )


class UploadForm(forms.Form):
    """The base of every upload form: the encoding of a CSV file, one of ``ENCODINGS`` or empty
    (found from the file). Subclasses add their file field with :func:`upload_field`."""

    encoding = forms.ChoiceField(
        label=_("Encoding (CSV files)"),
        choices=[("", _("find it from the file")), *ENCODINGS.items()],
        required=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not an encoding the site reads; choose one "
                                "from the list.")
        },
    )  # fmt: skip

    def error(self) -> str:
        """Every error of the form on one line (each message says what it is about)."""
        return " ".join(str(e) for errors in self.errors.values() for e in errors)
