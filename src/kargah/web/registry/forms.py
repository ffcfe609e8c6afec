from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kargah.branches import codes, is_valid, title
from kargah.errors import InputError
from kargah.registry import check_value, counties
from kargah.text import ascii_digits, persian_digits
from kargah.web.numbers import NumberInput, PercentField, number_formfield
from kargah.web.problems import message
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


class ActivitySelect(forms.Select):
    """The ISIC activity as a list searched by title in either language or by code
    (tom-select, from ``static/kargah/activity.js``): each option shows the code and its title
    in the page's language and carries the other language's title in ``data-other``."""

    class Media:
        css = {"all": ["vendor/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select.complete.min.js", "kargah/activity.js"]

    def __init__(self) -> None:
        super().__init__(
            attrs={"class": "activity-search", "data-placeholder": _("Search by title or code")}
        )
        self.others: dict[str, str] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        other = self.others.get(str(option["value"]))
        if other:
            option["attrs"]["data-other"] = other
        return option


def activity_choices(
    current: str | None, lang: str
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The ISIC Rev.4 classes and Iran's activities (four and five digits), and the current
    code whatever its level: (code, "code — title") in ``lang``, and each code's other title."""
    other = "en" if lang == "fa" else "fa"
    wanted = [c for c in codes("isic4") if c.isdigit() and len(c) >= 4]
    if current and current not in wanted:
        wanted.insert(0, current)
    shown = persian_digits if lang == "fa" else str
    choices = [("", "—")] + [(c, f"{shown(c)} — {_title(c, lang)}") for c in wanted]
    return choices, {c: title(c, "isic4", other) or "" for c in wanted}


def _title(code: str, lang: str) -> str:
    """A code's title in ``lang``; a few codes have no Persian title in bssir's metadata, so
    in Persian they take the nearest broader code's (4652 that of 465)."""
    english = title(code, "isic4", "en") or ""
    if lang != "fa":
        return english
    for length in range(len(code), 1, -1):
        found = title(code[:length], "isic4", "fa")
        if found and found != title(code[:length], "isic4", "en"):
            return found
    return english


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
        activity = self.fields["isic"].widget
        activity.choices, activity.others = activity_choices(
            self.instance.isic, get_language() or "fa"
        )

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
