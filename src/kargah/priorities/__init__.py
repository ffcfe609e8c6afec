"""``kargah.priorities``: priority production centers — the comparative catalog of small-business
ideas by country, and the multi-criteria ranking of candidate centers (AHP weights; TOPSIS, VIKOR,
PROMETHEE II and the weighted sum; their agreement and stability)."""

from kargah.priorities._ahp import AHP
from kargah.priorities._compare import MethodComparison
from kargah.priorities._methods import METHODS, Criterion, Ranking
from kargah.priorities._pairwise import Pairwise, read_pairwise
from kargah.priorities._read import read_criteria, read_decision
from kargah.priorities._stability import Stability

__all__: list[str] = [
    "AHP",
    "METHODS",
    "Criterion",
    "MethodComparison",
    "Pairwise",
    "Ranking",
    "Stability",
    "read_criteria",
    "read_decision",
    "read_pairwise",
]

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

#: The contract's name for MethodComparison: importable, but not exported twice — kargah.stats
#: already exports a ``Comparison`` (of definitions), and one word has one meaning per project.
Comparison = MethodComparison
