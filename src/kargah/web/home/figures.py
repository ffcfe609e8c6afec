"""The figures each role's home page shows, each from the part that computes it (the survey's
tables, ``coding.progress`` and ``coding.analysis``, ``priorities.ranking``, the registry's
queries and map, the exchange's rights), with the URL of the page that explains it."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, Sum
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kargah.web.coding.analysis import agreement_table, coders
from kargah.web.coding.models import Coding, Segment
from kargah.web.coding.progress import assigned_segments, for_coder, for_survey
from kargah.web.exchange.models import Linkage, Match, Need, Quote
from kargah.web.exchange.rights import firm_of, own_workshops
from kargah.web.numbers import local_number
from kargah.web.priorities.models import Project
from kargah.web.registry.models import Workshop
from kargah.web.registry.queries import chosen_definition, size_class_q
from kargah.web.survey.models import Survey

SURVEYS = 3  # the latest surveys an analyst's or coder's home shows
PROJECTS = 3  # the latest ranking projects
TOP = 3  # centers named per ranking
ROWS = 8  # rows of a list before "all …"


# -- the analyst ---------------------------------------------------------------------------------


def study_state(limit: int = SURVEYS) -> list[dict[str, Any]]:
    """The latest surveys: invitations, responses, their rate; the coders' progress; agreement
    over every coder on themes and on codes (Krippendorff's alpha, the whole survey)."""
    out = []
    for survey in Survey.objects.order_by("-created")[:limit]:
        invited = survey.invitations.count()
        returned = survey.invitations.filter(submitted__isnull=False).count()
        respondents = survey.respondents.count()
        coded = Coding.objects.filter(segment__answer__respondent__survey=survey).exists()
        agreement: dict[str, Any] = {}
        if coded:
            # kappa between the two busiest coders, as the agreement page compares by default
            busiest = [name for _, name, _ in coders(survey)[:2]]
            pair = (busiest[0], busiest[1]) if len(busiest) == 2 else None
            for level in ("theme", "code"):
                overall = agreement_table(survey, level, pair)[-1]
                agreement[level] = overall["krippendorff_alpha_nominal"]
                kappa = overall["cohen_kappa"] if pair else None
                agreement[f"{level}_kappa"] = (
                    _("κ %(a)s–%(b)s: %(k)s")
                    % {"a": pair[0], "b": pair[1], "k": local_number(kappa, 3)}
                    if pair and kappa is not None
                    else ""
                )
            agreement["pair"] = pair
        out.append(
            {"survey": survey, "invited": invited, "returned": returned,
             "respondents": respondents, "rate": returned / invited if invited else None,
             "progress": for_survey(survey) if coded or respondents else [],
             "agreement": agreement}
        )  # fmt: skip
    return out


def rankings(limit: int = PROJECTS) -> list[dict[str, Any]]:
    """The latest ranking projects with their first ``TOP`` centers by TOPSIS, or why there is
    no ranking yet — the results page's ranking, which is computed once per process."""
    from kargah.web.priorities.ranking import results

    out = []
    for project in Project.objects.order_by("-created")[:limit]:
        row: dict[str, Any] = {"project": project, "top": [], "missing": []}
        found = results(project)  # the results page's, computed once per process
        row["missing"] = found["missing"][:2] or ([found["error"]] if "error" in found else [])
        if "comparison" in found:
            ranked = sorted(found["comparison"].rankings_["topsis"].rows_, key=lambda r: r["rank"])
            names = found["prepared"].names
            row["top"] = [
                {"name": names[r["alternative"]], "rank": r["rank"], "score": r["score"]}
                for r in ranked[:TOP]
            ]
        out.append(row)
    return out


# -- the planner (and every visitor) -------------------------------------------------------------


def registry_figures() -> dict[str, Any]:
    """Workshops, employment, idle capacity and the size classes under the Statistical Centre's
    definition, each with the registry list or map that shows them."""
    definition, _usable = chosen_definition({})
    names = [c.name for c in definition.classes] + ["unclassified"]
    # one pass over the registry: every class's count and employment as filtered aggregates
    wanted: dict[str, Any] = {
        "n": Count("id"), "people": Sum("employees"), "busy": Avg("utilisation"),
        "with_idle": Count("id", filter=Q(idle__gt=0)),
    }  # fmt: skip
    for i, name in enumerate(names):
        wanted[f"n{i}"] = Count("id", filter=size_class_q(definition, name))
        wanted[f"e{i}"] = Sum("employees", filter=size_class_q(definition, name))
    totals = Workshop.objects.aggregate(**wanted)
    lang = get_language() or "fa"
    labels = {
        c.name: (c.label.get(lang) or c.label.get("fa") or c.name) for c in definition.classes
    }
    classes = []
    for i, name in enumerate(names):
        n = totals.pop(f"n{i}")
        employees = totals.pop(f"e{i}") or 0
        if name == "unclassified" and not n:
            continue
        classes.append(
            {"name": name, "label": labels.get(name, ""), "n": n, "employees": employees,
             "share": n / totals["n"] if totals["n"] else 0,
             "url": f"{reverse('registry:list')}?definition={definition.id}&size={name}"}
        )  # fmt: skip
    return {"n": totals["n"], "employees": totals["people"] or 0, "utilisation": totals["busy"],
            "idle": totals["with_idle"], "classes": classes, "definition": definition}  # fmt: skip


def registry_map(lang: str) -> Any:
    """The registry's province map, the same chart as ``/registry/map/`` draws, for every
    workshop: only the provinces are counted (one query)."""
    from kargah.web.charts import province_chart
    from kargah.web.registry.maps import map_data

    return province_chart(map_data(Workshop.objects.all(), counties=False, cells=False), lang)


#: How long the whole registry's figures are kept at most: a new version of the registry
#: replaces them at once (an hour: old versions' entries, a map each, leave memory soon).
KEEP = 3600


def planner_figures(lang: str) -> dict[str, Any]:
    """The visitor's home: ``registry`` (:func:`registry_figures`) and ``map``
    (:func:`registry_map`), cached in Django's cache under the registry's version
    (``RegistryVersion``: every save, delete and load changes it), so the whole registry is
    read once a change, not once a visit."""
    from django.core.cache import cache

    from kargah.web.registry.models import RegistryVersion

    version = RegistryVersion.current()
    key = f"kargah:home:registry:{version}:{lang}"
    found = cache.get(key) if version is not None else None
    if found is None:
        found = {"registry": registry_figures(), "map": registry_map(lang)}
        if version is not None:
            cache.set(key, found, KEEP)
    return found


# -- the workshop owner, the buyer, the coder ----------------------------------------------------


def owner_figures(user: Any) -> dict[str, Any]:
    """The owner's workshops, the open needs ranked for them (best match first) and their
    quotes."""
    mine = own_workshops(user)
    matches = (
        Match.objects.filter(workshop__in=mine, need__status=Need.OPEN, need__visibility="public")
        .select_related("need", "workshop")
        .order_by("rank", "-score")
    )
    invited = Need.objects.filter(status=Need.OPEN, visibility="invite", invited__in=mine)
    quotes = Quote.objects.filter(workshop__in=mine)
    return {
        "workshops": list(mine.order_by("name_fa")[:ROWS]),
        "workshop_count": mine.count(),
        "matches": list(matches[:ROWS]),
        "match_count": matches.count(),
        "invited": list(invited.distinct()[:ROWS]),
        "quoted": quotes.filter(status=Quote.QUOTED).count(),
        "accepted": quotes.filter(status=Quote.ACCEPTED).count(),
    }


def buyer_figures(user: Any) -> dict[str, Any]:
    """The buyer's firm's needs, with the quotes each received, and its linkages."""
    firm = firm_of(user)
    if firm is None:
        return {"firm": None, "needs": [], "open": 0, "quotes": 0, "linkages": 0}
    needs = Need.objects.filter(firm=firm).annotate(
        received=Count("quotes", filter=Q(quotes__status__in=[Quote.QUOTED, Quote.ACCEPTED]))
    )
    return {
        "firm": firm,
        "needs": list(needs.order_by("-created")[:ROWS]),
        "open": needs.filter(status=Need.OPEN).count(),
        "quotes": Quote.objects.filter(
            need__firm=firm, status__in=[Quote.QUOTED, Quote.ACCEPTED]
        ).count(),
        "linkages": Linkage.objects.filter(firm=firm).count(),
    }


def coder_figures(user: Any, limit: int = SURVEYS) -> list[dict[str, Any]]:
    """Per survey (the latest): the coder's progress and the next answers still to code."""
    out = []
    for survey in Survey.objects.order_by("-created")[:limit]:
        if not Segment.objects.filter(answer__respondent__survey=survey).exists():
            continue
        todo = (
            assigned_segments(survey, user)
            .exclude(codings__coder=user)
            .select_related("answer__question__area", "answer__respondent")
            .order_by("id")[:ROWS]
        )
        out.append({"survey": survey, "progress": for_coder(survey, user, by_area=True),
                    "next": list(todo)})  # fmt: skip
    return out
