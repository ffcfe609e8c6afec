"""The exchange's common nomenclature: processes, materials and certifications, each a list of
terms whose dotted code is its place in the hierarchy (``machining`` → ``machining.cnc-turning``).

Shipped as ``kargah/data/exchange/*.yaml``; each term names its source, and what no source gives
is labelled synthetic there."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from kargah.errors import InputError
from kargah.text import normalise

KINDS = ("processes", "materials", "certifications")


@dataclass(frozen=True)
class Term:
    """One entry: ``parent`` is the code one level up ("" at the top)."""

    code: str
    name_fa: str
    name_en: str
    parent: str = ""
    source: str = ""
    aliases: tuple[str, ...] = ()

    def name(self, lang: str = "en") -> str:
        return self.name_fa if lang == "fa" else self.name_en


@dataclass(frozen=True, eq=False)  # hashed by identity: its lookups are cached
class Nomenclature:
    processes: list[Term]
    materials: list[Term]
    certifications: list[Term]
    sources: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def covers(need_code: str, offered_code: str) -> bool:
        """A need's code is met by the same code or any code below it.

        >>> Nomenclature.covers("machining", "machining.cnc-turning")
        True
        >>> Nomenclature.covers("machining.cnc-turning", "machining")
        False
        """
        return offered_code == need_code or offered_code.startswith(need_code + ".")

    def terms(self, kind: str) -> list[Term]:
        if kind not in KINDS:
            raise InputError(f"not a kind of term: {kind} (one of {', '.join(KINDS)})")
        terms: list[Term] = getattr(self, kind)
        return terms

    def term(self, kind: str, code: str) -> Term | None:
        return _index(self, kind).get(code)

    def resolve(self, kind: str, text: str) -> str | None:
        """The code a cell means — its code, its Persian or English name, or an alias — or
        None when it is none of them."""
        return _names(self, kind).get(normalise(text))

    def ancestors(self, code: str) -> list[str]:
        """The code and every code above it: ``a.b.c`` → ``a.b.c, a.b, a``."""
        parts = code.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]

    def label(self, kind: str, code: str, lang: str = "en") -> str:
        term = self.term(kind, code)
        return term.name(lang) if term is not None else code


@cache
def _index(nomenclature: Nomenclature, kind: str) -> dict[str, Term]:
    return {t.code: t for t in nomenclature.terms(kind)}


@cache
def _names(nomenclature: Nomenclature, kind: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for term in nomenclature.terms(kind):
        for text in (term.name_en, term.name_fa, *term.aliases, term.code):
            found[normalise(text)] = term.code
    return found


def _read(kind: str) -> tuple[list[Term], str]:
    import yaml

    path = resources.files("kargah") / "data" / "exchange" / f"{kind}.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = []
    for entry in data["terms"]:
        code = str(entry["code"])
        terms.append(
            Term(
                code=code,
                name_fa=entry["name"]["fa"],
                name_en=entry["name"]["en"],
                parent=code.rpartition(".")[0],
                source=str(entry.get("source", "")),
                aliases=tuple(entry.get("aliases", ())),
            )
        )
    return terms, " ".join(str(data.get("source", "")).split())


@cache
def nomenclature() -> Nomenclature:
    """The shipped nomenclature (read once)."""
    read = {kind: _read(kind) for kind in KINDS}
    return Nomenclature(
        processes=read["processes"][0],
        materials=read["materials"][0],
        certifications=read["certifications"][0],
        sources={kind: source for kind, (_terms, source) in read.items()},
    )
