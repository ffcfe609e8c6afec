"""``{% load uploads %}``: the encodings an upload form offers (``kargah.tables.ENCODINGS``)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from kargah.tables import ENCODINGS

register = template.Library()
#: The encodings' names where they say more than a name (the core's are English).
NAMES = {"cp1256": _("Windows-1256 (Arabic script)"), "cp1252": _("Windows-1252 (Latin-1)")}


@register.simple_tag
def encoding_choices() -> list[tuple[str, str]]:
    return [(value, str(NAMES.get(value, name))) for value, name in ENCODINGS.items()]
