"""Every POST (and query string) the coding pages accept, as Django forms: a missing field, a
word where an id belongs, an id of another survey or a value too long is a message, never a
500. Choice fields are narrowed to the survey at hand."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kargah.web import numbers
from kargah.web.coding.models import KINDS, Code, Coding, Segment, Theme, code_key
from kargah.web.survey.models import Area, Survey

#: the longest memo a coder or analyst may write (a note, not a document)
MEMO_LIMIT = 10_000
#: the longest search on the coding screen
QUERY_LIMIT = 500
_ID = {"min_value": 1, "max_value": 2**63 - 1}


def qdpx_answer_limit() -> int:
    """The longest answer (in characters) a ``.qdpx`` import accepts; ``KARGAH_QDPX_ANSWER_LIMIT``
    in the settings changes it."""
    return int(getattr(settings, "KARGAH_QDPX_ANSWER_LIMIT", 100_000))


class _OfSurvey(forms.Form):
    """A form whose choices are the survey's own codes, themes, areas, codings and segments."""

    def __init__(self, survey: Survey, data: Any = None) -> None:
        super().__init__(data)
        within = {
            Code: Code.objects.filter(survey=survey),
            Theme: Theme.objects.filter(survey=survey),
            Area: Area.objects.filter(survey=survey),
            Coding: Coding.objects.filter(code__survey=survey),
            Segment: Segment.objects.filter(answer__respondent__survey=survey),
        }
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = within[field.queryset.model]


def _codes() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(Code.objects.none(), label=_("Code"))


def _themes(required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(Theme.objects.none(), label=_("Theme"), required=required)


def _name() -> forms.CharField:
    return forms.CharField(label=_("Name"), max_length=300)


class RenameCode(_OfSurvey):
    code, name = _codes(), _name()


class RenameTheme(_OfSurvey):
    theme, name = _themes(), _name()


class MergeCodes(_OfSurvey):
    code, into = _codes(), _codes()


class MergeThemes(_OfSurvey):
    theme, into = _themes(), _themes()


class MoveCode(_OfSurvey):
    code, theme = _codes(), _themes(required=False)


class _Ids(forms.ModelMultipleChoiceField):
    """Ids checked to be whole numbers the database can hold before it is asked (an id of 30
    digits overflows SQLite's integer inside ``id IN (…)``)."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not re.fullmatch("[0-9]{1,18}", str(pk)):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


class SplitCode(_OfSurvey):
    code, name = _codes(), _name()
    codings = _Ids(Coding.objects.none(), required=False)


class NewTheme(_OfSurvey):
    name = _name()
    area = forms.ModelChoiceField(Area.objects.none(), required=False, label=_("Area"))
    kind = forms.ChoiceField(choices=[("", "—"), *KINDS], required=False, label=_("Kind"))


class Memo(_OfSurvey):
    target = forms.ChoiceField(choices=[("code", "code"), ("theme", "theme")])
    id = forms.IntegerField(**_ID)
    memo = forms.CharField(label=_("Memo"), required=False, max_length=MEMO_LIMIT)


class Undo(_OfSurvey):
    pass


#: the codebook's actions, each with its form
CODEBOOK_ACTIONS: dict[str, type[_OfSurvey]] = {
    "rename-code": RenameCode,
    "rename-theme": RenameTheme,
    "merge": MergeCodes,
    "merge-theme": MergeThemes,
    "move": MoveCode,
    "split": SplitCode,
    "new-theme": NewTheme,
    "memo": Memo,
    "undo": Undo,
}


class CodebookAction(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in CODEBOOK_ACTIONS], label=_("Action"))


class CodeSegment(_OfSurvey):
    """The coding screen's POST: this coder's code (and memo) for one segment."""

    segment = forms.ModelChoiceField(Segment.objects.none(), label=_("Segment"))
    code = forms.CharField(label=_("Code"), max_length=300)
    memo = forms.CharField(label=_("Memo"), required=False, max_length=MEMO_LIMIT)
    q = forms.CharField(required=False, max_length=QUERY_LIMIT)

    def clean_code(self) -> str:
        name = str(self.cleaned_data["code"])
        if not code_key(name):
            raise forms.ValidationError(_("Type a code first."))
        return name


class CodingScreen(forms.Form):
    """The coding screen's query string: a segment to show, the one just coded, a search."""

    segment = forms.IntegerField(required=False, **_ID)
    after = forms.IntegerField(required=False, **_ID)
    q = forms.CharField(required=False, max_length=QUERY_LIMIT, label=_("Only answers with"))


class SplitSegment(forms.Form):
    offset = numbers.IntegerField(min_value=1, max_value=10**9, label=_("Place"))


class Settle(_OfSurvey):
    segment = forms.ModelChoiceField(Segment.objects.none(), label=_("Segment"))
    code = _codes()


class ChooseCoders(forms.Form):
    """The query string of results (whose codings count) and agreement (the two coders kappa
    compares): usernames of the people who coded the survey."""

    coder = forms.ChoiceField(required=False, label=_("Codings counted"))
    first = forms.ChoiceField(required=False, label=_("First coder"))
    second = forms.ChoiceField(required=False, label=_("Second coder"))
    without_assisted = forms.BooleanField(required=False, label=_("Leave out assisted codings"))

    def __init__(self, names: list[str], data: Any = None) -> None:
        super().__init__(data)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.choices = [("", "—"), *((n, n) for n in names)]  # type: ignore[attr-defined]


class ImportQdpx(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
