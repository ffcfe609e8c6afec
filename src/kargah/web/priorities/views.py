"""Ranking projects on the site: the list and a new project, a project's page (settings,
candidates, criteria and their values, experts' links), the results (the four methods side by
side, their correlations, stability, XLSX) and the expert's pairwise form behind a one-person
link (no account; λmax, CI and CR as they answer, from the core)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kargah.errors import KargahError
from kargah.web.accounts.roles import analysts_only, is_analyst
from kargah.web.priorities import forms
from kargah.web.priorities.models import Criterion, Expert, Project, Value
from kargah.web.priorities.pulling import pull
from kargah.web.priorities.ranking import consistency, saaty_text
from kargah.web.problems import described_text, form_problems


@analysts_only
def project_list(request: HttpRequest) -> HttpResponse:
    form = forms.ProjectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            project = form.save()
            return redirect("priorities:project", project_id=project.pk)
        messages.error(request, " · ".join(form_problems(form)))
    projects = Project.objects.all()
    return render(request, "priorities/projects.html", {"projects": projects, "form": form})


@analysts_only
def project_page(request: HttpRequest, project_id: int) -> HttpResponse:
    """Settings, criteria (added, edited, removed), values (entered here or pulled from the
    registry's statistics), experts' links and their consistency."""
    project = get_object_or_404(Project, pk=project_id)
    settings = forms.ProjectForm(instance=project)
    if request.method == "POST":
        if request.POST.get("action") == "pull":
            return _pull(request, project)
        refused = _act(request, project)
        if refused is None:
            return redirect("priorities:project", project_id=project.pk)
        settings = refused
        project.refresh_from_db()
    criteria = list(project.criteria.all())
    candidates = project.candidates()
    stored = {(v.criterion_id, v.candidate): v.value
              for v in Value.objects.filter(criterion__project=project)}  # fmt: skip
    # a column of whole numbers (employees, workshops) without decimals: "۱٬۸۴۵٫۰۰۰" read as
    # 1.8 million on a Persian page
    places = {k.pk: 3 if any(v % 1 for (pk, _code), v in stored.items() if pk == k.pk) else 0
              for k in criteria}  # fmt: skip
    rows = [
        {"candidate": c,
         "cells": [(k, f"v_{k.pk}_{i}", stored.get((k.pk, c.code)), places[k.pk])
                   for k in criteria]}
        for i, c in enumerate(candidates)
    ]  # fmt: skip
    experts = []
    for e in project.experts.all():
        check = None
        if e.submitted and len(criteria) >= 2:
            try:
                check = consistency(e.judgements, criteria)
            except KargahError:
                check = None
        experts.append({"expert": e, "check": check})
    edits = [(k, forms.CriterionForm(project, instance=k, auto_id=f"id_k{k.pk}_%s"))
             for k in criteria]  # fmt: skip
    return render(request, "priorities/project.html", {
        "project": project, "settings": settings, "criteria": criteria, "rows": rows,
        "edits": edits,
        "experts": experts, "criterion_form": forms.CriterionForm(project),
        "invite": forms.InviteForm(),
    })  # fmt: skip


def _act(request: HttpRequest, project: Project) -> forms.ProjectForm | None:
    """One POST of the project's page, by its ``action``; the settings form back when it was
    refused (to show its errors)."""
    action = request.POST.get("action", "")
    if action == "settings":
        form = forms.ProjectForm(request.POST, instance=project)
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return None
        messages.error(request, " · ".join(form_problems(form)))
        return form
    if action in ("criterion", "edit_criterion"):
        instance = None
        if action == "edit_criterion":
            chosen = forms.ChooseCriterion(project, request.POST)
            if not chosen.is_valid():
                messages.error(request, " · ".join(form_problems(chosen)))
                return None
            instance = chosen.cleaned_data["criterion"]
        made = forms.CriterionForm(project, request.POST, instance=instance)
        if made.is_valid():
            criterion = made.save(commit=False)
            criterion.project = project
            if instance is None:
                criterion.order = project.criteria.count()
            criterion.save()
            messages.success(request, _("Saved."))
        else:
            messages.error(request, " · ".join(form_problems(made)))
    elif action == "remove_criterion":
        chosen = forms.ChooseCriterion(project, request.POST)
        if chosen.is_valid():
            chosen.cleaned_data["criterion"].delete()
            messages.success(request, _("Removed."))
        else:
            messages.error(request, " · ".join(form_problems(chosen)))
    elif action == "values":
        _save_values(request, project)
    elif action == "invite":
        invite = forms.InviteForm(request.POST)
        if invite.is_valid():
            data = invite.cleaned_data
            Expert.objects.bulk_create(
                Expert(project=project, label=data["label"]) for _n in range(data["count"])
            )
            messages.success(request, _("%(n)s invitation links made.") % {"n": data["count"]})
        else:
            messages.error(request, " · ".join(form_problems(invite)))
    else:
        messages.error(request, _("Unknown action."))
    return None


def _pull(request: HttpRequest, project: Project) -> HttpResponse:
    """Values from the registry's statistics: at once on a small registry (back to the project,
    saying how many), else a background job whose page shows its progress."""
    job = pull(project, request.user)
    if job.status == job.DONE:
        messages.success(request, _("%(n)s values from the registry's statistics.")
                         % {"n": job.result.get("count", 0)})  # fmt: skip
    elif job.status == job.FAILED:
        messages.error(request, described_text(job.error))
    else:
        return redirect("jobs:status", job_id=job.pk)
    return redirect("priorities:project", project_id=project.pk)


def _save_values(request: HttpRequest, project: Project) -> None:
    form = forms.ValuesForm(project, request.POST)
    if not form.is_valid():  # all or nothing: one bad cell keeps every value as it was
        messages.error(request, " · ".join(form_problems(form)))
        return
    with transaction.atomic():
        for name, (criterion, code) in form.cells.items():
            value = form.cleaned_data.get(name)
            if value is None:
                Value.objects.filter(criterion=criterion, candidate=code).delete()
            else:
                Value.objects.update_or_create(
                    criterion=criterion, candidate=code, defaults={"value": value}
                )
    messages.success(request, _("Saved."))


# -- the expert's link -------------------------------------------------------------------------


def expert_form(request: HttpRequest, token: str) -> HttpResponse:
    """One expert's pairwise comparisons: saved as they answer (htmx posts each change and gets
    the consistency back), submitted once. An analyst (who may open the project) who opens the
    link is given a way back to the project."""
    expert = get_object_or_404(Expert.objects.select_related("project"), token=token)
    criteria: list[Criterion] = list(expert.project.criteria.all())
    back = is_analyst(request.user)
    if expert.submitted:
        return render(request, "priorities/expert_thanks.html", {"expert": expert, "back": back})
    if expert.opened is None:
        Expert.objects.filter(pk=expert.pk, opened__isnull=True).update(opened=timezone.now())
    posted = request.POST if request.method == "POST" else None
    form = forms.PairwiseForm(criteria, posted, initial=expert.judgements or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            judgements = form.judgements()
            if request.POST.get("action") == "submit" and len(criteria) >= 2:
                claimed = Expert.objects.filter(pk=expert.pk, submitted__isnull=True).update(
                    judgements=judgements, submitted=timezone.now()
                )
                expert.judgements = judgements
                return render(request, "priorities/expert_thanks.html",
                              {"expert": expert, "again": not claimed, "back": back})  # fmt: skip
            Expert.objects.filter(pk=expert.pk, submitted__isnull=True).update(
                judgements=judgements
            )
            expert.judgements = judgements
        else:
            status = 400
    check, refused = None, ""
    if len(criteria) >= 2:
        try:
            check = consistency(expert.judgements, criteria)
        except KargahError as error:
            refused = str(error)
    names = {c.name: c for c in criteria}
    context = {"expert": expert, "form": form, "check": check, "refused": refused,
               "criteria": criteria, "revise": _revise(check, names), "back": back}  # fmt: skip
    if request.headers.get("HX-Request"):
        return render(request, "priorities/_consistency.html", context, status=status)
    return render(request, "priorities/expert.html", context, status=status)


def _revise(check: Any, names: dict[str, Criterion]) -> dict[str, Any] | None:
    """The judgement whose change most lowers an inconsistent matrix's CR, for the form."""
    found = getattr(check, "revision_", None)
    if check is None or check.cr_ <= 0.10 or not found:
        return None
    return {**found, "value": saaty_text(found["value"]), "current": saaty_text(found["current"])}
