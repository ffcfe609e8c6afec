"""Numbers as a reader writes and reads them: Persian pages show Persian digits, the Persian
thousands sign (٬) and decimal mark (٫); English pages plain ASCII. Number fields take what
either keyboard types (۱۵۰۰, ١٥٠٠, ۱٬۵۰۰, 1,500) and show their value back the same way.

The fields are text inputs with ``inputmode``: a browser's ``type="number"`` input throws away
Persian digits before the form ever sees them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kargah.text import ascii_digits, persian_digits

#: What people type between digit groups, and signs that only say the unit.
_IGNORED = str.maketrans("", "", "٬,،'_ \u00a0\u202f\u066c%٪")


def local_number(value: object, decimals: int | None = None, *, grouping: bool = True) -> str:
    """``value`` in the page's digits: ``decimals`` places, or as many as it has (none for a
    whole number: never ``4308000000.0``). Empty for none.

    >>> from django.utils import translation
    >>> with translation.override("fa"):
    ...     local_number(23.25, 1), local_number(4308000000.0)
    ('۲۳٫۲', '۴٬۳۰۸٬۰۰۰٬۰۰۰')
    """
    if value is None or value == "":
        return ""
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if decimals is None:
        text = f"{number:{',' if grouping else ''}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{number:{',' if grouping else ''}.{int(decimals)}f}"
    if get_language() == "fa":
        return persian_digits(text.replace(",", "٬").replace(".", "٫"))
    return text


def local_percent(share: object, decimals: int = 1) -> str:
    """A share (0–1) as a percentage in the page's digits: ۹۱٫۲٪ or 91.2%."""
    if share is None or share == "":
        return ""
    try:
        value = float(share)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(share)
    text = local_number(value * 100, decimals, grouping=False)
    return text + ("٪" if get_language() == "fa" else "%")


def ascii_number(text: str) -> str:
    """What was typed, as Python reads a number: ASCII digits, no grouping signs, ``.``."""
    return ascii_digits(str(text)).translate(_IGNORED).strip()


class NumberInput(forms.TextInput):
    """A text input showing its number in the page's digits (grouped in Persian, unless
    ``grouping=False``: a year is ۱۳۸۵, not ۱٬۳۸۵)."""

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, whole: bool = False, grouping: bool = True
    ) -> None:
        mode = "numeric" if whole else "decimal"
        super().__init__({"inputmode": mode, "dir": "ltr", **(attrs or {})})
        self.grouping = grouping

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return local_number(value, grouping=self.grouping and get_language() == "fa")
        return super().format_value(value)


class _Localised:
    """What a number field shares: typed digits of any script read, shown in the page's."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = ascii_number(value)
        return super().to_python(value)  # type: ignore[misc]


class IntegerField(_Localised, forms.IntegerField):
    widget = NumberInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", NumberInput(whole=True))
        super().__init__(**kwargs)


class FloatField(_Localised, forms.FloatField):
    widget = NumberInput


class PercentField(FloatField):
    """A share kept as 0–1, typed and shown as a percentage (91.2 for 0.912)."""

    default_error_messages = {"range": _("Enter a percentage between 0 and 100.")}

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return round(value * 100, 9)
        return value

    def to_python(self, value: Any) -> float | None:
        percent = super().to_python(value)
        if percent is None:
            return None
        if not 0 <= percent <= 100:
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return round(percent / 100, 12)  # 91.2 → 0.912, not 0.9120000000000001


def number_formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """A model form's ``formfield_callback``: every number column gets a field of this module."""
    if isinstance(field, models.IntegerField | models.AutoField) and not field.choices:
        kwargs.setdefault("form_class", IntegerField)
    elif isinstance(field, models.FloatField):
        kwargs.setdefault("form_class", FloatField)
    return field.formfield(**kwargs)
