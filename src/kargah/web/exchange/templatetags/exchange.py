"""The exchange's template filters: a day in the reader's calendar, a county in their language."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.translation import get_language

from kargah.text import persian_digits

register = template.Library()


@register.filter
def day(value: object) -> str:
    """A date: Jalali with Persian digits on a Persian page, ISO on an English one."""
    if not isinstance(value, date):
        return ""
    if get_language() == "fa":
        from persiantools.jdatetime import JalaliDate

        return persian_digits(JalaliDate(value).strftime("%Y/%m/%d"))
    return value.isoformat()


@register.filter
def place(county: object) -> str:
    """A county's English name (as stored) in the reader's language."""
    from kargah.registry import counties

    lang = get_language() or "fa"
    found = next((c for c in counties() if c.en == county), None)
    return found.name(lang) if found else str(county or "")
