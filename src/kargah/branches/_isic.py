"""ISIC titles in Persian and English, from the metadata the `bssir` package ships.

Only its metadata files are read: ``industries.yaml`` for ISIC Rev.4 (titles in both languages,
with Iran's 5-digit national extension) and ``industries_comprehensive.yaml`` for Rev.2 and Rev.3
(English titles). The package itself is never imported, since its data loaders reach for the
internet.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from kargah._bssir import metadata_file

#: Kargah's system names → (bssir's file, its section).
SECTIONS = {
    "isic4": ("industries.yaml", "isic_4"),
    "isic3": ("industries_comprehensive.yaml", "isic_3"),
    "isic2": ("industries_comprehensive.yaml", "isic_2"),
}


@cache
def _load(name: str) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with metadata_file(name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=loader)
    return data


@cache
def items(system: str) -> dict[str, dict[str, str]]:
    """code → {"en": title, "fa": title} for one ISIC revision.

    Parsing bssir's YAML takes a noticeable part of a second, paid by every command that checks
    a branch, so the titles are kept in a JSON file in the user's cache, keyed by the metadata
    file's size and time: a new bssir release is read afresh."""
    import json
    import os

    name, section = SECTIONS[system]
    source = metadata_file(name)
    stat = source.stat()
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kargah"
    cached = root / f"{system}-{stat.st_size}-{int(stat.st_mtime)}.json"
    try:
        loaded: dict[str, dict[str, str]] = json.loads(cached.read_text(encoding="utf-8"))
        return loaded
    except (OSError, ValueError):
        pass
    out = _titles(name, section)
    try:
        root.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    except OSError:  # a read-only home: the titles are still right, only slower next time
        pass
    return out


def _titles(name: str, section: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for code, item in _load(name)[section]["items"].items():
        english = item.get("title") or item.get("description") or ""
        titles = {"en": " ".join(str(english).split())}
        persian = item.get("farsi_title") or item.get("farsi_description")
        if persian:
            titles["fa"] = " ".join(str(persian).split())
        out[str(code)] = titles
    return out
