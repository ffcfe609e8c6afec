"""``kargah.priorities``: priority production centers — the comparative catalog of small-business
ideas by country, and the multi-criteria ranking of candidate centers (AHP weights; TOPSIS, VIKOR,
PROMETHEE II and the weighted sum; their agreement and stability)."""

__all__: list[str] = []
