"""Numbers as a reader expects them: Persian digits and the Persian thousands sign in Persian
pages, ASCII digits and commas in English ones."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from kargah.text import persian_digits
from kargah.web.numbers import local_number, local_percent

register = template.Library()


@register.filter
def num(value: object, decimals: int = 0) -> str:
    """``{{ w.capital|num }}`` → ۱٬۲۰۰٬۰۰۰ in Persian, 1,200,000 in English; empty for none."""
    if value is None or value == "":
        return ""
    try:
        float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return local_number(value, int(decimals))


@register.filter
def digits(value: object) -> str:
    """Any text with its digits in the reader's script (years, codes, page numbers)."""
    text = "" if value is None else str(value)
    return persian_digits(text) if get_language() == "fa" else text


@register.filter
def pct(value: object, decimals: int = 1) -> str:
    """A share (0–1) as a percentage in the reader's digits: ۹۱٫۲٪ or 91.2%."""
    return local_percent(value, int(decimals))


@register.filter
def problem(text: object) -> str:
    """An error a background job kept in English, in the reader's language
    (:func:`kargah.web.problems.described_text`)."""
    from kargah.web.problems import described_text

    return described_text(str(text or ""))


@register.filter
def isic_title(code: object) -> str:
    """An ISIC Rev.4 code's title in the reader's language (from bssir's metadata)."""
    from kargah.branches import title

    return title(str(code), "isic4", get_language() or "fa") or ""


@register.filter
def when(value: object) -> str:
    """A moment in the reader's calendar: Jalali with Persian digits in Persian, Gregorian in
    English; Tehran time either way."""
    if value is None:
        return ""
    from django.utils import timezone
    from persiantools.jdatetime import JalaliDateTime

    moment = timezone.localtime(value)  # type: ignore[arg-type]
    if get_language() == "fa":
        return persian_digits(JalaliDateTime(moment).strftime("%Y/%m/%d %H:%M"))
    return moment.strftime("%Y-%m-%d %H:%M")


@register.filter
def get(mapping: object, key: object) -> object:
    """``{{ counts|get:code.pk }}``: a dictionary's value, 0 where it has none."""
    return mapping.get(key, 0) if isinstance(mapping, dict) else 0
