"""A definition file that cannot be used says which file, which line, and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from kargah.errors import DefinitionError
from kargah.sizeclass import load_definition

HEAD = "id: mine\nname: {en: Mine, fa: مال من}\nsource: user\n"


@pytest.mark.parametrize(
    ("body", "line", "why"),
    [
        ("classes:\n  - {name: small, employees: {min: 0, max: 19}\n", 5, "not valid YAML"),
        ("classes:\n  - {name: small, employes: {max: 9}}\n", 5, "unknown key 'employes'"),
        (
            "classes:\n  - {name: small, employees: {min: 20, max: 19}}\n",
            5,
            "min 20 is above max 19",
        ),
        ("classes:\n  - {name: small, employees: {max: nine}}\n", 5, "must be a number"),
        ("classes:\n  - {employees: {max: 9}}\n", 5, "needs a 'name'"),
        ("classes:\n  - {name: small}\n", 5, "needs a rule"),
        ("classes:\n  - {name: small, capital: {max: 5}}\n", 5, "give its currency"),
        ("classes: []\n", 4, "at least one class"),
        (
            "classes:\n  - {name: a, employees: {max: 9}}\n  - {name: b, employees: {min: 5}}\n",
            6,
            "overlaps class 'a'",
        ),
        (
            "classes:\n  - {name: a, otherwise: true}\n  - {name: b, employees: {min: 5}}\n",
            6,
            "after an 'otherwise'",
        ),
        (
            "classes:\n  - {name: a, employees: {max: 9}}\n  - {name: a, employees: {min: 10}}\n",
            6,
            "defined twice",
        ),
        ("colour: red\nclasses:\n  - {name: a, employees: {max: 9}}\n", 4, "unknown key 'colour'"),
    ],
)
def test_bad_files(tmp_path: Path, body: str, line: int, why: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    message = str(caught.value)
    assert message.startswith(f"mine.yaml, line {line}:"), message
    assert why in message


def test_missing_required_key(tmp_path: Path) -> None:
    path = tmp_path / "nosource.yaml"
    path.write_text("id: x\nname: X\nclasses:\n  - {name: a, otherwise: true}\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="nosource.yaml, line 1: 'source' is missing"):
        load_definition(path)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    with pytest.raises(DefinitionError, match="empty"):
        load_definition(tmp_path / "empty.yaml")
    with pytest.raises(DefinitionError, match="cannot read"):
        load_definition(tmp_path / "absent.yaml")
