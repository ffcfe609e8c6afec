"""Passages of an answer as the coding screen draws them: the text cut at every start and end of
the codings on it, so overlapping codings become runs of text each knowing which codings cover
it. Offsets are Python ``str`` indices (code points, as ``.qdpx`` counts them), never UTF-16."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class SpanRun:
    """``text[start:end]``, covered by the codings ``keys`` (outermost first; empty: none)."""

    start: int
    end: int
    text: str
    keys: tuple[Hashable, ...] = ()


def span_runs(
    text: str, spans: Iterable[tuple[int, int, Hashable]], cuts: Iterable[int] = ()
) -> list[SpanRun]:
    """``text`` cut into runs at each span's ``(start, end)`` and at ``cuts`` (other places the
    page needs a boundary, such as the segment on screen); each run lists the spans covering it,
    longest first so the shortest is drawn on top. Spans outside the text are clipped; empty
    ones dropped."""
    size = len(text)
    kept = []
    for start, end, key in spans:
        start, end = max(0, start), min(size, end)
        if start < end:
            kept.append((start, end, key))
    kept.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    places = {0, size} | {p for s in kept for p in s[:2]} | {c for c in cuts if 0 <= c <= size}
    edges = sorted(places)
    return [
        SpanRun(a, b, text[a:b], tuple(k for s, e, k in kept if s <= a and b <= e))
        for a, b in pairwise(edges)
        if a < b
    ]
