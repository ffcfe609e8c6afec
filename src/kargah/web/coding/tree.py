"""The code tree beside the text and on the codebook: themes → codes → sub-codes (any depth),
each with its colour and its codings counted per coder (blind as the rest of the coding pages:
before the comparison a coder sees the codebook's codes and their own, and their own counts),
rolled up from sub-codes to codes to themes. The analyst moves a code (onto a theme or under
another code) or merges it, by drag and drop or by the "move to…" form, through the codebook's
named, undoable commands."""

from __future__ import annotations

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


def branch_themes(survey: Survey) -> dict[int, int | None]:
    """Each code's theme: its branch's top code's (the top of a branch carries the theme), so
    counts and frequency tables roll sub-codes up into their theme."""
    listed = Code.objects.filter(survey=survey).values_list("id", "parent_id", "theme_id")
    rows = {pk: (parent, theme) for pk, parent, theme in listed}
    found: dict[int, int | None] = {}
    for pk in rows:
        path: list[int] = []
        at: int | None = pk
        while True:
            if at in found:
                top = found[at]
                break
            if at is None or at not in rows or at in path:  # a broken chain: no theme
                top = None
                break
            path.append(at)
            parent, theme = rows[at]
            if parent is None:
                top = theme
                break
            at = parent
        for step in path:
            found[step] = top
    return found


def _counts(user: Any, survey: Survey) -> dict[int, dict[str, int]]:
    """Codings per code and coder: everyone's for who sees all, else this coder's own."""
    codings = Coding.objects.filter(code__survey=survey)
    if not blind.sees_all(user, survey):
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


def build_tree(user: Any, survey: Survey) -> list[Branch]:
    """The tree as this user may see it: each theme with its codes' branches, then the codes in
    no theme. A visible code whose parent is hidden from the user hangs from the nearest visible
    ancestor (or its theme)."""
    codes = {c.pk: c for c in blind.visible_codes(user, survey)}
    every_parent = dict(Code.objects.filter(survey=survey).values_list("id", "parent_id"))
    themes = list(Theme.objects.filter(survey=survey))
    colours = {t.pk: t.colour or PALETTE[i % len(PALETTE)] for i, t in enumerate(themes)}
    theme_of = branch_themes(survey)
    counts = _counts(user, survey)
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk in sorted(codes, key=lambda pk: codes[pk].name):
        up = every_parent.get(pk)
        while up is not None and up not in codes:
            up = every_parent.get(up)
        children[up].append(pk)

    def grow(pk: int, depth: int, colour: str) -> Node:
        code = codes[pk]
        colour = code.colour or colour
        node = Node(code, depth, colour, dict(counts.get(pk, {})))
        node.total = sum(node.counts.values())
        for child in children.get(pk, []):
            grown = grow(child, depth + 1, colour)
            node.children.append(grown)
            node.total += grown.total
        return node

    by_theme: dict[int | None, list[Node]] = defaultdict(list)
    for top in children.get(None, []):
        theme = theme_of.get(top)
        by_theme[theme].append(grow(top, 1, colours[theme] if theme else NO_THEME))
    branches = []
    for theme in [*themes, None]:
        nodes = by_theme.get(theme.pk if theme else None, [])
        if theme is None and not nodes:
            continue
        rolled: dict[str, int] = {}
        for node in nodes:
            _roll(node, rolled)
        colour = colours[theme.pk] if theme else NO_THEME
        names = [theme.name, theme.name_en] if theme else []
        key = normalise(" ".join(names))
        branches.append(Branch(theme, colour, nodes, sum(n.total for n in nodes), rolled, key))
    return branches


def _roll(node: Node, into: dict[str, int]) -> None:
    _add(into, node.counts)
    for child in node.children:
        _roll(child, into)


def tree_context(request: HttpRequest, survey: Survey, selects: bool = True) -> dict[str, Any]:
    """What ``coding/tree.html`` needs: the views that show the tree add this (one call).
    ``selects``: the "move to…" form's lists of codes and themes (the codebook leaves them to
    its rows' edit forms, loaded when opened, so the page carries no list of every code)."""
    analyst = is_analyst(request.user)
    selects = selects and analyst
    return {
        "tree": build_tree(request.user, survey),
        "tree_survey": survey,
        "tree_analyst": analyst,
        "tree_per_coder": blind.sees_all(request.user, survey),
        "tree_selects": selects,
        "tree_themes": Theme.objects.filter(survey=survey).only("id", "name") if selects else [],
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
