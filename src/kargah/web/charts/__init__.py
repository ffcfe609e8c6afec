"""Every chart of the site, built with Altair (Vega-Lite) from one place, with the same data as a
table for screen readers.

A view makes :class:`Chart` objects with the functions exported here (one private module per
part: ``_stats``, ``_coding``, ``_exchange``, ``_priorities``, ``_history``, ``_maps``; what they
share in ``_base``) and passes ``chart_context(...)`` to its template; ``includes/chart.html``
draws one chart's container, save buttons and table, ``includes/charts.html`` (once a page) the
scripts.
Titles, axes and legends go through gettext; nominal labels (years, codes) arrive already in the
reader's digits, and ``static/kargah/ charts.js`` gives Vega the Persian number locale for the
numbers it formats itself. Every spec must evaluate under Vega's expression interpreter (the
Content-Security-Policy has no 'unsafe-eval'): no facets with independent scales."""

from kargah.web.charts._base import PERSIAN_NUMBERS, Chart, chart_context, class_title
from kargah.web.charts._coding import challenge_solution, theme_shares
from kargah.web.charts._exchange import linkage_counties, supplier_shares
from kargah.web.charts._history import factory_map, factory_timeline
from kargah.web.charts._maps import (
    county_chart,
    map_specs,
    province_chart,
    province_features,
    region_rows,
)
from kargah.web.charts._priorities import (
    category_heatmap,
    method_ranks,
    weight_ranges,
    weight_sweep,
)
from kargah.web.charts._stats import (
    census_change,
    class_shares,
    country_shares,
    rates_by_sector,
    share_by_branch,
)

__all__ = [
    "PERSIAN_NUMBERS",
    "Chart",
    "category_heatmap",
    "census_change",
    "challenge_solution",
    "chart_context",
    "class_shares",
    "class_title",
    "country_shares",
    "county_chart",
    "factory_map",
    "factory_timeline",
    "linkage_counties",
    "map_specs",
    "method_ranks",
    "province_chart",
    "province_features",
    "rates_by_sector",
    "region_rows",
    "share_by_branch",
    "supplier_shares",
    "theme_shares",
    "weight_ranges",
    "weight_sweep",
]
