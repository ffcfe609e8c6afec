"""``kargah.registry``: the database of workshops and production centers — Iran's provinces and
counties, the catalog of center categories and product groups, checked workshop imports, idle
capacity, and the synthetic Guilan registry of the demo. The web site stores and shows it."""

from kargah.registry._catalog import Catalog, CenterCategory, ProductGroup, catalog
from kargah.registry._demo import synthetic_registry
from kargah.registry._geography import Place, counties, provinces
from kargah.registry._workshops import (
    LENGTHS,
    MAXIMA,
    OWNERSHIP,
    check_value,
    idle_capacity,
    import_columns,
    validate_workshops,
)

__all__ = [
    "LENGTHS",
    "MAXIMA",
    "OWNERSHIP",
    "Catalog",
    "CenterCategory",
    "Place",
    "ProductGroup",
    "catalog",
    "check_value",
    "counties",
    "idle_capacity",
    "import_columns",
    "provinces",
    "synthetic_registry",
    "validate_workshops",
]
