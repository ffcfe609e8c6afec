"""The workshop forms' activity field: ISIC Rev.4 classes and Iran's five-digit activities as a
list searched by title in either language or by code (tom-select, ``static/kargah/activity.js``).
Each option shows “code — title” in the page's language and carries the other language's title
in ``data-other`` for the search. The ~600 options are rendered once per language and kept:
Django's per-option widget templates made the edit page five times slower."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kargah.branches import codes, title
from kargah.text import persian_digits


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


@cache
def _options(lang: str) -> tuple[SafeString, frozenset[str]]:
    other = "en" if lang == "fa" else "fa"
    shown = persian_digits if lang == "fa" else str
    wanted = [c for c in codes("isic4") if c.isdigit() and len(c) >= 4]
    html = format_html_join(
        "",
        '<option value="{}" data-other="{}">{} — {}</option>',
        ((c, title(c, "isic4", other) or "", shown(c), _title(c, lang)) for c in wanted),
    )
    return html, frozenset(wanted)


class ActivitySelect(forms.Select):
    """The activity list (see the module); the current code is selected, and kept as an option
    when it is not one of the listed."""

    class Media:
        css = {"all": ["vendor/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select.complete.min.js", "kargah/activity.js"]

    def __init__(self) -> None:
        super().__init__(
            attrs={"class": "activity-search", "data-placeholder": _("Search by title or code")}
        )

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        options, known = _options(get_language() or "fa")
        value = "" if value is None else str(value)
        if value and value not in known:  # a code of another level, or what was typed
            options = format_html('<option value="{}">{}</option>', value, value) + options
        if value:
            target = f'value="{escape(value)}"'
            options = mark_safe(options.replace(target, f"{target} selected", 1))
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f'<select{flatatt(final)}><option value="">—</option>{options}</select>')
