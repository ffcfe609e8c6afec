"""The report's sections from the registry, the statistics, the exchange and the thesis's
cross-country table: each a :class:`kargah.reports.Section`, or None when its part has no data.
Called inside ``translation.override(lang)``: headings, digits and chart texts follow it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kargah.reports import Block, Figure, Section, Table
from kargah.web.charts import Chart
from kargah.web.registry.models import Workshop
from kargah.web.registry.templatetags.kargah import digits, num, pct

THESIS = gettext_lazy("Thesis: the role of small industries in Iran's industrial development")
#: The thesis's hypothesis the registry can test (no value added in it for H4's ratio): name,
#: indicator, the expected direction of small against large.
HYPOTHESES = [("H3", "employees_per_capital", "greater")]
INDICATORS = {"employees_per_capital": gettext_lazy("Employees per unit of capital")}


def figure(chart: Chart | None, source: str = "") -> Figure | None:
    """A site chart as a figure, its data table (the one under the chart on the site) beside."""
    if chart is None:
        return None
    source = source or chart.source
    table = Table(chart.title, chart.columns, chart.rows, source) if chart.columns else None
    return Figure(chart.title, chart.spec, source, table)


def section(title: str, blocks: list[Block | None]) -> Section:
    """A section of the blocks that are there (a chart a part could not draw is None)."""
    return Section(title, [b for b in blocks if b is not None])


def registry_section(definition_id: str) -> Section | None:
    """Workshops by county (with their mean idle capacity), by branch and by size class."""
    from kargah.branches import title
    from kargah.registry import counties
    from kargah.sizeclass import get_definition
    from kargah.web.registry.models import PROVINCE
    from kargah.web.registry.queries import size_class_q

    total = Workshop.objects.count()
    if not total:
        return None
    lang = get_language() or "fa"
    places = {c.en: c.name(lang) for c in counties(PROVINCE)}
    # idle capacity is in the capacity's own units: summed, and as a share of the capacity of
    # the workshops that report both
    with_idle = Q(idle__isnull=False)
    by_county = (
        Workshop.objects.values("county")
        .annotate(
            n=Count("id"), idle_sum=Sum("idle"), capacity_sum=Sum("capacity", filter=with_idle)
        )
        .order_by("-n")
    )
    county_rows = [
        [places.get(r["county"], r["county"]), num(r["n"]), pct(r["n"] / total),
         num(r["idle_sum"] or 0),
         pct(r["idle_sum"] / r["capacity_sum"]) if r["capacity_sum"] else ""]
        for r in by_county
    ]  # fmt: skip
    branches = (
        Workshop.objects.annotate(branch=Substr("isic", 1, 2))
        .values("branch")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    branch_rows = [
        [f"{digits(r['branch'])} {title(r['branch'], 'isic4', lang) or ''}".strip(),
         num(r["n"]), pct(r["n"] / total)]
        for r in branches
    ]  # fmt: skip
    definition = get_definition(definition_id)
    class_rows = []
    for size_class in definition.classes:
        n = Workshop.objects.filter(size_class_q(definition, size_class.name)).count()
        class_rows.append([str(size_class.title(lang)), num(n), pct(n / total)])
    idle = Workshop.objects.aggregate(
        idle_sum=Sum("idle"), capacity_sum=Sum("capacity", filter=with_idle)
    )
    county, workshops, share = _("County"), _("Workshops"), _("Share")
    text = _("The registry holds %(total)s workshops in %(counties)s counties.") % {
        "total": num(total), "counties": num(len(county_rows))}  # fmt: skip
    if idle["capacity_sum"]:
        text += " " + _("%(share)s of the capacity they report is idle.") % {
            "share": pct(idle["idle_sum"] / idle["capacity_sum"])}  # fmt: skip
    source = _("Kargah's registry")
    return section(
        _("The registry in numbers"),
        [
            text,
            Table(_("Workshops by county"),
                  [county, workshops, share, _("Idle capacity"), _("Idle share of capacity")],
                  county_rows, source),
            Table(_("Workshops by branch (ISIC division)"),
                  [_("Branch (ISIC)"), workshops, share], branch_rows, source),
            Table(_("Workshops by size class (%(definition)s)")
                  % {"definition": definition.title(lang)},
                  [_("Size class"), workshops, share], class_rows, source),
        ],
    )  # fmt: skip


def statistics_section(definition_id: str) -> Section | None:
    """The statistics page's two charts and the thesis's hypotheses H3 and H4 tested on its own
    published branch figures, with the core's verdicts."""
    from kargah.sizeclass import get_definition
    from kargah.web.charts import census_change, share_by_branch
    from kargah.web.stats.engine import change_values, indicators

    lang = get_language() or "fa"
    blocks: list[Any] = []
    if Workshop.objects.exists():
        definition = get_definition(definition_id)
        first = definition.classes[0]
        size = first.title(lang) if lang == "fa" else first.title(lang).lower()
        caption = _("Share of %(size)s workshops by branch") % {"size": size}
        blocks.append(figure(share_by_branch(indicators(definition_id), first.name, caption),
                             _("Kargah's registry")))  # fmt: skip
    blocks.append(
        figure(census_change(change_values(), _("Small and large workshops, 1353 and 1375")),
               str(THESIS))
    )  # fmt: skip
    blocks.extend(_hypotheses(definition_id, lang))
    return section(_("Structural statistics"), blocks)


def _hypotheses(definition_id: str, lang: str) -> list[Any]:
    """The paired test of each hypothesis on the registry's branches, smallest class against
    largest, with the core's verdict in the reader's language."""
    from kargah.errors import KargahError
    from kargah.sizeclass import get_definition
    from kargah.stats import Comparison
    from kargah.web.stats.engine import duckdb_backend, registry_table

    if not Workshop.objects.exists():
        return []
    classes = get_definition(definition_id).classes
    pair = (classes[0].name, classes[-1].name)
    rows = []
    with duckdb_backend() as con:
        table = registry_table(con)
        for name, indicator, expect in HYPOTHESES:
            try:
                result = Comparison(indicator=indicator, classes=pair, over=["branch"],
                                    definition=definition_id, expect=expect).compute(table)  # type: ignore[arg-type]  # fmt: skip
            except KargahError:  # too few branches with both classes: no verdict to give
                continue
            # the core names the indicator and the pairs by their column names
            label = str(INDICATORS.get(indicator, indicator))
            if lang == "fa":
                verdict = result.verdict_fa.replace(indicator, label)
                verdict = verdict.replace("branch", _("the branches"))
            else:  # "… in employees per unit of capital … over the branches (8 of 10 branches …)"
                words = {
                    f" {indicator}": f" {label[:1].lower()}{label[1:]}",
                    indicator: label,
                    " over branch": " over the branches",
                    " branch higher": " branches higher",
                }
                verdict = result.verdict_en
                for raw, said in words.items():
                    verdict = verdict.replace(raw, said)
            rows.append([name, label, verdict])
    if not rows:
        return []
    return [
        _("The thesis's value-added hypothesis (H4) needs value added, which the registry does "
          "not hold; the other is tested on the registry's branches."),
        Table(_("The thesis's hypotheses and their verdicts"),
              [_("Hypothesis"), _("Indicator"), _("Verdict")], rows, _("Kargah's registry")),
    ]  # fmt: skip


def exchange_section() -> Section | None:
    """The exchange's linkages: by county (chart and table) and the small workshops' share among
    large firms' suppliers, from the exchange's own figures."""
    from kargah.web.charts import linkage_counties, supplier_shares
    from kargah.web.exchange.linkages import figures
    from kargah.web.exchange.models import Linkage

    total = Linkage.objects.count()
    if not total:
        return None
    found = figures(jalali=get_language() == "fa")  # years as the report's readers count them
    source = _("Kargah's exchange")
    return section(
        _("Linkages in the exchange"),
        [
            _("The exchange records %(total)s linkages between workshops and buyers.")
            % {"total": num(total)},
            figure(linkage_counties(found["counties"], _("Linkages and their value by county")),
                   source),
            figure(supplier_shares(found["suppliers"],
                                   _("Share of small workshops among suppliers of large firms")),
                   source),
        ],
    )  # fmt: skip


def countries_section() -> Section:
    """The thesis's cross-country table of small and medium industries' shares."""
    from kargah.stats import reference_tables
    from kargah.web.charts import country_shares

    rows = reference_tables()["cross_country_sme_shares"]
    return section(
        _("Small and medium industries in five countries"),
        [figure(country_shares(rows))],
    )
