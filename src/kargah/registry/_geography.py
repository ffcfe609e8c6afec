"""Iran's provinces and counties in Persian and English, from the metadata the ``bssir`` package
ships (``id_information.yaml``); only the file is read, the package is never imported.

In that file counties sit in one flat mapping, grouped under comment lines that name their
province ("# Gilan: گیلان"), so the grouping is read from the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kargah._bssir import metadata_file

_SECTION = re.compile(r"^(\w[\w_]*):\s*$")
_PROVINCE = re.compile(r"^\s*#\s*([A-Za-z][\w'\- ]*):\s*(\S.*?)\s*$")
_ENTRY = re.compile(r"^\s+([A-Za-z][\w'\-]*):\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class Place:
    en: str
    fa: str
    province: str | None = None  # English name of the province, for a county

    def name(self, lang: str = "en") -> str:
        return self.fa if lang == "fa" else self.en.replace("-", " ").replace("_", " ")


@cache
def _read() -> tuple[tuple[Place, ...], tuple[Place, ...]]:
    provinces: list[Place] = []
    counties: list[Place] = []
    section = None
    province = None
    for line in metadata_file("id_information.yaml").read_text(encoding="utf-8").splitlines():
        if found := _SECTION.match(line):
            section = found.group(1)
            continue
        if section == "province_name_translation" and (entry := _ENTRY.match(line)):
            provinces.append(Place(entry.group(1), entry.group(2)))
        elif section == "county_name_translation":
            if header := _PROVINCE.match(line):
                province = header.group(1).strip()
            elif entry := _ENTRY.match(line):
                counties.append(Place(entry.group(1), entry.group(2), province))
    return tuple(provinces), tuple(counties)


def provinces() -> list[Place]:
    """Iran's provinces."""
    return list(_read()[0])


def counties(province: str | None = None) -> list[Place]:
    """Iran's counties, or one province's (by its English name, e.g. ``"Gilan"``)."""
    return [c for c in _read()[1] if province is None or c.province == province]
