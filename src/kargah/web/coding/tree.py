"""The code tree beside the text and on the codebook: themes → codes → sub-codes (any depth),
each with its colour and its codings counted per coder (blind as the rest of the coding pages:
before the comparison a coder sees the codebook's codes and their own, and their own counts),
rolled up from sub-codes to codes to themes. The analyst moves a code (onto a theme or under
another code) or merges it, by drag and drop or by the "move to…" form, through the codebook's
named, undoable commands."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.errors import KargahError
from kargah.text import normalise
from kargah.web.accounts.roles import analysts_only, is_analyst
from kargah.web.coding import blind, codebook, forms
from kargah.web.coding.models import Code, Coding, Theme
from kargah.web.problems import form_problems
from kargah.web.survey.models import Survey

#: colours for codes and themes that have none of their own (Okabe–Ito: told apart by most
#: people with a colour-vision deficiency)
PALETTE = ("#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7")
NO_THEME = "#999999"


@dataclass
class Node:
    """A code in the tree: its own codings per coder, and its branch's total."""

    code: Code
    depth: int
    colour: str
    counts: dict[str, int]
    children: list[Node] = field(default_factory=list)
    total: int = 0


@dataclass
class Branch:
    """A theme (None: the codes in no theme) and its codes' branches."""

    theme: Theme | None
    colour: str
    nodes: list[Node]
    total: int
    counts: dict[str, int]
    key: str  # the theme's names, normalised, for the search box


def _own(colour: str | None) -> str:
    """The colour if it is a well-formed ``#rrggbb`` (it goes into the page's CSS), else ""."""
    return colour if colour and re.fullmatch("#[0-9a-fA-F]{6}", colour) else ""


@dataclass
class Lineage:
    """The survey's codes read once: each code's parent, its branch's theme (the top of a branch
    carries the theme) and its colour, by the one rule the tree and the highlights share: the
    code's own colour, else its parent's, else its theme's (the theme's own, else the palette's
    by the theme's place); a top code in no theme takes the palette's by its id, so codes typed
    on the coding screen stay apart; :data:`NO_THEME` only for the "no theme" group itself."""

    parent: dict[int, int | None]
    theme: dict[int, int | None]
    colour: dict[int, str]
    themes: list[Theme]
    theme_colour: dict[int, str]


#: a code's answer in :func:`_up`: "what its parent's is"
_PARENTS = object()

#: a code's parent and its own theme and colour, as :func:`_rows` reads them
Rows = dict[int, tuple[int | None, int | None, str]]


def _rows(survey: Survey) -> Rows:
    listed = Code.objects.filter(survey=survey).values_list("id", "parent_id", "theme_id", "colour")
    return {pk: (parent, theme, colour) for pk, parent, theme, colour in listed}


def _up(rows: Rows, answer: Any, broken: Any) -> dict[int, Any]:
    """Every code's ``answer(pk)``, or, where that is :data:`_PARENTS`, its parent's (memoised
    along the chain); ``broken`` where the chain breaks (a missing parent, a cycle)."""
    found: dict[int, Any] = {}
    for pk in rows:
        path: list[int] = []
        at: int | None = pk
        while True:
            if at in found:
                value = found[at]
                break
            if at is None or at not in rows or at in path:
                value = broken
                break
            path.append(at)
            value = answer(at)
            if value is not _PARENTS:
                break
            at = rows[at][0]
        for step in path:
            found[step] = value
    return found


def _tops(rows: Rows) -> dict[int, int | None]:
    return _up(rows, lambda pk: _PARENTS if rows[pk][0] is not None else rows[pk][1], None)


def lineage(survey: Survey) -> Lineage:
    """Two queries: the survey's themes, and its codes' parents, themes and colours."""
    themes = list(Theme.objects.filter(survey=survey))
    theme_colour = {t.pk: _own(t.colour) or PALETTE[i % len(PALETTE)] for i, t in enumerate(themes)}
    rows = _rows(survey)
    theme = _tops(rows)

    def colour(pk: int) -> Any:
        parent, _theme, own = rows[pk]
        if _own(own):
            return own
        if parent is not None:
            return _PARENTS
        top = theme[pk]
        if top is None:  # a code typed on the coding screen: its own colour among its peers
            return PALETTE[pk % len(PALETTE)]
        return theme_colour.get(top, NO_THEME)

    return Lineage(
        parent={pk: row[0] for pk, row in rows.items()},
        theme=theme,
        colour=_up(rows, colour, NO_THEME),
        themes=themes,
        theme_colour=theme_colour,
    )


def branch_themes(survey: Survey) -> dict[int, int | None]:
    """Each code's theme: its branch's top code's (the top of a branch carries the theme), so
    counts and frequency tables roll sub-codes up into their theme."""
    return _tops(_rows(survey))


def _counts(user: Any, survey: Survey, sees_all: bool) -> dict[int, dict[str, int]]:
    """Codings per code and coder: everyone's for who sees all, else this coder's own."""
    codings = Coding.objects.filter(code__survey=survey)
    if not sees_all:
        codings = codings.filter(coder=user)
    per: dict[int, dict[str, int]] = defaultdict(dict)
    for code, coder, n in (
        codings.values("code_id", "coder__username")
        .annotate(n=Count("id"))
        .values_list("code_id", "coder__username", "n")
    ):
        per[code][coder] = n
    return per


def _add(into: dict[str, int], counts: dict[str, int]) -> None:
    for coder, n in counts.items():
        into[coder] = into.get(coder, 0) + n


def build_tree(
    user: Any, survey: Survey, line: Lineage | None = None, sees_all: bool | None = None
) -> list[Branch]:
    """The tree as this user may see it: each theme with its codes' branches, then the codes in
    no theme. A visible code whose parent is hidden from the user hangs from the nearest visible
    ancestor (or its theme). ``line`` and ``sees_all``: the page's own, if it has them already."""
    line = line or lineage(survey)
    if sees_all is None:
        sees_all = blind.sees_all(user, survey)
    codes = {c.pk: c for c in blind.visible_codes(user, survey, sees_all)}
    counts = _counts(user, survey, sees_all)
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk in sorted(codes, key=lambda pk: codes[pk].name):
        up = line.parent.get(pk)
        while up is not None and up not in codes:
            up = line.parent.get(up)
        children[up].append(pk)

    def grow(pk: int, depth: int) -> Node:
        node = Node(codes[pk], depth, line.colour[pk], dict(counts.get(pk, {})))
        node.total = sum(node.counts.values())
        for child in children.get(pk, []):
            grown = grow(child, depth + 1)
            node.children.append(grown)
            node.total += grown.total
        return node

    by_theme: dict[int | None, list[Node]] = defaultdict(list)
    for top in children.get(None, []):
        by_theme[line.theme.get(top)].append(grow(top, 1))
    branches = []
    for theme in [*line.themes, None]:
        nodes = by_theme.get(theme.pk if theme else None, [])
        if theme is None and not nodes:
            continue
        rolled: dict[str, int] = {}
        for node in nodes:
            _roll(node, rolled)
        colour = line.theme_colour[theme.pk] if theme else NO_THEME
        names = [theme.name, theme.name_en] if theme else []
        key = normalise(" ".join(names))
        branches.append(Branch(theme, colour, nodes, sum(n.total for n in nodes), rolled, key))
    return branches


def _roll(node: Node, into: dict[str, int]) -> None:
    _add(into, node.counts)
    for child in node.children:
        _roll(child, into)


def tree_context(
    request: HttpRequest,
    survey: Survey,
    selects: bool = True,
    line: Lineage | None = None,
    sees_all: bool | None = None,
) -> dict[str, Any]:
    """What ``coding/tree.html`` needs: the views that show the tree add this (one call).
    ``selects``: the "move to…" form's lists of codes and themes (the codebook leaves them to
    its rows' edit forms, loaded when opened, so the page carries no list of every code).
    ``line`` and ``sees_all``: the survey's :func:`lineage` and :func:`blind.sees_all`'s answer,
    if the page has them already."""
    analyst = is_analyst(request.user)
    if sees_all is None:
        sees_all = blind.sees_all(request.user, survey)
    selects = selects and analyst
    line = line or lineage(survey)
    return {
        "tree": build_tree(request.user, survey, line, sees_all),
        "tree_survey": survey,
        "tree_analyst": analyst,
        "tree_per_coder": sees_all,
        "tree_selects": selects,
        "tree_themes": line.themes if selects else [],
        "tree_codes": Code.objects.filter(survey=survey).only("id", "name") if selects else [],
        "tree_back": request.get_full_path(),
    }


@analysts_only
@require_POST
def tree_change(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A move (onto a theme, under a code, or out of every theme) or a merge from the tree,
    through the codebook's named commands; back to the page the tree was on."""
    survey = get_object_or_404(Survey, pk=survey_id)
    posted = forms.TreeChange(survey, request.POST)
    if not posted.is_valid():
        for problem in form_problems(posted):
            messages.error(request, problem)
    else:
        data = posted.cleaned_data
        try:
            if data["action"] == "merge":
                if not isinstance(data["target"], Code):
                    raise KargahError(_("Merge a code into another code."))
                change = codebook.merge_codes(data["code"], data["target"], request.user)
            else:
                change = codebook.move_code(data["code"], data["target"], request.user)
            messages.success(request, _("Done: %s") % change.summary)
        except KargahError as error:
            messages.error(request, str(error))
    back = str(request.POST.get("next", ""))
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    if not (safe and back.startswith("/")):  # a path of this site, never a view's name
        back = reverse("coding:codebook", args=[survey.pk])
    return HttpResponseRedirect(back)
