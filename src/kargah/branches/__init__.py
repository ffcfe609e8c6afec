"""``kargah.branches``: activity classifications. ISIC Rev.4 (default), Rev.3 and Rev.2 with
titles in Persian and English from the metadata the ``bssir`` package ships; NAICS and NACE codes
checked by their shape."""

from kargah.branches._branch import canonical_code, codes, is_valid, systems, title

__all__ = ["canonical_code", "codes", "is_valid", "systems", "title"]
