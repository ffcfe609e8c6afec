"""The shipped nomenclature: every term named in both languages with a source, every code's
parent a term too (the hierarchy is the code's prefix), and names resolve to codes."""

from __future__ import annotations

import pytest

from kargah.exchange import Nomenclature, nomenclature

KINDS = ("processes", "materials", "certifications")


@pytest.mark.parametrize("kind", KINDS)
def test_every_term_is_named_sourced_and_placed(kind: str) -> None:
    terms = nomenclature().terms(kind)
    codes = [t.code for t in terms]
    assert len(codes) == len(set(codes)) and len(codes) >= 10
    for term in terms:
        assert term.name_fa and term.name_en and term.source, term
        assert term.parent == "" or term.parent in codes, f"{term.code}: no parent term"
        assert term.code == term.code.strip().lower() and " " not in term.code


def test_what_no_source_gives_is_labelled_synthetic() -> None:
    shipped = nomenclature()
    assert "Synthetic" in shipped.sources["processes"]
    assert all(t.source == "synthetic" for t in shipped.processes)
    assert all(t.source != "synthetic" for t in shipped.certifications)


def test_the_hierarchy_is_the_prefix() -> None:
    assert Nomenclature.covers("machining", "machining.cnc-turning")
    assert Nomenclature.covers("machining", "machining")
    assert not Nomenclature.covers("machining.cnc-turning", "machining")
    assert not Nomenclature.covers("metal.steel", "metal.steel-wire")  # a prefix of the text only
    assert nomenclature().term("processes", "machining.cnc-turning").parent == "machining"
    assert nomenclature().ancestors("metal.steel.stainless") == [
        "metal.steel.stainless", "metal.steel", "metal",
    ]  # fmt: skip


def test_names_and_spellings_resolve_to_codes() -> None:
    shipped = nomenclature()
    assert shipped.resolve("processes", "CNC turning") == "machining.cnc-turning"
    assert shipped.resolve("processes", "تراشکاری CNC") == "machining.cnc-turning"
    assert shipped.resolve("materials", "فولاد") == "metal.steel"
    assert shipped.resolve("certifications", "ISO 9001") == "iso-9001"
    assert shipped.resolve("certifications", "national standard mark") == "national-standard-mark"
    assert shipped.resolve("processes", "alchemy") is None
