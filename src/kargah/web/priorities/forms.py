"""The ranking pages' forms: every POST of a project's page and of an expert's link is read
through one of these, so a missing, wrong-typed or oversized field is named, never a 500."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kargah.web import numbers
from kargah.web.priorities.models import PREFERENCE_NAMES, Criterion, Project
from kargah.web.priorities.ranking import SCALE, pair_key, pairs
from kargah.web.registry.templatetags.kargah import digits


class ProjectForm(forms.ModelForm):  # type: ignore[type-arg]
    v = numbers.FloatField(min_value=0, max_value=1, label=_("VIKOR strategy weight v"))

    class Meta:
        model = Project
        fields = ["name", "region", "region_column", "kind", "categories", "groups",
                  "weighting", "normalization", "v", "survey"]  # fmt: skip
        # (the model's many-to-many fields have no translated verbose names)
        labels = {"categories": _("Center categories"), "groups": _("Product groups")}
        widgets = {
            "categories": forms.SelectMultiple(attrs={"size": 8}),
            "groups": forms.SelectMultiple(attrs={"size": 8}),
        }


class CriterionForm(forms.ModelForm):  # type: ignore[type-arg]
    weight = numbers.FloatField(min_value=0, max_value=1e6, required=False,
                                label=_("Direct weight"))  # fmt: skip
    q = numbers.FloatField(min_value=0, max_value=1e15, required=False, label="q")
    p = numbers.FloatField(min_value=0, max_value=1e15, required=False, label="p")
    s = numbers.FloatField(min_value=0, max_value=1e15, required=False, label="s")

    class Meta:
        model = Criterion
        fields = ["name_fa", "name_en", "direction", "unit", "source", "note", "weight",
                  "preference", "q", "p", "s"]  # fmt: skip

    def __init__(self, project: Project, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["preference"].choices = list(PREFERENCE_NAMES.items())  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Each name unique among the project's criteria' names in either language: whichever
        language the page is read in, a name identifies one criterion."""
        data = super().clean() or {}
        others = self.project.criteria.exclude(pk=self.instance.pk)
        taken = {n for k in others for n in k.names()}
        for field in ("name_fa", "name_en"):
            data[field] = (data.get(field) or "").strip()
            if data[field] in taken:
                self.add_error(field, _("This project has a criterion with this name already."))
        return data


class ChooseCriterion(forms.Form):
    criterion = forms.ModelChoiceField(queryset=Criterion.objects.none())

    def __init__(self, project: Project, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = project.criteria.all()  # type: ignore[attr-defined]


class ValuesForm(forms.Form):
    """One number per candidate and entered criterion: ``v_<criterion id>_<candidate index>``."""

    def __init__(self, project: Project, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[str, tuple[Criterion, str]] = {}
        for k in project.criteria.filter(source="entered"):
            for i, c in enumerate(project.candidates()):
                name = f"v_{k.pk}_{i}"
                self.fields[name] = numbers.FloatField(
                    required=False, min_value=-1e15, max_value=1e15, label=f"{c.name} — {k.name}"
                )
                self.cells[name] = (k, c.code)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        for name, value in data.items():
            if value is not None and not math.isfinite(value):
                self.add_error(name, _("Enter a finite number."))
        return data


class InviteForm(forms.Form):
    count = numbers.IntegerField(min_value=1, max_value=50)
    label = forms.CharField(max_length=200, required=False)


def scale_label(value: str, first: str, second: str) -> str:
    if value == "1":
        return str(_("equal"))
    if value.startswith("1/"):
        return f"{second} ×{digits(value[2:])}"
    return f"{first} ×{digits(value)}"


class PairwiseForm(forms.Form):
    """Saaty's 1–9 scale for each pair of criteria, upper triangle only (the core fills the
    reciprocals); an unanswered pair is equal."""

    def __init__(self, criteria: list[Criterion], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pairs = pairs(criteria)
        for a, b in self.pairs:
            self.fields[pair_key(a, b)] = forms.ChoiceField(
                choices=[(v, scale_label(v, a.name, b.name)) for v in SCALE],
                required=False,
                label=f"{a.name} — {b.name}",
                initial="1",  # unanswered is equal, as the core is told (not the list's first)
            )

    def judgements(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v}
