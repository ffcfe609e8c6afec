"""The priorities' JSON API (django-ninja), with the pages' rights."""

from ninja import Router

router = Router(tags=["priorities"])

# --- ranking (helper ranking): ranking projects, with the pages' rights ---
from kargah.web.priorities.ranking_api import router as _ranking  # noqa: E402

router.add_router("/projects", _ranking)
# --- end ranking ---
# --- catalog (helper catalog): the comparative catalog; reading public, changes analysts' ---
from typing import Literal  # noqa: E402

from django.http import HttpRequest  # noqa: E402
from django.shortcuts import get_object_or_404  # noqa: E402
from ninja import Query, Schema, Status  # noqa: E402
from ninja.errors import HttpError  # noqa: E402
from ninja.security import django_auth  # noqa: E402

from kargah.registry import catalog as shipped_catalog  # noqa: E402
from kargah.web.accounts.roles import is_analyst  # noqa: E402
from kargah.web.priorities.catalog import filtered_ideas, matrix_of  # noqa: E402
from kargah.web.priorities.models import BusinessIdea, Country, isic_codes  # noqa: E402
from kargah.web.registry.models import CenterCategory, ProductGroup  # noqa: E402


class CountryOut(Schema):
    code: str
    name_fa: str
    name_en: str
    region: str


class GroupOut(Schema):
    id: int
    code: str
    name_fa: str
    name_en: str
    isic: str


class CategoryOut(Schema):
    code: str
    name_fa: str
    name_en: str
    isic: str  # its groups' codes
    product_groups: list[GroupOut]


class CatalogOut(Schema):
    countries: list[CountryOut]
    categories: list[CategoryOut]
    source: str  # of the categories and groups (the registry's catalog)
    synthetic: bool


class IdeaIn(Schema):
    country: str  # codes
    category: str
    product_group: str = ""
    name_fa: str
    name_en: str = ""
    source: str = ""
    synthetic: bool = False


class IdeaOut(IdeaIn):
    id: int


class IdeaFilters(Schema):
    country: str | None = None
    region: str | None = None
    category: str | None = None
    group: str | None = None


class MatrixOut(Schema):
    by: str
    rows: list[str]
    columns: list[str]
    counts: dict[str, dict[str, int]]
    shares: dict[str, dict[str, float]]
    column_shares: dict[str, dict[str, float]]
    relative: dict[str, dict[str, float]]


def _idea(i: BusinessIdea) -> dict[str, object]:
    return {"id": i.pk, "country": i.country.code, "category": i.category.code,
            "product_group": i.product_group.code if i.product_group else "",
            "name_fa": i.name_fa, "name_en": i.name_en, "source": i.source,
            "synthetic": i.synthetic}  # fmt: skip


@router.get("/catalog", response=CatalogOut)
def catalog(request: HttpRequest) -> dict[str, object]:
    """The countries (with their region) and the registry's center categories with their product
    groups; ``source`` and ``synthetic`` say where that catalog comes from."""
    categories = CenterCategory.objects.order_by("code").prefetch_related("groups")
    return {"countries": list(Country.objects.all()),
            "categories": [{"code": c.code, "name_fa": c.name_fa, "name_en": c.name_en,
                            "isic": ",".join(isic_codes(c)), "product_groups": list(c.groups.all())}
                           for c in categories],
            "source": shipped_catalog().source,
            "synthetic": shipped_catalog().synthetic}  # fmt: skip


@router.get("/catalog/ideas", response=list[IdeaOut])
def ideas(request: HttpRequest, filters: Query[IdeaFilters]) -> list[dict[str, object]]:
    """The business ideas, filtered as the catalog page filters them (codes)."""
    chosen = {k: v[:100] for k, v in filters.dict().items() if v}
    return [_idea(i) for i in filtered_ideas(chosen).order_by("id")]


@router.get("/catalog/matrix", response=MatrixOut)
def matrix(request: HttpRequest, by: Literal["country", "region"] = "country") -> dict[str, object]:
    """Ideas counted by country (or region) and center category: the row and column shares and
    each cell's share relative to the category's share of all ideas."""
    found = matrix_of(filtered_ideas({}), by)
    return {"by": by, "rows": found.rows, "columns": found.columns, "counts": found.counts_,
            "shares": found.shares_, "column_shares": found.column_shares_,
            "relative": found.relative_}  # fmt: skip


def _analyst(request: HttpRequest) -> None:
    if not is_analyst(request.user):
        raise HttpError(403, "analysts and administrators only")


@router.post("/catalog/ideas", response={201: IdeaOut}, auth=django_auth)
def add_idea(request: HttpRequest, idea: IdeaIn) -> Status[dict[str, object]]:
    """Add an idea (analysts and administrators); unknown codes are a 400 naming the field."""
    _analyst(request)
    if not idea.name_fa.strip():
        raise HttpError(400, "name_fa: is empty")
    found = {
        "country": Country.objects.filter(code=idea.country).first(),
        "category": CenterCategory.objects.filter(code=idea.category).first(),
        "product_group": ProductGroup.objects.filter(code=idea.product_group).first(),
    }
    for field, value in found.items():
        if value is None and (field != "product_group" or idea.product_group):
            raise HttpError(400, f"{field}: '{getattr(idea, field)}' is not in the catalog")
    group = found["product_group"]
    if isinstance(group, ProductGroup) and group.category_id != found["category"].pk:  # type: ignore[union-attr]
        raise HttpError(400, f"product_group: '{idea.product_group}' is of another category")
    made = BusinessIdea.objects.create(
        **found, name_fa=idea.name_fa[:300], name_en=idea.name_en[:300], source=idea.source,
        synthetic=idea.synthetic,
    )  # fmt: skip
    return Status(201, _idea(made))


@router.delete("/catalog/ideas/{idea_id}", response={204: None}, auth=django_auth)
def delete_idea(request: HttpRequest, idea_id: int) -> Status[None]:
    """Delete an idea (analysts and administrators)."""
    _analyst(request)
    get_object_or_404(BusinessIdea, pk=idea_id).delete()
    return Status(204, None)


# --- end catalog ---
