"""From the coding tables to the cores' inputs: the coded segments that count (a settled
disagreement's code, else the lead coder's), and (unit, coder, code) triples for agreement."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
from django.db.models import Count

from kargah.coding import Agreement
from kargah.web.coding.models import Coding, Resolution, Segment
from kargah.web.survey.models import Survey


def lead_coder_id(survey: Survey) -> int | None:
    """The survey's lead coder, else whoever coded most (counted by the database)."""
    if survey.lead_coder_id:
        return int(survey.lead_coder_id)
    busiest = (
        Coding.objects.filter(segment__answer__respondent__survey=survey)
        .values("coder_id")
        .annotate(n=Count("id"))
        .order_by("-n", "coder_id")
        .first()
    )
    return int(busiest["coder_id"]) if busiest else None


def coded_segments(survey: Survey) -> pd.DataFrame:
    """One row per segment that counts: respondent, sector, area (key), kind, rank, segment,
    theme (name), code (name)."""
    lead = lead_coder_id(survey)
    segments = Segment.objects.filter(answer__respondent__survey=survey).values_list(
        "id",
        "answer__respondent__code",
        "answer__respondent__sector",
        "answer__question__area__key",
        "answer__question__kind",
        "answer__rank",
    )
    chosen: dict[int, tuple[str, str | None]] = {}
    for segment, code, theme in Coding.objects.filter(
        segment__answer__respondent__survey=survey, coder_id=lead
    ).values_list("segment_id", "code__name", "code__theme__name"):
        chosen[segment] = (code, theme)
    for segment, code, theme in Resolution.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "code__name", "code__theme__name"):
        chosen[segment] = (code, theme)
    rows = [
        (respondent, sector, area or "", kind, rank, sid, *chosen[sid])
        for sid, respondent, sector, area, kind, rank in segments
        if sid in chosen
    ]
    columns = ["respondent", "sector", "area", "kind", "rank", "segment", "code", "theme"]
    return pd.DataFrame(rows, columns=columns)


def agreement_table(survey: Survey, level: str = "theme") -> list[dict[str, Any]]:
    """Kappa and alpha per area (and kind) and overall, at the level of codes or of themes."""
    field = "code__theme_id" if level == "theme" else "code_id"
    rows = Coding.objects.filter(segment__answer__respondent__survey=survey).values_list(
        "segment_id",
        "coder__username",
        field,
        "segment__answer__question__area__fa",
        "segment__answer__question__area__en",
        "segment__answer__question__kind",
        "segment__answer__question__area__order",
    )
    Key = tuple[bool, int, str, str, str]
    groups: dict[Key, list[tuple[int, str, Any]]] = defaultdict(list)
    for segment, coder, code, fa, en, kind, order in rows:
        # challenges first, then solutions, each in the form's order of areas
        groups[kind != "challenge", order or 0, fa or "", en or "", kind].append(
            (segment, coder, code)
        )
    table = []
    for (_, _, fa, en, kind), triples in sorted(groups.items()):
        table.append({"area_fa": fa, "area_en": en, "kind": kind, **_measure(triples)})
    everything = [t for triples in groups.values() for t in triples]
    if everything:
        table.append({"area_fa": "همه", "area_en": "all", "kind": "", **_measure(everything)})
    return table


def _measure(triples: list[tuple[int, str, Any]]) -> dict[str, Any]:
    result = Agreement.compute(triples)
    return {**result.as_dict(), "paired_units": result.paired_units}


def disagreements(survey: Survey) -> list[dict[str, Any]]:
    """Segments two or more coders coded differently and nobody has settled yet."""
    by_segment: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    for segment, coder, code, name in Coding.objects.filter(
        segment__answer__respondent__survey=survey, segment__resolution__isnull=True
    ).values_list("segment_id", "coder__username", "code_id", "code__name"):
        by_segment[segment][coder] = (code, name)
    differing = {s: c for s, c in by_segment.items() if len({v[0] for v in c.values()}) > 1}
    segments = Segment.objects.filter(id__in=differing).select_related(
        "answer__question__area", "answer__respondent"
    )
    return [{"segment": s, "codings": sorted(differing[s.pk].items())} for s in segments]
