"""The catalog's forms: one business idea (add and edit), and the upload of ideas."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kargah.web.priorities.models import BusinessIdea
from kargah.web.uploads import UploadForm, upload_field


class IdeaForm(forms.ModelForm):
    """A business idea; its product group, when given, must be one of its category's."""

    class Meta:
        model = BusinessIdea
        fields = ["country", "category", "product_group", "name_fa", "name_en", "source",
                  "synthetic"]  # fmt: skip
        labels = {
            "country": _("Country"), "category": _("Center category"),
            "product_group": _("Product group"), "name_fa": _("Name in Persian"),
            "name_en": _("Name in English"), "source": _("Source"),
            "synthetic": _("Synthetic (an invented example)"),
        }  # fmt: skip
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group, category = data.get("product_group"), data.get("category")
        if group is not None and category is not None and group.category_id != category.pk:
            self.add_error(
                "product_group",
                _("%(group)s is a product group of another category (%(category)s).")
                % {"group": group.name, "category": group.category.name},
            )
        return data


class IdeasImportForm(UploadForm):
    """Ideas from a sheet (``priorities:import``): all or nothing."""

    file = upload_field(
        _("File (CSV or XLSX)"), ("csv", "xlsx"), _("%(value)s: use a CSV or XLSX file.")
    )
    replace = forms.BooleanField(
        label=_("Replace every idea of the catalog with the file's"), required=False
    )
