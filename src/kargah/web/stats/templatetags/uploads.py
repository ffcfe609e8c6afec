"""``{% load uploads %}``: the encodings an upload form offers (``kargah.tables.ENCODINGS``)."""

from __future__ import annotations

from django import template

from kargah.tables import ENCODINGS

register = template.Library()


@register.simple_tag
def encoding_choices() -> list[tuple[str, str]]:
    return list(ENCODINGS.items())
