"""The statistics page's upload: an official table, its encoding and the definition of small to
classify it by (one of the shipped definitions, or none: the table's own classes or bands)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kargah.web.uploads import UploadForm, upload_field


def _definition_choices() -> list[tuple[str, str]]:
    from kargah.sizeclass import definitions

    return [("", _("the table's own classes or bands")), *((d.id, d.id) for d in definitions())]


class TableForm(UploadForm):
    table = upload_field()
    # Ids only: a caller's text never reaches get_definition's file-path branch.
    table_definition = forms.ChoiceField(
        label=_("Definition of small"),
        choices=_definition_choices,
        required=False,
        error_messages={
            "invalid_choice": _("“%(value)s” is not a definition of small the site knows; "
                                "choose one from the list.")
        },
    )  # fmt: skip
