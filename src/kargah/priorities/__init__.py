"""``kargah.priorities``: priority production centers — the comparative catalog of small-business
ideas by country, and the multi-criteria ranking of candidate centers (AHP weights; TOPSIS, VIKOR,
PROMETHEE II and the weighted sum; their agreement and stability)."""

__all__: list[str] = []

# --- catalog (helper catalog): the comparative catalog and its country × category matrix ---
from kargah.priorities._catalog import (
    COLUMNS,
    HEADERS,
    REGIONS,
    CategoryMatrix,
    IdeaCatalog,
    category_matrix,
    check_ideas,
    read_catalog,
)

__all__ += [
    "COLUMNS",
    "HEADERS",
    "REGIONS",
    "CategoryMatrix",
    "IdeaCatalog",
    "category_matrix",
    "check_ideas",
    "read_catalog",
]  # fmt: skip
# --- end catalog ---
