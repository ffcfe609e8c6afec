"""The catalog: production-center categories, each holding product groups, each group mapped to
ISIC Rev.4 classes. Shipped as ``kargah/data/registry/catalog.yaml``; an administrator edits it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ProductGroup:
    id: str
    name: dict[str, str]
    isic: tuple[str, ...]
    category: str


@dataclass(frozen=True)
class CenterCategory:
    id: str
    name: dict[str, str]
    groups: tuple[ProductGroup, ...]


@dataclass(frozen=True)
class Catalog:
    categories: tuple[CenterCategory, ...]
    source: str
    synthetic: bool

    def groups(self) -> list[ProductGroup]:
        return [g for c in self.categories for g in c.groups]

    def group(self, key: str) -> ProductGroup:
        """A product group by ``category/group`` id."""
        for g in self.groups():
            if f"{g.category}/{g.id}" == key:
                return g
        raise KeyError(key)


@cache
def catalog() -> Catalog:
    """The shipped catalog."""
    import yaml

    text = (resources.files("kargah") / "data" / "registry" / "catalog.yaml").read_text(
        encoding="utf-8"
    )
    data = yaml.safe_load(text)
    categories = tuple(
        CenterCategory(
            id=c["id"],
            name=dict(c["name"]),
            groups=tuple(
                ProductGroup(g["id"], dict(g["name"]), tuple(g["isic"]), c["id"])
                for g in c["groups"]
            ),
        )
        for c in data["categories"]
    )
    return Catalog(categories, " ".join(data["source"].split()), bool(data.get("synthetic")))
