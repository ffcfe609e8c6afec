"""From the coding tables to the cores' inputs: the coded segments that count (a settled
disagreement's code, else the chosen coder's — the lead coder's unless the analyst picks
another), and (unit, coder, code) triples for agreement between two chosen coders."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd
from django.db.models import Count

from kargah.coding import Agreement, code_agreement, cohen_kappa, percent_agreement
from kargah.web.coding.models import Code, Coding, Resolution, Segment, Theme
from kargah.web.coding.tree import branch_themes
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


def coders(survey: Survey) -> list[tuple[int, str, int]]:
    """Who coded in the survey: (user id, username, codings), busiest first."""
    rows = (
        Coding.objects.filter(segment__answer__respondent__survey=survey)
        .values("coder_id", "coder__username")
        .annotate(n=Count("id"))
        .order_by("-n", "coder__username")
    )
    return [(r["coder_id"], r["coder__username"], r["n"]) for r in rows]


def coded_segments(survey: Survey, coder_id: int | None = None) -> pd.DataFrame:
    """One row per segment that counts: respondent, sector, area (key), kind, rank, segment,
    code (name), theme (name; None while the code is in no theme, or in a theme made for the
    other kind or another area), elsewhere (True for the latter), assisted (the coding was made
    by accepting a machine suggestion). ``coder_id`` is whose codings count (default: the lead
    coder's); a settled disagreement's code counts over anybody's."""
    coder = coder_id if coder_id is not None else lead_coder_id(survey)
    segments = Segment.objects.filter(answer__respondent__survey=survey).values_list(
        "id",
        "answer__respondent__code",
        "answer__respondent__sector",
        "answer__question__area__key",
        "answer__question__kind",
        "answer__rank",
    )
    # a sub-code counts for its branch's theme (the top code carries it)
    theme_of = branch_themes(survey)
    listed = Theme.objects.filter(survey=survey).values_list("id", "name", "kind", "area__key")
    themes = {pk: (name, kind, area) for pk, name, kind, area in listed}
    chosen: dict[int, tuple[str, str | None, str | None, str | None, bool]] = {}
    for segment, code_id, code, assisted in Coding.objects.filter(
        segment__answer__respondent__survey=survey, coder_id=coder
    ).values_list("segment_id", "code_id", "code__name", "assisted"):
        chosen[segment] = (code, *themes.get(theme_of.get(code_id) or 0, (None, None, None)),
                           assisted)  # fmt: skip
    for segment, code_id, code in Resolution.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "code_id", "code__name"):
        chosen[segment] = (code, *themes.get(theme_of.get(code_id) or 0, (None, None, None)),
                           False)  # fmt: skip
    rows = []
    for sid, respondent, sector, area, kind, rank in segments:
        if sid not in chosen:
            continue
        code, theme, theme_kind, theme_area, assisted = chosen[sid]
        # a theme made for challenges (or for one area) says nothing about solutions (or others)
        elsewhere = theme is not None and (
            bool(theme_kind and theme_kind != kind) or bool(theme_area and theme_area != area)
        )
        rows.append(
            (respondent, sector, area or "", kind, rank, sid, code,
             None if elsewhere else theme, elsewhere, assisted)
        )  # fmt: skip
    columns = ["respondent", "sector", "area", "kind", "rank", "segment", "code", "theme",
               "elsewhere", "assisted"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def agreement_table(
    survey: Survey,
    level: str = "theme",
    pair: tuple[str, str] | None = None,
    without_assisted: bool = False,
) -> list[dict[str, Any]]:
    """Per area (and kind) and overall, at the level of codes or of themes: Krippendorff's alpha
    over every coder, and Cohen's kappa and percent agreement between the ``pair`` of coders
    (usernames) on the segments both coded — a third person's trial codings do not hide them.
    ``without_assisted``: codings made by accepting a machine suggestion are left out."""
    groups = _triples(survey, level, without_assisted)
    table = []
    for (_, _, fa, en, kind), triples in sorted(groups.items()):
        table.append({"area_fa": fa, "area_en": en, "kind": kind, **_measure(triples, pair)})
    everything = [t for triples in groups.values() for t in triples]
    if everything:
        table.append({"area_fa": "همه", "area_en": "all", "kind": "", **_measure(everything, pair)})
    return table


def code_agreement_table(
    survey: Survey, pair: tuple[str, str], without_assisted: bool = False
) -> list[dict[str, Any]]:
    """Per code, how the ``pair`` of coders agree on it (on the segments both coded)."""
    groups = _triples(survey, "code", without_assisted)
    triples = [t for group in groups.values() for t in group]
    first, second = _paired(triples, pair)
    names = dict(Code.objects.filter(survey=survey).values_list("id", "name"))
    rows = code_agreement(first, second)
    return [{**r, "name": names.get(r["code"], "")} for r in rows]


Triple = tuple[int, str, Any]


def _triples(
    survey: Survey, level: str, without_assisted: bool = False
) -> dict[tuple[bool, int, str, str, str], list[Triple]]:
    theme_of = branch_themes(survey) if level == "theme" else None
    codings = Coding.objects.filter(segment__answer__respondent__survey=survey)
    if without_assisted:
        codings = codings.filter(assisted=False)
    rows = codings.values_list(
        "segment_id",
        "coder__username",
        "code_id",
        "segment__answer__question__area__fa",
        "segment__answer__question__area__en",
        "segment__answer__question__kind",
        "segment__answer__question__area__order",
    )
    groups: dict[tuple[bool, int, str, str, str], list[Triple]] = defaultdict(list)
    for segment, coder, code, fa, en, kind, order in rows:
        if theme_of is not None:  # a sub-code agrees on its branch's theme
            code = theme_of.get(code)
        # challenges first, then solutions, each in the form's order of areas
        groups[kind != "challenge", order or 0, fa or "", en or "", kind].append(
            (segment, coder, code)
        )
    return groups


def _paired(triples: list[Triple], pair: tuple[str, str]) -> tuple[list[Any], list[Any]]:
    """The two coders' codes on the segments both coded (with a code), in the same order."""
    by_segment: dict[int, dict[str, Any]] = defaultdict(dict)
    for segment, coder, code in triples:
        if coder in pair and code is not None:
            by_segment[segment][coder] = code
    both = [codes for codes in by_segment.values() if len(codes) == 2]
    return [c[pair[0]] for c in both], [c[pair[1]] for c in both]


def _measure(triples: list[Triple], pair: tuple[str, str] | None) -> dict[str, Any]:
    result = Agreement.compute(triples)
    measured = {**result.as_dict(), "paired_units": result.paired_units, "percent": None}
    if pair is None:
        return measured
    first, second = _paired(triples, pair)
    measured.update(
        cohen_kappa=cohen_kappa(first, second) if first else None,
        paired_units=len(first),
        percent=percent_agreement(first, second) if first else None,
    )
    return measured


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
