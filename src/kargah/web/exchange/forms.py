"""The exchange's forms: a need (its rules are the core's ``Need.from_dict``: the form names the
field the core names), a quote or a refusal, a delivery, a rating."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kargah.errors import InputError
from kargah.registry import counties
from kargah.web.exchange.models import Certification, Need, Quote
from kargah.web.numbers import number_formfield
from kargah.web.problems import message
from kargah.web.registry.models import Material, Process, Workshop
from kargah.web.uploads import upload_field

#: Iran's extent (degrees): a delivery point outside it is refused.
IRAN = {"latitude": (25.0, 40.0), "longitude": (44.0, 63.5)}
#: What a quote may attach: documents and drawings.
ATTACHMENTS = ("pdf", "png", "jpg", "jpeg", "xlsx", "docx", "csv", "zip", "dxf", "step")


class Day(forms.DateField):
    """A day typed as Persian readers write it — Jalali (۱۴۰۵/۰۹/۱۰, 1405-09-10), with either
    digits and either separator — or Gregorian (2026-12-01): a year below 1700 is Jalali, as
    everywhere in Kargah. Shown back in the page's calendar."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", placeholder=_("e.g. 1405-09-10"))
        self.error_messages["invalid"] = _("“%(value)s” is not a date: year-month-day, Jalali "
                                           "or Gregorian.")  # fmt: skip

    def to_python(self, value: Any) -> date | None:
        from persiantools.jdatetime import JalaliDate

        from kargah.text import ascii_digits

        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        text = ascii_digits(str(value)).strip().replace("/", "-")
        try:
            year, month, day = (int(p) for p in text.split("-"))
            if year < 1700:
                return JalaliDate(year, month, day).to_gregorian()
            return date(year, month, day)
        except (TypeError, ValueError, OverflowError):
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": str(value)[:40]}
            ) from None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date) and get_language() == "fa":
            from persiantools.jdatetime import JalaliDate

            from kargah.text import persian_digits

            return persian_digits(JalaliDate(value).strftime("%Y-%m-%d"))
        return value


class Terms(forms.ModelMultipleChoiceField):
    """Terms of the nomenclature chosen by code (the API and REQUEST.json use the same codes);
    searched in either language (tom-select, ``static/kargah/exchange.js``)."""

    def __init__(self, queryset: Any, label: Any, unknown: Any) -> None:
        super().__init__(
            queryset, to_field_name="code", required=False, label=label,
            widget=forms.SelectMultiple(attrs={"class": "exchange-terms"}),
            error_messages={"invalid_choice": unknown, "invalid_pk_value": unknown},
        )  # fmt: skip

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class NeedForm(forms.ModelForm):
    processes = Terms(Process.objects.exclude(code=None).order_by("code"), _("Processes"),
                      _("“%(value)s” is not a process of the nomenclature."))  # fmt: skip
    materials = Terms(Material.objects.exclude(code=None).order_by("code"), _("Materials"),
                      _("“%(value)s” is not a material of the nomenclature."))  # fmt: skip
    certifications = Terms(
        Certification.objects.order_by("code"),
        _("Certifications required"),
        _("“%(value)s” is not a certification of the nomenclature."),
    )
    county = forms.ChoiceField(label=_("Delivery county"), required=False)
    start = Day(label=_("From"))
    end = Day(label=_("To"))
    deadline = Day(label=_("Quotes until"))

    class Meta:
        model = Need
        fields = [
            "description", "isic", "product_group", "processes", "materials", "monthly_quantity",
            "start", "end", "county", "latitude", "longitude", "certifications", "size",
            "visibility", "deadline",
        ]  # fmt: skip
        formfield_callback = number_formfield
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["processes"].required = True
        self.fields["processes"].error_messages["required"] = _("Choose at least one process.")
        lang = get_language() or "fa"
        places = sorted(counties(), key=lambda c: c.name(lang))
        self.fields["county"].choices = [("", "—"), *((c.en, c.name(lang)) for c in places)]
        self.fields["county"].widget.attrs["class"] = "exchange-place"
        self.fields["county"].error_messages["invalid_choice"] = _(
            "“%(value)s” is not a county of Iran."
        )

    def clean_monthly_quantity(self) -> float:
        value = self.cleaned_data["monthly_quantity"]
        if value is None or value <= 0:
            raise forms.ValidationError(_("The quantity a month must be more than zero."))
        return float(value)

    def clean_deadline(self) -> date:
        value = self.cleaned_data["deadline"]
        if value < date.today():
            raise forms.ValidationError(_("The deadline for quotes is in the past."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, (low, high) in IRAN.items():
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, _("The delivery place is outside Iran."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        if (
            not data.get("county")
            and data.get("latitude") is None
            and "latitude" not in self.errors
        ):
            self.add_error("county", _("Give the delivery place: a county, or coordinates."))
        if not self.errors:
            self._core_check(data)
        return data

    def _core_check(self, data: dict[str, Any]) -> None:
        """The core's own rules (the CLI's REQUEST.json is checked by the same function)."""
        from kargah.exchange import Need as CoreNeed

        values = {k: v for k, v in data.items() if k in self.Meta.fields}
        for name in ("processes", "materials", "certifications"):
            values[name] = [t.code for t in data.get(name) or []]
        values["product_group"] = data["product_group"].code if data.get("product_group") else ""
        for name in ("start", "end", "deadline"):
            values[name] = data[name].isoformat()
        try:
            CoreNeed.from_dict(values)
        except InputError as error:
            field = error.column if error.column in self.fields else None
            self.add_error(field, message(error.message))

    def error(self) -> str:
        """Every error on one line, each after the label of its field (for the API)."""
        return " ".join(
            f"{self.fields[f].label if f in self.fields else ''}: {e}".lstrip(": ")
            for f, errors in self.errors.items() for e in errors
        )  # fmt: skip


class QuoteForm(forms.ModelForm):
    """An owner's answer for one of their own workshops (the choices are theirs only)."""

    workshop = forms.ModelChoiceField(Workshop.objects.none(), label=_("Workshop"))
    attachment = upload_field(
        _("Attachment (optional)"), ATTACHMENTS,
        _("%(value)s: attach a PDF, an image, a spreadsheet, a document or a drawing."),
    )  # fmt: skip

    class Meta:
        model = Quote
        fields = ["workshop", "price", "lead_days", "notes", "attachment"]
        formfield_callback = number_formfield
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, workshops: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = (
            workshops if workshops is not None else Workshop.objects.none()
        )
        self.fields["attachment"].required = False
        self.declining = self.data.get("action") == "decline"
        if not self.declining:
            for name in ("price", "lead_days"):
                self.fields[name].required = True

    def clean_price(self) -> Any:
        value = self.cleaned_data.get("price")
        if value is not None and value <= 0:
            raise forms.ValidationError(_("The price must be more than zero."))
        return value


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )


class InviteForm(forms.Form):
    workshop = forms.ModelChoiceField(Workshop.objects.all(), label=_("Workshop"))
