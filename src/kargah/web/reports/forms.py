"""The report page's one form: which survey and ranking, which language and format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kargah.reports import FORMATS

LANGUAGES = [("fa", "فارسی"), ("en", "English")]


class StudyReportForm(forms.Form):
    survey = forms.TypedChoiceField(label=_("Survey"), coerce=int, required=False, empty_value=None)
    ranking = forms.TypedChoiceField(
        label=_("Ranking"), coerce=int, required=False, empty_value=None
    )
    lang = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="fa")
    fmt = forms.ChoiceField(
        label=_("Format"), choices=[(f, f.upper()) for f in FORMATS], initial="pdf"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from kargah.web.priorities.models import Project
        from kargah.web.survey.models import Survey

        super().__init__(*args, **kwargs)
        latest = [("", _("the latest"))]
        self.fields["survey"].choices = latest + [
            (s.pk, str(s)) for s in Survey.objects.order_by("-pk")
        ]
        self.fields["ranking"].choices = latest + [
            (p.pk, p.name) for p in Project.objects.order_by("-pk")
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
