"""``kargah.sizeclass``: every official definition of "small" as a data file, and classification of
workshops (one row each) or size bands ("10-19", "۱۰ تا ۴۹ نفر") under several at once."""

from kargah.sizeclass._bands import (
    BandError,
    BandStraddleError,
    EmployeeBand,
    is_total_band,
    parse_band,
)
from kargah.sizeclass._classify import can_classify, classify, definitions, get_definition
from kargah.sizeclass._definition import UNCLASSIFIED, Definition, SizeClass
from kargah.sizeclass._loader import load_definition, parse_definition
from kargah.sizeclass._rule import CRITERIA, AllOf, AnyOf, Bound, Otherwise, Rule

__all__ = [
    "CRITERIA",
    "UNCLASSIFIED",
    "AllOf",
    "AnyOf",
    "BandError",
    "BandStraddleError",
    "Bound",
    "Definition",
    "EmployeeBand",
    "Otherwise",
    "Rule",
    "SizeClass",
    "can_classify",
    "classify",
    "definitions",
    "get_definition",
    "is_total_band",
    "load_definition",
    "parse_band",
    "parse_definition",
]
