"""A ranking project as the core wants it: values (candidate → criterion → number), criteria
with their weights (the experts' group AHP, or entered), the experts' pairwise matrices; and the
criteria's values pulled from the registry's statistics (the location quotient through
:class:`kargah.stats.LocationQuotient`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kargah.errors import KargahError
from kargah.web.priorities.models import Criterion, Expert, Project, Value, isic_codes
from kargah.web.problems import described_text

#: Saaty's 1–9 scale as the form offers it: 9 … 2 (the row criterion more important), 1, 1/2 … 1/9.
SCALE = [str(n) for n in range(9, 1, -1)] + ["1"] + [f"1/{n}" for n in range(2, 10)]
STEPS = 11  # the weights a sweep tries: 0, 0.1 … 1 (21 doubled the results page's time)
STATISTICS = ("lq", "lq_counties", "employees", "workshops", "jobs_per_capital",
              "capital_per_job", "utilisation")  # fmt: skip


def pair_key(first: Criterion, second: Criterion) -> str:
    return f"{first.pk}-{second.pk}"


def pairs(criteria: list[Criterion]) -> list[tuple[Criterion, Criterion]]:
    """The upper triangle: each pair once, in the criteria's order."""
    return [(a, b) for i, a in enumerate(criteria) for b in criteria[i + 1 :]]


def scale_value(text: str) -> float:
    """A Saaty value as the form sends it ("3", "1/3"); ValueError off the scale."""
    if text not in SCALE:
        raise ValueError(text)
    return float(Fraction(text))


def saaty_text(value: float) -> str:
    """A judgement as the form writes it: the scale's value nearest to ``value`` (3, 1/3)."""
    return min(SCALE, key=lambda text: abs(float(Fraction(text)) - value))


def expert_matrix(judgements: dict[str, str], criteria: list[Criterion]) -> Any:
    """The expert's judgements as the core's Pairwise (an unanswered pair counts as equal)."""
    from kargah.priorities import Pairwise

    index = {c.pk: i for i, c in enumerate(criteria)}
    rows = [[1.0] * len(criteria) for _ in criteria]
    for a, b in pairs(criteria):
        text = judgements.get(pair_key(a, b), "1")
        value = scale_value(text) if text in SCALE else 1.0
        rows[index[a.pk]][index[b.pk]] = value
        rows[index[b.pk]][index[a.pk]] = 1.0 / value
    return Pairwise([c.name for c in criteria], rows)


def consistency(judgements: dict[str, str], criteria: list[Criterion]) -> Any:
    """The core's AHP of one expert's matrix (weights, λmax, CI, CR, the judgement to revise)."""
    from kargah.priorities import AHP

    return AHP().weigh([expert_matrix(judgements, criteria)])


@dataclass
class Prepared:
    """What the ranking needs, or the reasons it cannot run yet (``missing``)."""

    project: Project
    names: dict[str, str]  # candidate code → label
    values: dict[str, dict[str, float]]
    criteria: list[Any]  # the core's Criterion, weighted
    ahp: Any = None  # the group's AHP, when the weights are the experts'
    missing: list[str] = field(default_factory=list)


def prepare(project: Project) -> Prepared:
    from kargah.priorities import AHP
    from kargah.priorities import Criterion as Crit

    criteria = list(project.criteria.all())
    candidates = project.candidates()
    names = {c.code: c.name for c in candidates}
    stored: dict[tuple[int, str], float] = {
        (v.criterion_id, v.candidate): v.value
        for v in Value.objects.filter(criterion__project=project)
    }
    missing: list[str] = []
    if len(candidates) < 2:
        missing.append(_("Choose at least two candidates."))
    if len(criteria) < 2:
        missing.append(_("Add at least two criteria."))
    values: dict[str, dict[str, float]] = {}
    for c in candidates:
        values[c.code] = {}
        for k in criteria:
            if (k.pk, c.code) in stored:
                values[c.code][k.name] = stored[k.pk, c.code]
            else:
                missing.append(_("No value of %(c)s for %(k)s.") % {"c": k.name, "k": c.name})
    weights: dict[str, float] = {}
    ahp = None
    if project.weighting == "ahp" and len(criteria) >= 2:
        done = project.experts.filter(submitted__isnull=False)
        try:
            matrices = [expert_matrix(e.judgements, criteria) for e in done]
            ahp = AHP().weigh(matrices) if matrices else None
        except KargahError as error:
            missing.append(described_text(str(error)))
            matrices = [None]
        if ahp is not None:
            weights = dict(ahp.weights_)
        elif not matrices:
            missing.append(_("No expert has submitted a pairwise form yet."))
    elif project.weighting == "direct":
        weights = {k.name: k.weight for k in criteria if k.weight is not None}
        if len(weights) < len(criteria) or not sum(weights.values()) > 0:
            missing.append(_("Give every criterion a direct weight (their sum above zero)."))
    made = []
    for k in criteria:
        try:
            made.append(Crit(k.name, direction=k.direction, weight=weights.get(k.name, 0.0),
                             unit=k.unit, source=k.get_source_display(),
                             preference=k.preference, q=k.q, p=k.p, s=k.s))  # fmt: skip
        except KargahError as error:
            missing.append(described_text(str(error)))
    return Prepared(project, names, values, made, ahp, missing[:20])


def results(project: Project) -> dict[str, Any]:
    """The four methods side by side with their rank correlations, and the stability of the
    TOPSIS ranking; ``missing`` lists what must be done first; ``error`` a refusal of the core."""
    from kargah.priorities import MethodComparison, Stability

    prepared = prepare(project)
    out: dict[str, Any] = {"prepared": prepared, "missing": prepared.missing}
    if prepared.missing:
        return out
    # "vector" is the core's default for TOPSIS (and the weighted sum's is ÷ max): asked by name,
    # the weighted sum would be vector-normalised too; min–max is for both
    normalization = None if project.normalization == "vector" else project.normalization
    settings = {"normalization": normalization, "v": project.v}
    key = _key(prepared, settings)
    if key in _ranked:
        out.update(_ranked[key])
        return out
    try:
        ranked = {
            "comparison": MethodComparison(**settings).rank(prepared.values, prepared.criteria),
            "stability": Stability(method="topsis", steps=STEPS, **settings).rank(
                prepared.values, prepared.criteria
            ),
        }
    except KargahError as error:
        out["error"] = described_text(str(error))
        return out
    if len(_ranked) >= 64:  # bounded: the oldest goes
        _ranked.pop(next(iter(_ranked)), None)
    _ranked[key] = ranked
    out.update(ranked)
    return out


#: Rankings already computed in this process, by what they were computed from (the methods and
#: the stability sweeps take 0.3–0.8 s; the values, weights and settings read in 10–20 ms).
_ranked: dict[str, dict[str, Any]] = {}


def _key(prepared: Prepared, settings: dict[str, Any]) -> str:
    import hashlib

    values = sorted((k, sorted(v.items())) for k, v in prepared.values.items())
    held = repr((values, [repr(k) for k in prepared.criteria], sorted(settings.items()), STEPS))
    return hashlib.sha256(held.encode()).hexdigest()


# -- values from the registry's statistics ------------------------------------------------------


def _matches(isic: str, codes: list[str]) -> bool:
    return any(isic.startswith(code) for code in codes)


def _lq(frame: Any, region: str, column: str, candidates: list[Any]) -> dict[str, float]:
    """Each candidate's location quotient of employment in ``region`` against every row of
    ``frame``: the core's per-ISIC-class records, summed over the candidate's ISIC codes."""
    from kargah.stats import LocationQuotient
    from kargah.web.stats.engine import bind, duckdb_backend

    table = frame.rename(columns={"isic": "branch", column: "region"})[
        ["branch", "region", "employees"]
    ]
    with duckdb_backend() as con:
        records = LocationQuotient(region=region, measure="employees", by="branch").compute(
            bind(con, table)
        )
    out = {}
    for c in candidates:
        codes = isic_codes(c)
        mine = [r for r in records if _matches(str(r["branch"]), codes)]
        reference = sum(float(r["reference_value"] or 0) for r in mine)
        if not records or not reference:
            out[c.code] = 0.0
            continue
        first = records[0]
        share = sum(float(r["region_value"] or 0) for r in mine) / float(first["region_total"])
        out[c.code] = share / (reference / float(first["reference_total"]))
    return out


def _registry(project: Project) -> Any:
    import pandas as pd

    from kargah.web.registry.models import Workshop

    fields = ["isic", "province", "county", "employees", "capital", "utilisation"]
    frame = pd.DataFrame(list(Workshop.objects.values_list(*fields)), columns=fields)
    for column in ("employees", "capital", "utilisation"):
        frame[column] = frame[column].astype("float64")
    return frame


def _summaries(region: Any, candidates: list[Any]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for c in candidates:
        codes = isic_codes(c)
        mine = region[region["isic"].map(lambda i, codes=codes: _matches(str(i), codes))]
        jobs, capital = float(mine["employees"].sum()), float(mine["capital"].sum())
        out[c.code] = {
            "employees": jobs,
            "workshops": float(len(mine)),
            "jobs_per_capital": jobs / (capital / 1e9) if capital else 0.0,
            "capital_per_job": capital / jobs / 1e6 if jobs else 0.0,
            "utilisation": float(mine["utilisation"].mean()) if mine["utilisation"].notna().any()
            else 0.0,
        }  # fmt: skip
    return out


@transaction.atomic
def pull_statistics(project: Project, progress: Any = None) -> int:
    """Fill the values of every criterion whose source is a statistic of the registry; returns
    how many values were written. KargahError when the registry has no workshop in the region.
    ``progress(done, total)`` is told county by county (the slow part)."""
    criteria = [k for k in project.criteria.all() if k.source in STATISTICS]
    candidates = project.candidates()
    if not criteria or not candidates:
        return 0
    frame = _registry(project)
    column = project.region_column
    region = frame[frame[column] == project.region]
    if region.empty:
        raise KargahError(_("The registry has no workshop in %(r)s.") % {"r": project.region})
    computed: dict[str, dict[str, float]] = {}
    sources = {k.source for k in criteria}
    if "lq" in sources:
        computed["lq"] = _lq(frame, project.region, column, candidates)
    if "lq_counties" in sources:
        best: dict[str, float] = {c.code: 0.0 for c in candidates}
        counties = sorted(region["county"].unique())
        for i, county in enumerate(counties):
            if progress is not None:
                progress(i, len(counties))
            for code, lq in _lq(region, county, "county", candidates).items():
                best[code] = max(best[code], lq)
        computed["lq_counties"] = best
    summaries = _summaries(region, candidates)
    written = 0
    for k in criteria:
        for c in candidates:
            value = (
                computed[k.source][c.code] if k.source in computed else summaries[c.code][k.source]
            )
            Value.objects.update_or_create(
                criterion=k, candidate=c.code, defaults={"value": round(value, 6)}
            )
            written += 1
    return written


def submitted(project: Project) -> list[Expert]:
    return list(project.experts.filter(submitted__isnull=False))
