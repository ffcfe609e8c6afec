"""The text the suggestion models read, and an answer's clauses.

An answer often speaks of several themes, one clause each ("tasty, but the price is high"):
the models learn from whole answers and read each clause too (``_suggest``), so a theme said in
one clause of a long answer is not drowned by the rest of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Marks that glue to a word inside a character n-gram ("بود." is not "بود"), and a letter
#: stretched for emphasis ("خیییلی"): both split the same word into unrelated n-grams.
_MARKS = re.compile(r"[^\w\s]+")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
#: Where a clause ends: a punctuation mark, or a word that joins two clauses (and, but, only,
#: also, because, that, except, of course) between spaces. Measured on ParsiNLU's food reviews
#: (docs/coding.md): splitting at punctuation alone found fewer themes at the same precision.
_BREAK = re.compile(r"[.!؟?،,;؛:\n]+|\s+(?:و|ولی|ولیکن|اما|بجز|به جز|فقط|هم|که|چون|البته)\s+")


def prepare(texts: Sequence[object]) -> list[str]:
    """``kargah.text.normalise``, then punctuation as spaces and stretched letters as one."""
    from kargah.text import normalise

    return [_clean(normalise(t)) for t in texts]


def read(texts: Sequence[object]) -> tuple[list[str], list[list[str]]]:
    """Each text prepared as :func:`prepare` does, and its clauses, prepared the same way (a text
    of none: itself) — normalised once for both, as suggesting for many answers reads both."""
    from kargah.text import normalise

    wholes, found = [], []
    for text in texts:
        plain = normalise(text)
        whole = _clean(plain)
        parts = [_clean(p) for p in _BREAK.split(plain)]
        wholes.append(whole)
        found.append([p for p in parts if len(p) > 1] or [whole])
    return wholes, found


def _clean(text: str) -> str:
    return " ".join(_MARKS.sub(" ", _STRETCHED.sub(r"\1", text)).split())
