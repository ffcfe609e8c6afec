"""The priorities app in Django's admin."""

# --- catalog (helper catalog) ---
from kargah.web.priorities import catalog_admin  # noqa: F401  (registers the catalog's models)

# --- end catalog ---
