"""The survey pages' forms: every POST of the builder and of the respondent's link is read through
one of these, so a missing, wrong-typed or oversized field is named to the user, never a 500. The
rules (question types, text limits, years) are the core's, ``kargah.survey``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kargah.errors import OptionError
from kargah.survey import LIMITS, MAX_YEARS, QUESTION_TYPES, SECTORS
from kargah.survey import Question as FormQuestion
from kargah.text import normalise
from kargah.web import numbers
from kargah.web.survey.models import Area, Question, Survey
from kargah.web.uploads import UploadForm, upload_field

_SECTOR_CHOICES = [(s, s) for s in SECTORS]


class NewSurveyForm(forms.Form):
    """An empty survey with a title, or (no title) one from the Guilan template."""

    title = forms.CharField(max_length=300, required=False, strip=True)
    title_en = forms.CharField(max_length=300, required=False, strip=True)


class InviteForm(forms.Form):
    sector = forms.ChoiceField(choices=_SECTOR_CHOICES)
    count = numbers.IntegerField(min_value=1, max_value=500)
    label = forms.CharField(max_length=200, required=False)


class _OfSurvey(forms.Form):
    def __init__(self, survey: Survey, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey


class AreaForm(_OfSurvey):
    key = forms.SlugField(max_length=50)
    fa = forms.CharField(max_length=200)
    en = forms.CharField(max_length=200, required=False)

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if Area.objects.filter(survey=self.survey, key=key).exists():
            raise forms.ValidationError(_("This survey has an area with this key already."))
        return key


class QuestionForm(_OfSurvey):
    key = forms.SlugField(max_length=50)
    type = forms.ChoiceField(choices=[(t, t) for t in QUESTION_TYPES])
    area = forms.ModelChoiceField(queryset=Area.objects.none(), required=False)
    kind = forms.ChoiceField(
        choices=[("", "—"), ("challenge", "challenge"), ("solution", "solution")], required=False
    )
    fa = forms.CharField()
    en = forms.CharField(required=False)
    slots = numbers.IntegerField(min_value=1, max_value=20, required=False)
    choices = forms.CharField(required=False)

    def __init__(self, survey: Survey, *args: Any, **kwargs: Any) -> None:
        super().__init__(survey, *args, **kwargs)
        self.fields["area"].queryset = survey.areas.all()  # type: ignore[attr-defined]

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if Question.objects.filter(survey=self.survey, key=key).exists():
            raise forms.ValidationError(_("This survey has a question with this key already."))
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["slots"] = data.get("slots") or 1
        data["choices"] = [c.strip() for c in data.get("choices", "").split("\n") if c.strip()]
        if not self.errors:
            try:  # the core's rules of a question: choices for a choice, 1–20 ranked answers …
                FormQuestion(
                    id=data["key"], type=data["type"], fa=data["fa"], kind=data["kind"],
                    slots=data["slots"], choices=tuple(data["choices"]),
                )  # fmt: skip
            except OptionError as error:
                raise forms.ValidationError(str(error)) from None
        return data


class RemoveQuestionForm(_OfSurvey):
    question = forms.IntegerField(min_value=1, max_value=2**31 - 1)

    def clean_question(self) -> Question:
        question = self.survey.questions.filter(pk=self.cleaned_data["question"]).first()
        if question is None:
            raise forms.ValidationError(_("No such question in this survey."))
        return question


#: the builder's actions, by the ``action`` its forms post
BUILDER_FORMS: dict[str, type[_OfSurvey] | type[InviteForm]] = {
    "invite": InviteForm,
    "add-area": AreaForm,
    "add-question": QuestionForm,
    "remove-question": RemoveQuestionForm,
}


class AnswersUploadForm(UploadForm):
    file = upload_field(
        _("File (CSV or XLSX)"), ("csv", "xlsx"), _("%(value)s: use a CSV or XLSX file.")
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(max_length=255)  # a file name in the imports folder


class RespondentForm(forms.Form):
    """The respondent's link: the profile and one field per answer line, each answer at most
    ``LIMITS["answer"]`` characters (refused with a message, never cut)."""

    action = forms.ChoiceField(choices=[("save", "save"), ("submit", "submit")], required=False)
    sector = forms.ChoiceField(choices=[("", "—"), *_SECTOR_CHOICES], required=False)
    organisation = forms.CharField(max_length=LIMITS["organisation"], required=False)
    role = forms.CharField(max_length=LIMITS["role"], required=False)
    years = numbers.FloatField(min_value=0, max_value=MAX_YEARS, required=False)

    def __init__(self, questions: list[Question], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            for name in q.fields():
                self.fields[name] = forms.CharField(
                    max_length=LIMITS["answer"], required=False, label=q.key
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for q in self.questions:
            text = data.get(q.key) or ""
            if not text or q.type not in ("number", "single", "multiple"):
                continue
            if q.type == "number":
                try:
                    float(numbers.ascii_number(text))
                except ValueError:
                    self.add_error(q.key, _("Enter a number."))
                continue
            picked = [p.strip() for p in text.split(";")] if q.type == "multiple" else [text]
            allowed = {normalise(c) for c in q.choices}
            if any(normalise(p) not in allowed for p in picked):
                self.add_error(q.key, _("Choose from: %s") % "; ".join(q.choices))
        return data

    def answers(self) -> list[tuple[Question, int, str]]:
        """(question, rank, text) of each answer line filled in."""
        return [
            (q, rank, self.cleaned_data[name].strip())
            for q in self.questions
            for rank, name in enumerate(q.fields(), start=1)
            if self.cleaned_data.get(name, "").strip()
        ]
