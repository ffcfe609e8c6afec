"""The priorities' JSON API (django-ninja), with the pages' rights."""

from ninja import Router

router = Router(tags=["priorities"])

# --- ranking (helper ranking): ranking projects, with the pages' rights ---
from kargah.web.priorities.ranking_api import router as _ranking  # noqa: E402

router.add_router("/projects", _ranking)
# --- end ranking ---
