"""Where the metadata of the ``bssir`` package lies: ISIC titles and Iran's provinces and
counties in Persian and English, maintained there. Only its files are read; the package itself is
never imported, since its data loaders reach for the internet."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def metadata_file(name: str) -> Path:
    spec = importlib.util.find_spec("bssir")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the bssir package is not installed; Kargah reads its metadata files")
    return Path(next(iter(spec.submodule_search_locations))) / "metadata" / name
