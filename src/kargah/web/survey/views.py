"""Survey pages: the builder (a survey from the Guilan template, questions added or removed),
invitations and response rates per sector, answer import (preview, row-level errors, all or
nothing) and export, and the respondent's form behind a one-person link (autosave, no account)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kargah.errors import InputError
from kargah.survey import SECTORS, Responses, load_form, read_answers, response_rates, write_answers
from kargah.web.accounts.roles import analysts_only
from kargah.web.charts import chart_context, rates_by_sector
from kargah.web.limits import upload_notes
from kargah.web.problems import describe, describe_all, form_problems
from kargah.web.survey.forms import (
    BUILDER_FORMS,
    AnswersUploadForm,
    AreaForm,
    ImportConfirmForm,
    InviteForm,
    NewSurveyForm,
    QuestionForm,
    RespondentForm,
)
from kargah.web.survey.hooks import answers_saved, extra_sheets
from kargah.web.survey.models import Answer, Area, Invitation, Question, Respondent, Survey
from kargah.web.uploads import imports_folder


@analysts_only
def survey_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NewSurveyForm(request.POST)
        if not form.is_valid():
            messages.error(request, " · ".join(form_problems(form)))
            return redirect("survey:list")
        if form.cleaned_data["title"]:
            survey = Survey.objects.create(
                title_fa=form.cleaned_data["title"], title_en=form.cleaned_data["title_en"]
            )
        else:
            survey = Survey.from_form(load_form("guilan"))
            messages.success(request, _("A new survey from the Guilan template."))
        return redirect("survey:detail", survey_id=survey.pk)
    return render(request, "survey/list.html", {"surveys": Survey.objects.order_by("-created")})


@analysts_only
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    """The form's questions (add, remove), invitations by sector, response rates."""
    survey = get_object_or_404(Survey, pk=survey_id)
    if request.method == "POST":
        _builder(request, survey)
        return redirect("survey:detail", survey_id=survey.pk)
    invitations = pd.DataFrame(
        list(survey.invitations.values_list("sector", "opened", "submitted")),
        columns=["sector", "opened", "returned"],
    )
    rates, chart = None, None
    if not invitations.empty:
        invitations["opened"] = invitations["opened"].notna()
        invitations["returned"] = invitations["returned"].notna()
        rates = response_rates(invitations).to_dict("records")
        chart = rates_by_sector(rates, _("Response rate by sector"))
    waiting = survey.invitations.filter(submitted__isnull=True).order_by("id")[:20]
    return render(
        request,
        "survey/detail.html",
        {
            "survey": survey,
            "questions": survey.questions.select_related("area"),
            "rates": rates,
            **chart_context(chart),
            "waiting": waiting,
            "sectors": SECTORS,
            "respondents": survey.respondents.count(),
            "answers": Answer.objects.filter(respondent__survey=survey).count(),
        },
    )


def _builder(request: HttpRequest, survey: Survey) -> None:
    kind = BUILDER_FORMS.get(request.POST.get("action", ""))
    if kind is None:
        messages.error(request, _("Unknown action."))
        return
    form = kind(request.POST) if kind is InviteForm else kind(survey, request.POST)
    if not form.is_valid():
        messages.error(request, " · ".join(form_problems(form)))
        return
    data = form.cleaned_data
    if kind is InviteForm:
        Invitation.objects.bulk_create(
            Invitation(survey=survey, sector=data["sector"], label=data["label"])
            for _ in range(data["count"])
        )
        messages.success(request, _("%(n)s invitation links made.") % {"n": data["count"]})
    elif kind is AreaForm:
        Area.objects.create(
            survey=survey, key=data["key"], fa=data["fa"], en=data["en"],
            order=survey.areas.count(),
        )  # fmt: skip
    elif kind is QuestionForm:
        Question.objects.create(
            survey=survey, key=data["key"], type=data["type"], area=data["area"],
            kind=data["kind"], fa=data["fa"], en=data["en"], slots=data["slots"],
            choices=data["choices"], order=survey.questions.count(),
        )  # fmt: skip
    elif data["question"].answers.exists():
        messages.error(request, _("This question has answers; it stays."))
    else:
        data["question"].delete()


# -- import and export ------------------------------------------------------------------------


@analysts_only
def import_answers(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Upload → every cell checked → preview; nothing is kept until the analyst confirms."""
    survey = get_object_or_404(Survey, pk=survey_id)
    context: dict[str, Any] = {"survey": survey}
    form = AnswersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not form.is_valid():
        context["error"] = " · ".join(form_problems(form))
        return render(request, "survey/import.html", context, status=400)
    if request.method == "POST":
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()  # the form allows .csv and .xlsx
        token = uuid.uuid4().hex
        path = imports_folder() / f"{token}{suffix}"
        path.write_bytes(upload.read())
        # the name as uploaded, shortened to fit a file system's 255 bytes with the token
        named = path.with_name(f"{token}--{Path(upload.name or 'answers').name[-100:]}")
        path.rename(named)
        from kargah.survey import PROFILE_FIELDS

        long = ("respondent", "question", "rank", "answer")  # one row per answer
        known = [*survey.form().answer_columns(), *PROFILE_FIELDS, *long]
        try:  # the notes first: a misspelt column explains many refusals
            context["notes"] = upload_notes(named, form.cleaned_data["encoding"] or None, known)
            responses = read_answers(named, survey.form())
            _not_yet_in(survey, responses, named)
        except InputError as error:
            named.unlink(missing_ok=True)
            head, problems = describe_all(error, Path(upload.name or "answers").name)
            context.update(error=head, problems=problems)
            return render(request, "survey/import.html", context, status=400)
        context.update(
            token=named.name,
            respondents=len(responses.respondents),
            count=len(responses.answers),
            preview=responses.answers.head(10).to_dict("records"),
        )
    return render(request, "survey/import.html", context)


def _not_yet_in(survey: Survey, responses: Responses, path: Path) -> None:
    taken = set(survey.respondents.values_list("code", flat=True))
    clash = [r for r in responses.respondents["respondent"] if r in taken]
    if clash:
        raise InputError(
            f"respondent(s) already in this survey: {', '.join(clash[:10])}",
            file=path,
            column="respondent",
        )


@analysts_only
@require_POST
def import_confirm(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    form = ImportConfirmForm(request.POST)
    name = Path(form.cleaned_data["token"]).name if form.is_valid() else ""
    path = imports_folder() / name
    if not name or not path.is_file():
        raise Http404
    try:
        responses = read_answers(path, survey.form())
        with transaction.atomic():
            _not_yet_in(survey, responses, path)
            count = _store(survey, responses)
    except InputError as error:  # stored as <token>--<the name uploaded>
        messages.error(request, describe(error, name.partition("--")[2] or name))
        return redirect("survey:import", survey_id=survey.pk)
    finally:
        path.unlink(missing_ok=True)
    messages.success(request, _("Imported %(n)s answers.") % {"n": count})
    return redirect("survey:detail", survey_id=survey.pk)


def _store(survey: Survey, responses: Responses) -> int:
    people = {}
    for r in responses.respondents.to_dict("records"):
        people[r["respondent"]] = Respondent.objects.create(
            survey=survey,
            code=r["respondent"],
            sector=r.get("sector") or "",
            organisation=r.get("organisation") or "",
            role=r.get("role") or "",
            years=None if pd.isna(r.get("years")) else r.get("years"),
        )
    questions = {q.key: q for q in survey.questions.all()}
    answers = Answer.objects.bulk_create(
        Answer(
            respondent=people[a.respondent],
            question=questions[a.question],
            rank=a.rank,
            text=a.text,
        )
        for a in responses.answers.itertuples()
    )
    answers_saved.send(Survey, answers=answers)
    return len(answers)


def responses_of(survey: Survey) -> Responses:
    people = pd.DataFrame(
        list(survey.respondents.values_list("code", "sector", "organisation", "role", "years")),
        columns=["respondent", "sector", "organisation", "role", "years"],
    )
    answers = pd.DataFrame(
        list(
            Answer.objects.filter(respondent__survey=survey).values_list(
                "respondent__code", "question__key", "rank", "text"
            )
        ),
        columns=["respondent", "question", "rank", "text"],
    )
    return Responses(people, answers)


def everything(survey: Survey) -> dict[str, pd.DataFrame]:
    """The survey as sheets: respondents, answers, invitations (without their secret links),
    and what other apps add (the coding app: themes, codes, segments and every coder's codings)."""
    responses = responses_of(survey)
    invitations = pd.DataFrame(
        list(survey.invitations.values_list("id", "sector", "label", "opened", "submitted")),
        columns=["invitation", "sector", "label", "opened", "submitted"],
    )
    for column in ("opened", "submitted"):  # spreadsheets hold no time zones: ISO text instead
        invitations[column] = invitations[column].map(lambda v: v.isoformat() if v else None)
    return {
        "respondents": responses.respondents,
        "answers": responses.answers,
        "invitations": invitations,
        **extra_sheets(survey),
    }


@analysts_only
def export_answers(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    import tempfile

    survey = get_object_or_404(Survey, pk=survey_id)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"answers-{survey.pk}.{fmt}"
        if fmt == "xlsx":
            from kargah.tables import write_workbook

            path = write_workbook(everything(survey), target)
        else:
            path = write_answers(responses_of(survey), target)
        data = path.read_bytes()
    kind = (
        "text/csv"
        if fmt == "csv"
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="answers-{survey.pk}.{fmt}"'
    return response


# -- the respondent's form ----------------------------------------------------------------------


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The form behind one invitation link: no account; a half-filled form is saved as the
    respondent types (and on "save"); submitting twice never makes two respondents. A field the
    form refuses is named beside it, and every other answer is kept."""
    invitation = get_object_or_404(Invitation.objects.select_related("survey"), token=token)
    survey = invitation.survey
    if invitation.submitted:
        return render(request, "survey/thanks.html", {"survey": survey, "again": True})
    if invitation.opened is None:
        Invitation.objects.filter(pk=invitation.pk, opened__isnull=True).update(
            opened=timezone.now()
        )
    questions = list(survey.questions.select_related("area"))
    if request.method != "POST":
        return _respond_page(request, invitation, questions, invitation.draft or {}, None)
    form = RespondentForm(questions, request.POST)
    # the draft keeps what was typed, valid or not, in the fields this form has
    # (NUL characters dropped: PostgreSQL's JSON refuses them, and no answer needs one)
    values = {
        k: request.POST.get(k, "").replace("\x00", "").strip()
        for k in form.fields
        if k in request.POST
    }
    valid = form.is_valid()
    if form.data.get("action") != "submit":
        Invitation.objects.filter(pk=invitation.pk, submitted__isnull=True).update(
            draft=values, saved=timezone.now()
        )
        if request.headers.get("x-autosave"):
            return JsonResponse({"saved": True, "errors": form.errors if not valid else {}})
        if valid:
            messages.success(request, _("Saved. You can come back to this link later."))
            return redirect("survey:respond", token=token)
        return _respond_page(request, invitation, questions, values, form, status=400)
    if not valid:
        Invitation.objects.filter(pk=invitation.pk).update(draft=values, saved=timezone.now())
        return _respond_page(request, invitation, questions, values, form, status=400)
    if not form.answers():
        messages.error(request, _("Write at least one answer before submitting."))
        Invitation.objects.filter(pk=invitation.pk).update(draft=values, saved=timezone.now())
        return redirect("survey:respond", token=token)
    if _submit(invitation, form, values):
        return render(request, "survey/thanks.html", {"survey": survey})
    return render(request, "survey/thanks.html", {"survey": survey, "again": True})


def _respond_page(
    request: HttpRequest,
    invitation: Invitation,
    questions: list[Question],
    draft: dict[str, str],
    form: RespondentForm | None,
    status: int = 200,
) -> HttpResponse:
    errors = {name: " ".join(e) for name, e in form.errors.items()} if form else {}
    if errors:
        messages.error(request, _("Some answers need a change; everything else is kept."))
    blocks = [
        {"question": q, "lines": [(f, draft.get(f, ""), errors.get(f)) for f in q.fields()]}
        for q in questions
    ]
    return render(
        request,
        "survey/respond.html",
        {
            "survey": invitation.survey,
            "invitation": invitation,
            "blocks": blocks,
            "draft": draft,
            "errors": errors,
            "sectors": SECTORS,
            "draft_json": json.dumps(draft, ensure_ascii=False),
        },
        status=status,
    )


def _submit(invitation: Invitation, form: RespondentForm, values: dict[str, str]) -> bool:
    """Store the answers once; False if this invitation was submitted already (a double click,
    two tabs)."""
    data = form.cleaned_data
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, submitted__isnull=True).update(
            submitted=timezone.now(), draft=values
        )
        if not claimed:
            return False
        survey = invitation.survey
        respondent = Respondent.objects.create(
            survey=survey,
            code=_free_code(survey, f"W{invitation.pk:04d}"),
            invitation=invitation,
            sector=data["sector"] or invitation.sector,
            organisation=data["organisation"],
            role=data["role"],
            years=data["years"],
        )
        answers = Answer.objects.bulk_create(
            Answer(respondent=respondent, question=q, rank=rank, text=text)
            for q, rank, text in form.answers()
        )
        answers_saved.send(Survey, answers=answers)
    return True


def _free_code(survey: Survey, code: str) -> str:
    """``code``, or ``code-2``, ``code-3`` … if an imported respondent already has it."""
    taken = set(survey.respondents.filter(code__startswith=code).values_list("code", flat=True))
    n, free = 1, code
    while free in taken:
        n += 1
        free = f"{code}-{n}"
    return free
