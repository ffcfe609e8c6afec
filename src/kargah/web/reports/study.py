"""The study report of a region, gathered from the database: the registry, the statistics, the
survey, its coded challenges and solutions, the priority ranking, the exchange, and the thesis's
cross-country comparison — each part's own computing functions and the site's chart specs.
Sections whose part has no data are left out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from kargah.reports import Report, Section, Table
from kargah.web.registry.templatetags.kargah import digits, num, pct
from kargah.web.reports.parts import (
    countries_section,
    exchange_section,
    figure,
    registry_section,
    section,
    statistics_section,
)

__all__ = ["study_report"]


def study_report(
    lang: str,
    survey_id: int | None = None,
    ranking_id: int | None = None,
    definition_id: str = "sci-iran",
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """The study report in ``lang``: of the survey ``survey_id`` (default: the latest) and the
    ranking project ``ranking_id`` (default: the latest; its own survey when none is given)."""
    from kargah.web.charts import PERSIAN_NUMBERS
    from kargah.web.priorities.models import Project
    from kargah.web.survey.models import Survey

    with translation.override(lang):
        project = _chosen(Project, ranking_id)
        if survey_id is None and project is not None and project.survey_id:
            survey_id = project.survey_id
        survey = _chosen(Survey, survey_id)
        steps: list[Callable[[], Section | None]] = [
            lambda: registry_section(definition_id),
            lambda: statistics_section(definition_id),
            lambda: survey_section(survey),
            lambda: coding_section(survey),
            lambda: agreement_section(survey),
            lambda: priorities_section(project),
            exchange_section,
            countries_section,
        ]
        sections = []
        for done, step in enumerate(steps):
            if progress is not None:
                progress(done, len(steps))
            section = step()
            if section is not None:
                sections.append(section)
        if progress is not None:
            progress(len(steps), len(steps))
        return Report(
            _("The study report"),
            lang,
            sections,
            subtitle=" — ".join(str(x) for x in (survey, project) if x is not None),
            notes=_notes(survey, project),
            number_locale=PERSIAN_NUMBERS if lang == "fa" else None,
        )


def _chosen(model: Any, pk: int | None) -> Any:
    """The row asked for (a :class:`KargahError` if it is not there), else the latest."""
    from kargah.errors import OptionError

    if pk is None:
        return model.objects.order_by("-pk").first()
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise OptionError(_("There is no %(what)s number %(pk)s.")
                          % {"what": model._meta.verbose_name, "pk": digits(pk)})  # fmt: skip
    return found


def _notes(survey: Any, project: Any) -> list[str]:
    """The data's sources and, where any part is made up, the synthetic-data label."""
    from kargah.web.exchange.models import Linkage
    from kargah.web.registry.models import Workshop

    notes = [_("Sources: Kargah's registry, survey, thematic analysis, ranking and exchange; the "
               "thesis on the role of small industries in Iran's industrial development; the "
               "Guilan paper on the challenges and solutions of micro and small production "
               "centres.")]  # fmt: skip
    synthetic = (
        Workshop.objects.filter(synthetic=True).exists()
        or Linkage.objects.filter(synthetic=True).exists()
        or bool(survey is not None and survey.synthetic)
        or bool(project is not None and project.synthetic)
    )
    if synthetic:
        notes.append(
            _(
                "Synthetic data: some or all of the data in this report are made up "
                "for the demo (built to the published figures): not facts to cite."
            )
        )
    return notes


def survey_section(survey: Any) -> Section | None:
    """Invitations and returns by sector, as the survey's page computes and draws them."""
    import pandas as pd

    from kargah.survey import response_rates
    from kargah.web.charts import rates_by_sector

    if survey is None or not survey.invitations.exists():
        return None
    invitations = pd.DataFrame(
        list(survey.invitations.values_list("sector", "opened", "submitted")),
        columns=["sector", "opened", "returned"],
    )
    invitations["opened"] = invitations["opened"].notna()
    invitations["returned"] = invitations["returned"].notna()
    rates = response_rates(invitations).to_dict("records")
    table = Table(
        _("Response rate by sector"),
        [_("Sector"), _("Invited"), _("Opened"), _("Returned"), _("Response rate")],
        [[_(str(r["sector"])), num(r["invited"]), num(r["opened"]), num(r["returned"]),
          pct(r["rate"])] for r in rates],
        _("Kargah's survey"),
    )  # fmt: skip
    chart = figure(rates_by_sector(rates, _("Response rate by sector")), _("Kargah's survey"))
    if chart is not None:
        chart.table = None  # the table above says the same, with the rates
    return section(_("The survey"), [str(survey), table, chart])


def coding_section(survey: Any) -> Section | None:
    """Each area's challenges and solutions by theme (count, share: the paper's table) and the
    challenge → solution matrix, from the lead coder's codings and the settled disagreements,
    as the results page counts them."""
    from kargah.web.charts import theme_shares
    from kargah.web.coding.results import count_themes

    found = None if survey is None else count_themes(survey)
    if found is None:
        return None
    source = _("Kargah's thematic analysis of the survey")
    blocks: list[Any] = [
        _("%(coded)s coded segments; each theme's count and its share of its area's segments.")
        % {"coded": num(len(found.segments))}
    ]
    for area_key, kind, part in found.groups():
        title = found.title(area_key, kind)
        blocks.append(figure(theme_shares(f"t{len(blocks)}", part, title), source))
    blocks.append(figure(found.matrix_chart(), source))
    return section(_("Challenges and solutions"), blocks)


def agreement_section(survey: Any) -> Section | None:
    """Agreement between coders per area and kind and overall, at the level of themes."""
    from kargah.web.coding.analysis import agreement_table

    if survey is None:
        return None
    rows = agreement_table(survey, "theme")
    if not rows or all(r["coders"] < 2 for r in rows):
        return None
    lang = translation.get_language()
    kinds = {"challenge": _("challenges"), "solution": _("solutions"), "": ""}
    table = Table(
        _("Agreement between coders (themes)"),
        [_("Area"), _("Kind"), _("Segments"), _("Coders"), _("Krippendorff's alpha")],
        [[r["area_fa"] if lang == "fa" else r["area_en"] or r["area_fa"], kinds[r["kind"]],
          num(r["units"]), num(r["coders"]), num(r["krippendorff_alpha_nominal"], 3)]
         for r in rows],
        _("Kargah's thematic analysis of the survey"),
    )  # fmt: skip
    return section(_("Agreement between coders"), [table])


def priorities_section(project: Any) -> Section | None:
    """The ranking's methods side by side (chart and table), the rank correlations between them
    and how far each weight can move before the first rank changes."""
    from kargah.web.charts import method_ranks, weight_ranges
    from kargah.web.priorities.ranking import results
    from kargah.web.priorities.results import method_name, ranks_by_method, tables

    if project is None:
        return None
    found = results(project)
    if found["missing"] or found.get("error"):
        return None
    sheets = tables(found)
    methods = list(found["comparison"].rankings_)
    long = ranks_by_method(sheets["ranks"], methods)
    ranks = sheets["ranks"].to_dict("records")
    source = _("Kargah's ranking: %(name)s") % {"name": project.name}
    side = Table(
        _("Each method's rank of each candidate"),
        [_("Candidate"), *(method_name(m) for m in methods)],
        [[r["candidate"], *(num(r[f"{m}_rank"]) for m in methods)] for r in ranks],
        source,
    )
    correlations = Table(
        _("Rank correlations between the methods"),
        [_("Method"), _("Method"), _("Spearman"), _("Kendall")],
        [[method_name(r["first"]), method_name(r["second"]), num(r["spearman"], 3),
          num(r["kendall"], 3)] for r in sheets["correlations"].to_dict("records")],
        source,
    )  # fmt: skip
    chart = figure(method_ranks(long, _("Each method's rank of each candidate")), source)
    if chart is not None:
        chart.table = None  # the side-by-side table says it, one row a candidate
    return section(
        _("Priority production centres"),
        [side, chart, correlations,
         figure(weight_ranges(sheets["criteria"].to_dict("records"),
                              _("How far each weight can move before the first rank changes")),
                source)],
    )  # fmt: skip
