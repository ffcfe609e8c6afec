"""``kargah.exchange``: the subcontracting and partnership exchange — buyers' needs checked
field by field, the common nomenclature of processes, materials and certifications (with its
hierarchy), workshops ranked for a need with the reasons for each score in Persian and English,
and the candidate index that lets a database of two million workshops answer in milliseconds.
No Django: the site (``kargah.web.exchange``) and the CLI (``kargah exchange``) call these."""

from kargah.exchange._index import (
    SiteTables,
    build_index,
    candidates_query,
    index_codes,
    index_ddl,
    refresh_index,
)
from kargah.exchange._matcher import WEIGHTS, Match, Matcher, profiles
from kargah.exchange._need import Need, read_need
from kargah.exchange._nomenclature import Nomenclature, Term, nomenclature
from kargah.exchange._place import county_location, distance_km, in_iran
from kargah.exchange._reasons import Reason
from kargah.exchange._registry import registry_profiles
from kargah.exchange._search import search
from kargah.exchange._synthetic import synthetic_needs, synthetic_profiles

#: A workshop's profile as the matcher takes it (a pyarrow Table or a dict of equal-length
#: lists): the columns of ``kargah.exchange._matcher.COLUMNS``.
Profile = profiles

__all__ = [
    "WEIGHTS",
    "Match",
    "Matcher",
    "Need",
    "Nomenclature",
    "Profile",
    "Reason",
    "SiteTables",
    "Term",
    "build_index",
    "candidates_query",
    "county_location",
    "distance_km",
    "in_iran",
    "index_codes",
    "index_ddl",
    "nomenclature",
    "profiles",
    "read_need",
    "refresh_index",
    "registry_profiles",
    "search",
    "synthetic_needs",
    "synthetic_profiles",
]
