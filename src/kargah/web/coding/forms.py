"""Every POST (and query string) the coding pages accept, as Django forms: a missing field, a
word where an id belongs, an id of another survey or a value too long is a message, never a
500. Choice fields are narrowed to the survey at hand."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kargah.web import numbers
from kargah.web.coding.models import KINDS, Code, Coding, Segment, Theme, code_key
from kargah.web.survey.models import Answer, Area, Survey

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
    """A form whose choices are the survey's own codes, themes, areas, codings and segments
    (``self.survey``, for the checks that need it)."""

    def __init__(self, survey: Survey, data: Any = None) -> None:
        super().__init__(data)
        self.survey = survey
        within = {
            Code: Code.objects.filter(survey=survey),
            Theme: Theme.objects.filter(survey=survey),
            Area: Area.objects.filter(survey=survey),
            Coding: Coding.objects.filter(code__survey=survey),
            Segment: Segment.objects.filter(answer__respondent__survey=survey),
            Answer: Answer.objects.filter(respondent__survey=survey),
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


class Colour(_OfSurvey):
    """The analyst's colour for a code or a theme ("#rrggbb"; empty: the palette's)."""

    target = forms.ChoiceField(choices=[("code", "code"), ("theme", "theme")])
    id = forms.IntegerField(**_ID)
    colour = forms.RegexField(
        regex=r"^(#[0-9a-fA-F]{6})?$", required=False, max_length=7, label=_("Colour")
    )


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
    "colour": Colour,
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


def back_to(survey: Survey, value: str) -> str:
    """Where a coding-screen POST returns: a page of this survey's coding, else the screen."""
    home = reverse("coding:code", args=[survey.pk])
    prefix = home.removesuffix("code/")
    ok = value.startswith(prefix) and "//" not in value and "\\" not in value
    return value if ok else home


class _Returns(_OfSurvey):
    """A coding-screen POST that returns to ``next``, a page of this survey's coding."""

    next = forms.CharField(required=False, max_length=2000)

    def clean_next(self) -> str:
        return back_to(self.survey, str(self.cleaned_data.get("next") or ""))


class CodeSpan(_Returns):
    """Code any passage: ``answer.text[start:end]`` in characters of the stored text (code
    points, not the browser's UTF-16 units). Bad offsets are a message naming what is wrong."""

    answer = forms.ModelChoiceField(Answer.objects.none(), label=_("Answer"))
    start = forms.IntegerField(label=_("Start of the passage"), min_value=0, max_value=10**9)
    end = forms.IntegerField(label=_("End of the passage"), min_value=1, max_value=10**9)
    code = forms.CharField(label=_("Code"), max_length=300)

    def clean_code(self) -> str:
        return CodeSegment.clean_code(self)  # type: ignore[arg-type]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer, start, end = data.get("answer"), data.get("start"), data.get("end")
        if answer is None or start is None or end is None:
            return data
        if end <= start:
            raise forms.ValidationError(
                _("Select a passage: its end (%(end)s) must come after its start (%(start)s).")
                % {"start": numbers.local_number(start), "end": numbers.local_number(end)}
            )
        if end > len(answer.text):
            raise forms.ValidationError(
                _("The passage ends at %(end)s, beyond the answer's %(size)s characters.")
                % {"end": numbers.local_number(end), "size": numbers.local_number(len(answer.text))}
            )
        return data


class MyCoding(_Returns):
    """Remove one of the coder's own codings (the view checks it is theirs)."""

    coding = forms.ModelChoiceField(Coding.objects.none(), label=_("Coding"))


class UndoCoding(forms.Form):
    """Undo or redo the coder's last action on the coding screen."""

    what = forms.ChoiceField(choices=[("undo", "undo"), ("redo", "redo")], label=_("Action"))
    next = forms.CharField(required=False, max_length=2000)


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


class TreeChange(_OfSurvey):
    """A move or a merge from the code tree: ``target`` is "theme-ID", "code-ID" or "none" (out
    of every theme), one select for both kinds of place."""

    code = _codes()
    target = forms.CharField(label=_("Move to"), max_length=40)
    action = forms.ChoiceField(choices=[("move", "move"), ("merge", "merge")], required=False)

    def clean_target(self) -> Theme | Code | None:
        value = str(self.cleaned_data["target"])
        if value == "none":
            return None
        kind, _sep, pk = value.partition("-")
        model: Any = {"theme": Theme, "code": Code}.get(kind)
        found = None
        if model is not None and re.fullmatch("[0-9]{1,18}", pk):
            found = model.objects.filter(survey=self.survey, pk=int(pk)).first()
        if found is None:
            raise forms.ValidationError(_("No such code or theme in this survey."))
        return found


class Retrieve(_OfSurvey):
    """The retrieval's query string: a code (with its sub-codes) or a theme (every code in it),
    and filters by area, kind, sector and coder; the page; ``format=xlsx`` for the workbook."""

    code = forms.ModelChoiceField(Code.objects.none(), required=False, label=_("Code"))
    theme = _themes(required=False)
    area = forms.ModelChoiceField(Area.objects.none(), required=False, label=_("Area"))
    kind = forms.ChoiceField(choices=[("", "—"), *KINDS], required=False, label=_("Kind"))
    sector = forms.ChoiceField(required=False, label=_("Sector"))
    coder = forms.ChoiceField(required=False, label=_("Coder"))
    page = forms.IntegerField(required=False, min_value=1, max_value=10**6)
    format = forms.ChoiceField(choices=[("", ""), ("xlsx", "xlsx")], required=False)

    def __init__(self, survey: Survey, coders: list[str], data: Any = None) -> None:
        super().__init__(survey, data)
        from kargah.survey import SECTORS

        self.fields["sector"].choices = [("", "—"), *((s, _(s)) for s in SECTORS)]  # type: ignore[attr-defined]
        self.fields["coder"].choices = [("", "—"), *((n, n) for n in coders)]  # type: ignore[attr-defined]
