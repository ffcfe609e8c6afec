"""Branch codes and their titles."""

from __future__ import annotations

import pytest

from kargah.branches import canonical_code, is_valid, systems, title


def test_isic4_titles_in_both_languages() -> None:
    assert title("13") == "Manufacture of textiles"
    assert title("13", lang="fa") == "تولید منسوجات"
    assert title("C", lang="en") == "Manufacturing"
    assert title("9999") is None


@pytest.mark.parametrize(
    ("code", "system", "valid"),
    [
        ("1311", "isic4", True),
        ("13", "isic4", True),
        ("۱۳", "isic4", True),
        ("C", "isic4", True),
        ("9999", "isic4", False),
        ("1", "isic4", False),
        ("32", "isic2", True),
        ("31-33", "naics", True),
        ("23", "naics", True),
        ("3361", "naics", True),
        ("2x", "naics", False),
        ("C13", "nace", True),
        ("13.92", "nace", True),
        ("Z99", "nace", False),
    ],
)
def test_is_valid(code: str, system: str, valid: bool) -> None:
    assert is_valid(code, system) is valid


def test_isic2_has_the_thesis_textile_division() -> None:
    assert "Textile" in (title("32", "isic2") or "")


def test_unknown_system_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown branch system"):
        is_valid("13", "sic")


def test_helpers() -> None:
    assert canonical_code(" ۲۵ ") == "25"
    assert systems()[0] == "isic4"


def test_an_unknown_system_is_a_kargah_error() -> None:
    from kargah.errors import KargahError

    with pytest.raises(KargahError, match="known: isic4"):
        is_valid("13", "foo")
