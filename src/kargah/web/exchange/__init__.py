"""The subcontracting and partnership exchange on the site (issue 12): large firms' buyers post
needs, Kargah ranks the workshops that can meet them (``kargah.exchange``), owners quote, the buyer
accepts one, and the linkage is delivered and rated. See docs/exchange.md, "On the site"."""
