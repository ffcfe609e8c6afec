"""Pages of the machine help: accepting or rejecting a suggestion on the coding screen or in the
document view (one key, see static/kargah/suggestions.js), the analyst's settings for suggestions
(on/off, how many own codings first, threshold; a new round now), and candidate codes for an area
nobody has coded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kargah.web import numbers
from kargah.web.accounts.roles import analysts_only, coders_only
from kargah.web.coding import assist, candidates
from kargah.web.coding.forms import back_to
from kargah.web.coding.models import KINDS, AssistSetting, Code, Suggestion, Theme
from kargah.web.jobs.models import Job
from kargah.web.problems import form_problems
from kargah.web.survey.models import Area, Survey

_ID = {"min_value": 1, "max_value": 2**63 - 1}


class Decide(forms.Form):
    suggestion = forms.IntegerField(label=gettext_lazy("Suggestion"), **_ID)
    # the page the suggestion was on when not the coding screen (the document view)
    next = forms.CharField(required=False, max_length=2000)


class Settings(forms.ModelForm):
    after = numbers.IntegerField(
        min_value=0, max_value=100_000, label=gettext_lazy("Own codings before suggestions")
    )
    threshold = numbers.PercentField(
        required=False, label=gettext_lazy("Threshold in percent (empty: the model's own)")
    )

    class Meta:
        model = AssistSetting
        fields = ["enabled", "after", "threshold"]
        labels = {"enabled": gettext_lazy("Suggestions on")}


class FindCandidates(forms.Form):
    area = forms.ModelChoiceField(
        Area.objects.none(),
        label=gettext_lazy("Area"),
    )
    kind = forms.ChoiceField(
        choices=[(k, gettext_lazy(k)) for k, _label in KINDS],
        label=gettext_lazy("Kind"),
    )
    codes = numbers.IntegerField(
        min_value=2, max_value=30, required=False, label=gettext_lazy("Candidate codes")
    )


class Adopt(forms.Form):
    name = forms.CharField(max_length=300, label=gettext_lazy("Name"))
    theme = forms.ModelChoiceField(
        Theme.objects.none(), required=False, label=gettext_lazy("Theme")
    )


def _open(request: HttpRequest, survey: Survey, posted: Decide) -> Suggestion | None:
    if not posted.is_valid():
        for problem in form_problems(posted):
            messages.error(request, problem)
        return None
    found = Suggestion.objects.filter(
        pk=posted.cleaned_data["suggestion"],
        coder=request.user,
        state="open",
        segment__answer__respondent__survey=survey,
    ).select_related("segment__answer__respondent", "code")
    suggestion = found.first()
    if suggestion is None:
        messages.error(request, _("That suggestion is no longer open."))
    return suggestion


def _decide(request: HttpRequest, survey_id: int, accepting: bool) -> HttpResponse:
    """Accept or reject the posted suggestion of the coder's; back to the page it was on: the
    document view (at the suggestion's answer, where the keys stay), or the coding screen — the
    next segment after accepting, the same after rejecting (its other suggestions are there)."""
    survey = get_object_or_404(Survey, pk=survey_id)
    posted = Decide(request.POST)
    suggestion = _open(request, survey, posted)
    url = reverse("coding:code", args=[survey.pk])
    page = str(posted.data.get("next") or "")
    if suggestion is None:
        return redirect(back_to(survey, page) if page else url)
    if accepting:
        assist.accept(suggestion, request.user)
        messages.success(request, _("Coded “%s” (assisted).") % suggestion.code.name)
        url = f"{url}?after={suggestion.segment_id}"
    else:
        assist.reject(suggestion)
        url = f"{url}?segment={suggestion.segment_id}"
    answer = f"#text-{suggestion.segment.answer_id}"  # the browser focuses it: the keys act there
    return redirect(back_to(survey, page) + answer if page else url)


@coders_only
@require_POST
def accept(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _decide(request, survey_id, accepting=True)


@coders_only
@require_POST
def reject(request: HttpRequest, survey_id: int) -> HttpResponse:
    return _decide(request, survey_id, accepting=False)


@analysts_only
def settings_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Suggestions on or off, how many segments a coder codes before seeing any, the threshold;
    a new round now (a background job)."""
    survey = get_object_or_404(Survey, pk=survey_id)
    chosen = assist.setting(survey)
    form = Settings(instance=chosen)
    if request.method == "POST":
        if request.POST.get("action") == "build":
            assist.queue(survey, request.user)
            messages.info(request, _("A new round of suggestions is being built."))
            return redirect("coding:assist", survey_id=survey.pk)
        form = Settings(request.POST, instance=chosen)
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("coding:assist", survey_id=survey.pk)
    last = assist.last_round(survey)
    return render(
        request,
        "coding/assist.html",
        {
            "survey": survey,
            "form": form,
            "last": last,
            "threshold": assist.threshold(survey, chosen),
            "counts": {
                state: Suggestion.objects.filter(
                    segment__answer__respondent__survey=survey, state=state
                ).count()
                for state in ("open", "accepted", "rejected")
            },
        },
        status=400 if form.errors else 200,
    )


@analysts_only
def candidates_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Candidate codes for an area's answers that nobody has coded yet: their words and example
    answers; each can be renamed and adopted as a code (under a theme, if one is chosen)."""
    survey = get_object_or_404(Survey, pk=survey_id)
    find = FindCandidates(request.GET or None)
    find.fields["area"].queryset = Area.objects.filter(survey=survey)  # type: ignore[attr-defined]
    if request.method == "POST":
        adopt = Adopt(request.POST)
        adopt.fields["theme"].queryset = Theme.objects.filter(survey=survey)  # type: ignore[attr-defined]
        if adopt.is_valid():
            code = Code.objects.named(survey, adopt.cleaned_data["name"])
            if adopt.cleaned_data["theme"] is not None and code.theme_id is None:
                code.theme = adopt.cleaned_data["theme"]
                code.save()
            messages.success(request, _("Code “%s” adopted.") % code.name)
        else:
            for problem in form_problems(adopt):
                messages.error(request, problem)
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    context: dict[str, Any] = {"survey": survey, "find": find, "found": None}
    if request.GET and find.is_valid():
        area, kind = find.cleaned_data["area"], find.cleaned_data["kind"]
        job = candidates.find(survey, area, kind, find.cleaned_data["codes"], request.user)
        context.update(job=job, found=job.result.get("codes") if job.status == Job.DONE else None)
        context["themes"] = Theme.objects.filter(survey=survey).only("id", "name", "name_en")
    elif request.GET:
        for problem in form_problems(find):
            messages.error(request, problem)
    return render(request, "coding/candidates.html", context)
