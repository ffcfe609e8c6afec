"""The analyst's assignment page (``/coding/<survey>/assign/``): give answers to coders by area
and by a range of respondents, split evenly or overlapping, take them back, undo the last
batch; with everyone's progress beside it. The logic is in ``kargah.web.coding.progress``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kargah.web import numbers
from kargah.web.accounts.roles import analysts_only
from kargah.web.coding import progress
from kargah.web.numbers import local_number
from kargah.web.problems import form_problems
from kargah.web.survey.models import Area, Respondent, Survey

ACTIONS = [
    ("assign", gettext_lazy("Assign")),
    ("unassign", gettext_lazy("Take back")),
    ("undo", gettext_lazy("Undo the last batch")),
]


class AssignForm(forms.Form):
    """Which answers (an area, a range of respondents), to or from whom, and how many coders
    each answer goes to (2 or more: overlapping, for agreement)."""

    action = forms.ChoiceField(choices=ACTIONS, initial="assign")  # the pressed button
    area = forms.ModelChoiceField(
        Area.objects.none(), required=False, label=gettext_lazy("Area"),
        empty_label=gettext_lazy("all areas"),
    )  # fmt: skip
    first = numbers.IntegerField(
        label=gettext_lazy("From respondent"), required=False, min_value=1, max_value=10**6,
        help_text=gettext_lazy("Position in the list of respondents (1 is the first)."),
    )  # fmt: skip
    last = numbers.IntegerField(
        label=gettext_lazy("To respondent"), required=False, min_value=1, max_value=10**6
    )
    coders = forms.ModelMultipleChoiceField(
        User.objects.none(), required=False, label=gettext_lazy("Coders"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )  # fmt: skip
    copies = numbers.IntegerField(
        label=gettext_lazy("Coders per answer"), initial=1, min_value=1, max_value=50,
        required=False,
        help_text=gettext_lazy(
            "1 splits the answers evenly among the chosen coders; 2 or more gives each answer "
            "to that many of them, for agreement."
        ),
    )  # fmt: skip

    def __init__(self, survey: Survey, data: Any = None) -> None:
        super().__init__(data)
        self.survey = survey
        self.fields["area"].queryset = Area.objects.filter(survey=survey)  # type: ignore[attr-defined]
        self.fields["coders"].queryset = progress.coders_of(survey)  # type: ignore[attr-defined]
        self.respondents = Respondent.objects.filter(survey=survey).count()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            self.add_error("last", _("The range ends before it starts."))
        if first and first > self.respondents:
            self.add_error(
                "first",
                _("The survey has %(n)s respondents.") % {"n": local_number(self.respondents)},
            )
        chosen = list(data.get("coders") or [])
        if data.get("action") == "assign":
            if not chosen:
                self.add_error("coders", _("Choose at least one coder."))
            elif (data.get("copies") or 1) > len(chosen):
                self.add_error(
                    "copies", _("More coders per answer than coders chosen: choose more coders.")
                )
        return data


@analysts_only
def assign_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The form, and everyone's progress (per area too); a POST assigns, takes back or undoes,
    all or nothing, and comes back here with what it did."""
    survey = get_object_or_404(Survey, pk=survey_id)
    form = AssignForm(survey)
    if request.method == "POST":
        form = AssignForm(survey, request.POST)
        if form.is_valid() and _act(request, survey, form.cleaned_data):
            return redirect(request.path)
        for problem in form_problems(form):
            messages.error(request, problem)
    return render(
        request,
        "coding/assign.html",
        {"survey": survey, "form": form, "rows": progress.for_survey(survey),
         "respondents": form.respondents},
    )  # fmt: skip


def _act(request: HttpRequest, survey: Survey, data: dict[str, Any]) -> bool:
    if data["action"] == "undo":
        undone = progress.undo_last(survey, request.session)
        if undone is None:
            messages.info(request, _("There is nothing to undo."))
        elif undone[0] == "assign":
            messages.success(
                request, _("Undone: %(n)s assignments removed.") % {"n": local_number(undone[1])}
            )
        else:
            messages.success(
                request, _("Undone: %(n)s assignments restored.") % {"n": local_number(undone[1])}
            )
        return True
    answers = progress.selected_answers(survey, data["area"], data["first"], data["last"])
    coders = list(data["coders"])
    if data["action"] == "unassign":
        n = progress.unassign(survey, answers, coders, request.session)
        messages.success(request, _("%(n)s assignments taken back.") % {"n": local_number(n)})
        return True
    if not answers.exists():
        messages.error(request, _("No answers match: change the area or the range."))
        return False
    n = progress.assign(survey, answers, coders, data["copies"] or 1, request.user)
    messages.success(request, _("%(n)s answers assigned.") % {"n": local_number(n)})
    return True
