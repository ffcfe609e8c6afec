"""The priorities app in Django's admin."""

# registers the catalog's models (helper catalog) and the ranking projects (helper ranking)
from kargah.web.priorities import (
    catalog_admin,  # noqa: F401
    ranking_admin,  # noqa: F401
)
