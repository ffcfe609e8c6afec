"""A survey's coding as a :class:`kargah.coding.CodedStudy` (for ``.qdpx`` export) and a study
read from a ``.qdpx`` as a new survey. The export is a full one: the form's wording, respondents'
profiles, invitations (without their secret links: an imported invitation gets a new one),
codebook, segments, every coder's codings and memos. Settled disagreements travel as the
codings of a coder named ``settled``, so a round trip keeps them too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kargah.coding import CodedStudy
from kargah.errors import InputError
from kargah.survey import QUESTION_TYPES, SECTORS
from kargah.web.coding.models import Code, Coding, Resolution, Segment, SegmentMemo, Theme
from kargah.web.coding.tree import branch_themes
from kargah.web.database import analyze
from kargah.web.survey.models import Answer, Area, Invitation, Question, Respondent, Survey

SETTLED = "settled"


def survey_study(survey: Survey) -> CodedStudy:
    # demo data says what it is wherever it goes
    study = CodedStudy(survey.title_fa + (" (synthetic demo)" if survey.synthetic else ""))
    study.survey = {
        "title_fa": survey.title_fa,
        "title_en": survey.title_en,
        "synthetic": survey.synthetic,
        "areas": list(survey.areas.values("key", "fa", "en")),
        "questions": [
            {"key": q.key, "type": q.type, "area": q.area.key if q.area else "", "kind": q.kind,
             "fa": q.fa, "en": q.en, "slots": q.slots, "choices": q.choices}
            for q in survey.questions.select_related("area")
        ],
        "invitations": [
            {"key": i.pk, "sector": i.sector, "label": i.label,
             "opened": i.opened.isoformat() if i.opened else None,
             "submitted": i.submitted.isoformat() if i.submitted else None}
            for i in survey.invitations.order_by("pk")
        ],
    }  # fmt: skip
    for r in survey.respondents.all():
        study.respondents.append(
            {"key": r.pk, "name": r.code, "sector": r.sector, "organisation": r.organisation,
             "role": r.role, "years": r.years, "invitation": r.invitation_id}
        )  # fmt: skip
    for t in Theme.objects.filter(survey=survey).select_related("area"):
        area = t.area.key if t.area else ""
        theme = {"key": t.pk, "name": t.name, "area": area, "kind": t.kind, "memo": t.memo}
        study.themes.append(theme)
    theme_of = branch_themes(survey)  # a sub-code goes out in its branch's theme
    for c in Code.objects.filter(survey=survey):
        study.codes.append(
            {"key": c.pk, "name": c.name, "theme": theme_of.get(c.pk), "memo": c.memo}
        )
    answers = Answer.objects.filter(respondent__survey=survey).select_related(
        "respondent", "question__area"
    )
    for a in answers:
        attributes = {
            "respondent": a.respondent.code,
            "sector": a.respondent.sector,
            "area": a.question.area.key if a.question.area else "",
            "kind": a.question.kind,
            "rank": a.rank,
            "question": a.question.key,
        }
        name = f"{a.respondent.code}:{a.question.key}:{a.rank}"
        study.sources.append({"key": a.pk, "name": name, "text": a.text, "attributes": attributes})
    memos: dict[int, list[dict[str, Any]]] = {}
    for segment, coder, text in SegmentMemo.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "coder__username", "text"):
        memos.setdefault(segment, []).append({"coder": coder, "text": text})
    for s in Segment.objects.filter(answer__respondent__survey=survey):
        study.segments.append(
            {"key": s.pk, "source": s.answer_id, "start": s.start, "end": s.end,
             "memos": memos.get(s.pk, [])}
        )  # fmt: skip
    for segment, code, coder, assisted in Coding.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "code_id", "coder__username", "assisted"):
        study.codings.append(
            {"segment": segment, "code": code, "coder": coder, "assisted": assisted}
        )
    for segment, code in Resolution.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "code_id"):
        study.codings.append({"segment": segment, "code": code, "coder": SETTLED})
    return study


def _imported_titles(title: str | None, fa: str, en: str) -> tuple[str, str]:
    """The titles of an imported survey: the one the analyst typed, else the original's with the
    day of the import (Jalali in the Persian title, Gregorian in the English one), so the copy
    can be told apart from the original in every list."""
    if title:
        return title, en
    from persiantools.jdatetime import JalaliDate

    from kargah.text import persian_digits

    today = timezone.localdate()
    jalali = persian_digits(JalaliDate(today).strftime("%Y/%m/%d"))
    # cut the original, not the day, where a title is already as long as the column allows
    return (
        f"{fa[:270]} (واردشده {jalali})",
        f"{en[:270]} (imported {today:%Y-%m-%d})" if en else "",
    )


@transaction.atomic
def import_study(study: CodedStudy, title: str | None = None, file: str | None = None) -> Survey:
    """A new survey holding everything the study has, or nothing: a value that does not fit
    (a name longer than its column, an unknown sector or question type) is an
    :class:`InputError` naming ``file`` and the element. Coders are matched to accounts by user
    name; a coder with no account gets an inactive one (role coder) so the codings keep a name."""
    fit = _Fit(file)
    form = study.survey or {}
    original = str(form.get("title_fa") or study.name or "imported")
    title_fa, title_en = _imported_titles(title, original, str(form.get("title_en") or ""))
    survey = Survey.objects.create(
        title_fa=fit(title_fa, Survey, "title_fa"),
        title_en=fit(title_en, Survey, "title_en"),
        synthetic=form.get("synthetic") is True,
    )
    areas: dict[str, Area] = {}

    def area(key: str, fa: str = "", en: str = "") -> Area | None:
        if not key:
            return None
        if key not in areas:
            areas[key] = Area.objects.create(
                survey=survey, key=fit(key, Area, "key"), fa=fit(fa or key, Area, "fa"),
                en=fit(en or key, Area, "en"), order=len(areas),
            )  # fmt: skip
        return areas[key]

    for a in form.get("areas") or []:
        area(str(a.get("key", "")), str(a.get("fa", "")), str(a.get("en", "")))
    questions: dict[str, Question] = {}
    for q in form.get("questions") or []:
        key = fit(q.get("key"), Question, "key")
        if q.get("type") not in QUESTION_TYPES:
            raise InputError(f"question '{key}': unknown type '{q.get('type')}'", file=file)
        questions[key] = Question.objects.create(
            survey=survey, key=key, type=q["type"], area=area(str(q.get("area") or "")),
            kind=_kind(q.get("kind")), fa=str(q.get("fa") or key), en=str(q.get("en") or ""),
            slots=fit.number(q.get("slots") or 1, f"question '{key}' slots", 1, 1000),
            choices=[str(c) for c in q.get("choices") or []], order=len(questions),
        )  # fmt: skip
    invitations: dict[str, Invitation] = {}
    for i in form.get("invitations") or []:
        invitations[str(i.get("key"))] = Invitation.objects.create(
            survey=survey, sector=fit.sector(i.get("sector"), required=True),
            label=fit(i.get("label"), Invitation, "label"),
            opened=fit.moment(i.get("opened")), submitted=fit.moment(i.get("submitted")),
        )  # fmt: skip
    respondents: dict[str, Respondent] = {}
    for r in study.respondents:
        if r["name"] in respondents:
            raise InputError(f"two cases are named '{r['name']}'", file=file)
        invitation = invitations.get(str(r.get("invitation")))
        respondents[r["name"]] = Respondent.objects.create(
            survey=survey, code=fit(r["name"], Respondent, "code"),
            sector=fit.sector(r.get("sector")),
            organisation=fit(r.get("organisation"), Respondent, "organisation"),
            role=fit(r.get("role"), Respondent, "role"),
            years=fit.number(r.get("years"), f"respondent {r['name']}: years", 0, 99, whole=False),
            invitation=invitation,
        )  # fmt: skip
    answers = _answers(study, survey, questions, respondents, area, fit)
    themes = {}
    theme_area = {t["key"]: t.get("area", "") for t in study.themes}
    for i, t in enumerate(study.themes):
        themes[t["key"]] = Theme.objects.create(
            survey=survey, name=fit(t["name"], Theme, "name"),
            area=area(theme_area.get(t["key"], "")), kind=_kind(t.get("kind")),
            memo=t.get("memo", ""), order=i,
        )  # fmt: skip
    codes = {}
    for c in study.codes:
        codes[c["key"]] = Code.objects.create(
            survey=survey, name=fit(c["name"], Code, "name"), theme=themes.get(c.get("theme")),
            memo=c.get("memo", ""),
        )  # fmt: skip
    users: dict[str, User] = {}

    def account(name: str | None) -> User:
        name = name or "unknown"
        if name not in users:
            users[name] = _coder_account(fit(name, User, "username"))
        return users[name]

    segments = {}
    for g in study.segments:
        segment = Segment.objects.create(
            answer=answers[g["source"]], start=g["start"], end=g["end"]
        )
        segments[g["key"]] = segment
        texts: dict[str | None, list[str]] = {}  # one memo per coder: several are joined
        for m in [*(g.get("memos") or []), {"coder": None, "text": g.get("memo")}]:
            if m.get("text"):
                texts.setdefault(m.get("coder") or None, []).append(m["text"])
        for coder, parts in texts.items():
            SegmentMemo.objects.create(
                segment=segment, coder=account(coder) if coder else None, text="\n\n".join(parts)
            )
    # Kargah gives a coder one code per segment; other programs allow several on one selection:
    # each further code goes on a copy of the segment (same span), so no coding is lost.
    copies: dict[Any, list[Segment]] = {}
    taken: set[tuple[int, str]] = set()
    for coding in study.codings:
        code, who = codes[coding["code"]], coding["coder"] or "unknown"
        first = segments[coding["segment"]]
        spans = copies.setdefault(coding["segment"], [first])
        segment = next((g for g in spans if (g.pk, who) not in taken), None)
        if segment is None:
            segment = Segment.objects.create(answer=first.answer, start=first.start, end=first.end)
            spans.append(segment)
        taken.add((segment.pk, who))
        if who == SETTLED:
            Resolution.objects.create(segment=segment, code=code)
        else:
            Coding.objects.create(segment=segment, coder=account(who), code=code,
                                  assisted=bool(coding.get("assisted")))  # fmt: skip
    analyze()
    return survey


def _answers(
    study: CodedStudy,
    survey: Survey,
    questions: dict[str, Question],
    respondents: dict[str, Respondent],
    area: Any,
    fit: _Fit,
) -> dict[Any, Answer]:
    """Each source an answer, its question and respondent found by key or made from the
    source's variables (a project from another program has no form)."""
    answers: dict[Any, Answer] = {}
    used: set[tuple[int, int, int]] = set()
    for source in study.sources:
        attrs = source.get("attributes") or {}
        kind = _kind(attrs.get("kind"))
        question_key = attrs.get("question") or (
            f"{attrs.get('area')}_{kind}".strip("_") if attrs.get("area") else "text"
        )
        if question_key not in questions:
            questions[question_key] = Question.objects.create(
                survey=survey, key=fit(question_key, Question, "key"),
                type="ranked" if kind else "text", area=area(attrs.get("area", "")), kind=kind,
                fa=question_key, slots=5, order=len(questions),
            )  # fmt: skip
        who = attrs.get("respondent") or source["name"]
        if who not in respondents:
            respondents[who] = Respondent.objects.create(
                survey=survey, code=fit(who, Respondent, "code"),
                sector=fit.sector(attrs.get("sector")),
            )  # fmt: skip
        question, respondent = questions[question_key], respondents[who]
        rank = int(attrs["rank"]) if str(attrs.get("rank", "")).isdigit() else 1
        while (respondent.pk, question.pk, rank) in used:  # two texts on one line: keep both
            rank += 1
        used.add((respondent.pk, question.pk, rank))
        if rank > question.slots:
            Question.objects.filter(pk=question.pk).update(slots=rank)
            question.slots = rank
        answers[source["key"]] = Answer.objects.create(
            respondent=respondent, question=question, rank=rank, text=source["text"]
        )
    return answers


def _kind(value: Any) -> str:
    return value if value in ("challenge", "solution") else ""


class _Fit:
    """Checks a value against the column it goes to, or says which element does not fit."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def __call__(self, value: Any, model: type[models.Model], name: str) -> str:
        text = "" if value is None else str(value)
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if limit and len(text) > limit:
            what = f"{model._meta.model_name} {name}"
            raise InputError(
                f"{what} '{text[:40]}…' has {len(text)} characters; at most {limit} fit",
                file=self.file,
            )
        return text

    def sector(self, value: Any, required: bool = False) -> str:
        if value in SECTORS or (not value and not required):
            return str(value or "")
        raise InputError(f"sector '{value}' is none of {', '.join(SECTORS)}", file=self.file)

    def number(self, value: Any, what: str, low: float, high: float, whole: bool = True) -> Any:
        if value is None or value == "":
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if not low <= number <= high or (whole and number != int(number)):
            raise InputError(
                f"{what}: '{value}' is not a number from {low} to {high}", file=self.file
            )
        return int(number) if whole else number

    def moment(self, value: Any) -> Any:
        """An ISO date and time; ``true`` (the demo's: it happened, when is not known) is now."""
        if not value:
            return None
        if value is True:
            return timezone.now()
        try:
            moment = parse_datetime(str(value))
        except ValueError:
            moment = None
        if moment is None:
            raise InputError(f"'{value}' is not a date and time", file=self.file)
        return moment


def _coder_account(name: str) -> User:
    user, made = User.objects.get_or_create(username=name)
    if made:
        user.is_active = False
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name="coder").first()
        if group:
            user.groups.add(group)
    return user
