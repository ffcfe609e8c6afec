from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kargah.branches import is_valid
from kargah.errors import InputError
from kargah.registry import check_value, counties
from kargah.text import ascii_digits
from kargah.web.numbers import NumberInput, PercentField, number_formfield
from kargah.web.problems import message
from kargah.web.registry.activity import ActivitySelect
from kargah.web.registry.models import Workshop
from kargah.web.uploads import UploadForm, upload_field

#: Fields an edit may change; the history records each, the product groups included by code.
EDITABLE = [
    "name_fa", "name_en", "isic", "product_groups", "employees", "capital", "electricity_kw",
    "floor_m2", "county", "city", "latitude", "longitude", "ownership", "founded",
    "certifications", "capacity", "utilisation", "processes", "materials", "contact",
]  # fmt: skip


#: Fields the import checks the same way: their types and bounds are the core's, not the form's.
CHECKED_AS_IMPORTED = [
    "employees", "capital", "electricity_kw", "floor_m2", "latitude", "longitude", "founded",
    "capacity",
]  # fmt: skip


class WorkshopForm(forms.ModelForm):
    """A workshop's edit and new forms: labels in the page's language, numbers typed with any
    digits, utilisation as a percentage (kept as a share)."""

    county = forms.ChoiceField(label=_("County"))

    class Meta:
        model = Workshop
        fields = EDITABLE
        formfield_callback = number_formfield
        field_classes = {"utilisation": PercentField}
        widgets = {"isic": ActivitySelect(), "founded": NumberInput(whole=True, grouping=False)}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        province = self.instance.province or "Gilan"
        self.fields["county"].choices = [
            (c.en, c.name(get_language() or "fa")) for c in counties(province)
        ]

    def clean_isic(self) -> str:
        code = ascii_digits(self.cleaned_data["isic"]).strip()
        if not is_valid(code, "isic4"):
            raise forms.ValidationError(
                _("%(code)s is not an ISIC Rev.4 code."), params={"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in CHECKED_AS_IMPORTED:
            if data.get(name) is None:
                continue
            try:
                data[name] = check_value(name, data[name])
            except InputError as error:
                self.add_error(name, message(error.message))
        return data


class ImportForm(UploadForm):
    """The bulk import's upload (``registry:import``)."""

    file = upload_field()
