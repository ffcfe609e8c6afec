"""``/api/priorities/projects…``: ranking projects as JSON, with the pages' rights — analysts and
administrators read and change them (signed in: the session, its CSRF token for POSTs); an
expert's link (``/expert/{token}``) takes its own pairwise judgements and answers with their
consistency, no account needed."""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from kargah.errors import KargahError
from kargah.web.accounts.roles import is_analyst
from kargah.web.priorities.models import SOURCES, Criterion, Expert, Project, Value
from kargah.web.priorities.pulling import pull
from kargah.web.priorities.ranking import SCALE, consistency, pair_key, pairs
from kargah.web.priorities.ranking import results as compute
from kargah.web.registry.models import CenterCategory, ProductGroup

router = Router(tags=["priorities"])
Name = Field(min_length=1, max_length=200)


def _analyst(request: HttpRequest) -> None:
    if not is_analyst(request.user):
        raise HttpError(403, "analysts and administrators only")


def _project(request: HttpRequest, project_id: int) -> Project:
    _analyst(request)
    return get_object_or_404(Project, pk=project_id)


class ProjectIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=1, max_length=80)
    region_column: Literal["province", "county"] = "province"
    kind: Literal["category", "group"] = "category"
    candidates: list[str] = Field(default_factory=list, max_length=1000)
    weighting: Literal["ahp", "direct"] = "ahp"
    normalization: Literal["vector", "minmax"] = "vector"
    v: float = Field(0.5, ge=0, le=1)


class CriterionIn(Schema):
    name_fa: str = Name
    name_en: str = Field("", max_length=200)
    direction: Literal["benefit", "cost"] = "benefit"
    unit: str = Field("", max_length=60)
    source: Literal[tuple(s for s, _label in SOURCES)] = "entered"  # type: ignore[valid-type]
    weight: float | None = Field(None, ge=0, le=1e6)
    preference: Literal["usual", "ushape", "vshape", "level", "linear", "gaussian"] = "usual"
    q: float | None = Field(None, ge=0, le=1e15)
    p: float | None = Field(None, ge=0, le=1e15)
    s: float | None = Field(None, ge=0, le=1e15)


class ValuesIn(Schema):
    #: candidate code → criterion name → value
    values: dict[str, dict[str, float]]


class JudgementsIn(Schema):
    #: "row criterion|column criterion" → Saaty value ("3", "1/3")
    judgements: dict[str, str]
    submit: bool = False


def _out(project: Project) -> dict[str, Any]:
    criteria = list(project.criteria.all())
    values: dict[str, dict[str, float]] = {}
    for v in Value.objects.filter(criterion__project=project).select_related("criterion"):
        values.setdefault(v.candidate, {})[v.criterion.name] = v.value
    return {
        "id": project.pk, "name": project.name, "region": project.region,
        "region_column": project.region_column, "kind": project.kind,
        "weighting": project.weighting, "normalization": project.normalization, "v": project.v,
        "synthetic": project.synthetic,
        "candidates": [{"code": c.code, "name": c.name} for c in project.candidates()],
        "criteria": [{"name": k.name, "name_fa": k.name_fa, "name_en": k.name_en,
                      "direction": k.direction, "unit": k.unit,
                      "source": k.source, "weight": k.weight, "preference": k.preference,
                      "q": k.q, "p": k.p, "s": k.s} for k in criteria],
        "values": values,
        "experts": [{"label": e.label, "submitted": e.submitted is not None}
                    for e in project.experts.all()],
    }  # fmt: skip


@router.get("", auth=django_auth)
def project_list(request: HttpRequest) -> list[dict[str, Any]]:
    _analyst(request)
    return [{"id": p.pk, "name": p.name, "region": p.region, "synthetic": p.synthetic}
            for p in Project.objects.all()]  # fmt: skip


@router.post("", auth=django_auth)
def project_new(request: HttpRequest, data: ProjectIn) -> dict[str, Any]:
    """A project; ``candidates`` are codes of center categories or product groups (``kind``)."""
    _analyst(request)
    model = ProductGroup if data.kind == "group" else CenterCategory
    found = list(model.objects.filter(code__in=data.candidates))  # type: ignore[attr-defined]
    unknown = sorted(set(data.candidates) - {c.code for c in found})
    if unknown:
        raise HttpError(400, f"unknown candidate codes: {', '.join(unknown[:10])[:300]}")
    fields = data.dict(exclude={"candidates"})
    with transaction.atomic():
        project = Project.objects.create(**fields)
        (project.groups if data.kind == "group" else project.categories).set(found)
    return _out(project)


@router.get("/{int:project_id}", auth=django_auth)
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _out(_project(request, project_id))


@router.post("/{int:project_id}/criteria", auth=django_auth)
def criterion_new(request: HttpRequest, project_id: int, data: CriterionIn) -> dict[str, Any]:
    project = _project(request, project_id)
    taken = {n for k in project.criteria.all() for n in k.names()}
    if {data.name_fa.strip(), data.name_en.strip()} & taken:
        raise HttpError(400, "this project has a criterion with this name already")
    fields = {**data.dict(), "name_fa": data.name_fa.strip(), "name_en": data.name_en.strip()}
    Criterion.objects.create(project=project, order=project.criteria.count(), **fields)
    return _out(project)


@router.post("/{int:project_id}/values", auth=django_auth)
def values_set(request: HttpRequest, project_id: int, data: ValuesIn) -> dict[str, Any]:
    """Entered values, all or nothing: an unknown candidate or criterion refuses them all. A
    criterion by its name in either language."""
    project = _project(request, project_id)
    criteria = {n: k for k in project.criteria.all() for n in k.names()}
    codes = {c.code for c in project.candidates()}
    with transaction.atomic():
        for code, row in data.values.items():
            for name, value in row.items():
                if code not in codes or name not in criteria:
                    raise HttpError(
                        400, f"unknown candidate '{code[:80]}' or criterion '{name[:80]}'"
                    )
                if value != value or abs(value) > 1e15:
                    raise HttpError(
                        400, f"value of '{code[:80]}' for '{name[:80]}' is not a finite number"
                    )
                Value.objects.update_or_create(
                    criterion=criteria[name], candidate=code, defaults={"value": value}
                )
    return _out(project)


@router.post("/{int:project_id}/pull", auth=django_auth)
def values_pull(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """The values of the criteria whose source is a statistic, from the registry: a background
    job (``/api/jobs/{job}`` tells how it went; a small registry's is done already)."""
    job = pull(_project(request, project_id), request.user)
    return {"job": str(job.pk), "status": job.status, "error": job.error,
            "count": job.result.get("count")}  # fmt: skip


@router.get("/{int:project_id}/results", auth=django_auth)
def results(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """The four methods, their correlations and the TOPSIS ranking's stability (as the CLI's
    JSON), the weights and the experts' consistency; or ``missing``: what must be done first."""
    found = compute(_project(request, project_id))
    if found["missing"] or found.get("error"):
        return {"missing": found["missing"], "error": found.get("error")}
    prepared = found["prepared"]
    return {
        "weights": {k.name: k.weight for k in prepared.criteria},
        "ahp": prepared.ahp.as_dict() if prepared.ahp is not None else None,
        "comparison": found["comparison"].as_dict(),
        "stability": found["stability"].as_dict(),
    }


@router.post("/expert/{token}")
def expert(request: HttpRequest, token: str, data: JudgementsIn) -> dict[str, Any]:
    """An expert's judgements (no account: the link's token), saved; their consistency back.
    ``submit`` closes the link."""
    found = get_object_or_404(Expert, token=token[:64], submitted__isnull=True)
    criteria = list(found.project.criteria.all())
    names = {(x, y): pair_key(a, b) for a, b in pairs(criteria)
             for x in a.names() for y in b.names()}  # fmt: skip
    judgements = {}
    for key, value in data.judgements.items():
        row, _bar, column = key.partition("|")
        if (row, column) not in names or value not in SCALE:
            raise HttpError(400, f"'{key[:100]}': not a pair of criteria (row|column, in order) "
                                 f"or '{value[:10]}' not on Saaty's scale")  # fmt: skip
        judgements[names[row, column]] = value
    try:
        check = consistency(judgements, criteria)
    except KargahError as error:
        raise HttpError(400, str(error)) from error
    update: dict[str, Any] = {"judgements": judgements}
    if data.submit:
        update["submitted"] = timezone.now()
    Expert.objects.filter(pk=found.pk, submitted__isnull=True).update(**update)
    return {**check.as_dict(), "submitted": data.submit}
