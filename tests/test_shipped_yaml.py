"""The YAML files shipped in kargah/data: no value lost to YAML's flow style."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

FILES = sorted(
    str(path.relative_to(resources.files("kargah") / "data"))  # type: ignore[arg-type]
    for path in (resources.files("kargah") / "data").rglob("*.yaml")  # type: ignore[attr-defined]
)


def empty_keys(value: Any) -> list[str]:
    """Keys without a value: what an unquoted comma in ``{en: Doors, windows and joinery}``
    leaves behind ("Doors" became the name, " windows and joinery" an empty key)."""
    if isinstance(value, dict):
        found = [str(k) for k, v in value.items() if v is None]
        return found + [k for v in value.values() for k in empty_keys(v)]
    if isinstance(value, list):
        return [k for v in value for k in empty_keys(v)]
    return []


@pytest.mark.parametrize("name", FILES)
def test_no_value_is_cut_at_a_comma(name: str) -> None:
    text = (resources.files("kargah") / "data" / name).read_text(encoding="utf-8")
    assert empty_keys(yaml.safe_load(text)) == []


def test_the_files_are_found() -> None:
    assert {"survey/guilan_themes.yaml", "registry/catalog.yaml"} <= set(FILES)
