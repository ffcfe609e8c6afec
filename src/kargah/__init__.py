"""Kargah: an open information and decision-support system for micro and small production centers.

Each part is a subpackage with a small public API in its ``__init__``:
``kargah.tables`` (reading the files users bring), ``kargah.branches`` (ISIC and other activity
classifications), ``kargah.sizeclass`` (official definitions of "small") and ``kargah.stats``
(structural indicators, change, hypotheses).
"""

__version__ = "0.1.0"
