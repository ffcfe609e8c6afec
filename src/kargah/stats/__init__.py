"""``kargah.stats``: structural indicators by size class × branch × region × year, change between
years and its branch contributions, sensitivity to the definition of "small", paired tests of
the thesis's hypotheses, and regional specialisation (location quotient, shift-share, cluster
strength), and the exchange's linkages (by branch, size class and county; the share of small
workshops among the suppliers of large firms) — all as Ibis expressions executed on DuckDB
or Spark. Beside them, the thesis's published figures as reference tables, Iran's first
factories among them."""

from kargah.stats._change import Change, ChangeTable
from kargah.stats._classified import SUMMED_MEASURES
from kargah.stats._clusters import ClusterStrength
from kargah.stats._comparison import Comparison, ComparisonResult
from kargah.stats._factories import factory_trades, first_factories, year_span
from kargah.stats._indicators import RATIOS, Indicators
from kargah.stats._linkages import Linkages, SupplierShares
from kargah.stats._reference import reference_tables, thesis_branches, thesis_census
from kargah.stats._regional import LocationQuotient
from kargah.stats._sensitivity import Sensitivity, SensitivityTable
from kargah.stats._shiftshare import ShiftShare
from kargah.stats._sums import IndicatorSums

__all__ = [
    "RATIOS",
    "SUMMED_MEASURES",
    "Change",
    "ChangeTable",
    "ClusterStrength",
    "Comparison",
    "ComparisonResult",
    "IndicatorSums",
    "Indicators",
    "Linkages",
    "LocationQuotient",
    "Sensitivity",
    "SensitivityTable",
    "ShiftShare",
    "SupplierShares",
    "factory_trades",
    "first_factories",
    "reference_tables",
    "thesis_branches",
    "thesis_census",
    "year_span",
]
