"""A survey's coding as a :class:`kargah.coding.CodedStudy` (for ``.qdpx`` export) and a study
read from a ``.qdpx`` as a new survey. Settled disagreements travel as the codings of a coder
named ``settled``, so a round trip keeps them too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction

from kargah.coding import CodedStudy
from kargah.web.coding.models import Code, Coding, Resolution, Segment, Theme
from kargah.web.survey.models import Answer, Area, Question, Respondent, Survey

SETTLED = "settled"


def survey_study(survey: Survey) -> CodedStudy:
    # demo data says what it is wherever it goes
    study = CodedStudy(survey.title_fa + (" (synthetic demo)" if survey.synthetic else ""))
    for t in Theme.objects.filter(survey=survey).select_related("area"):
        study.themes.append(
            {
                "key": t.pk,
                "name": t.name,
                "area": t.area.key if t.area else "",
                "kind": t.kind,
                "memo": t.memo,
            }
        )
    for c in Code.objects.filter(survey=survey):
        study.codes.append({"key": c.pk, "name": c.name, "theme": c.theme_id, "memo": c.memo})
    answers = Answer.objects.filter(respondent__survey=survey).select_related(
        "respondent", "question__area"
    )
    for a in answers:
        area = a.question.area.key if a.question.area else ""
        attributes = {
            "respondent": a.respondent.code,
            "sector": a.respondent.sector,
            "area": area,
            "kind": a.question.kind,
            "rank": a.rank,
            "question": a.question.key,
        }
        name = f"{a.respondent.code}:{a.question.key}:{a.rank}"
        study.sources.append({"key": a.pk, "name": name, "text": a.text, "attributes": attributes})
    for s in Segment.objects.filter(answer__respondent__survey=survey):
        study.segments.append(
            {"key": s.pk, "source": s.answer_id, "start": s.start, "end": s.end, "memo": s.memo}
        )
    for segment, code, coder in Coding.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "code_id", "coder__username"):
        study.codings.append({"segment": segment, "code": code, "coder": coder})
    for segment, code in Resolution.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "code_id"):
        study.codings.append({"segment": segment, "code": code, "coder": SETTLED})
    return study


@transaction.atomic
def import_study(study: CodedStudy, title: str | None = None) -> Survey:
    """A new survey holding everything the study has. Coders are matched to accounts by user
    name; a coder with no account gets an inactive one (role coder) so the codings keep a name."""
    survey = Survey.objects.create(title_fa=(title or study.name or "imported")[:300], title_en="")
    areas: dict[str, Area] = {}
    theme_area = {t["key"]: t.get("area", "") for t in study.themes}

    def area(key: str) -> Area | None:
        if not key:
            return None
        if key not in areas:
            areas[key] = Area.objects.create(
                survey=survey, key=key[:50], fa=key, en=key, order=len(areas)
            )
        return areas[key]

    questions: dict[str, Question] = {}
    respondents: dict[str, Respondent] = {}
    answers: dict[Any, Answer] = {}
    used: set[tuple[int, int, int]] = set()
    for source in study.sources:
        attrs = source.get("attributes") or {}
        kind = attrs.get("kind", "") if attrs.get("kind") in ("challenge", "solution") else ""
        question_key = attrs.get("question") or (
            f"{attrs.get('area')}_{kind}".strip("_") if attrs.get("area") else "text"
        )
        if question_key not in questions:
            questions[question_key] = Question.objects.create(
                survey=survey,
                key=question_key[:50],
                type="ranked" if kind else "text",
                area=area(attrs.get("area", "")),
                kind=kind,
                fa=question_key,
                slots=5,
                order=len(questions),
            )
        who = attrs.get("respondent") or source["name"]
        if who not in respondents:
            respondents[who] = Respondent.objects.create(
                survey=survey, code=who[:40], sector=attrs.get("sector", "")
            )
        question, respondent = questions[question_key], respondents[who]
        rank = int(attrs["rank"]) if str(attrs.get("rank", "")).isdigit() else 1
        while (respondent.pk, question.pk, rank) in used:  # two texts on one line: keep both
            rank += 1
        used.add((respondent.pk, question.pk, rank))
        question.slots = max(question.slots, rank)
        answers[source["key"]] = Answer.objects.create(
            respondent=respondent, question=question, rank=rank, text=source["text"]
        )
    for question in questions.values():
        question.save()
    themes = {}
    for i, t in enumerate(study.themes):
        themes[t["key"]] = Theme.objects.create(
            survey=survey,
            name=t["name"][:300],
            area=area(theme_area.get(t["key"], "")),
            kind=t.get("kind", ""),
            memo=t.get("memo", ""),
            order=i,
        )
    codes = {}
    for c in study.codes:
        existing = Code.objects.filter(survey=survey, name=c["name"][:300]).first()
        codes[c["key"]] = existing or Code.objects.create(
            survey=survey,
            name=c["name"][:300],
            theme=themes.get(c.get("theme")),
            memo=c.get("memo", ""),
        )
    segments = {}
    for g in study.segments:
        segments[g["key"]] = Segment.objects.create(
            answer=answers[g["source"]], start=g["start"], end=g["end"], memo=g.get("memo", "")
        )
    users: dict[str, User] = {}
    for coding in study.codings:
        segment, code = segments[coding["segment"]], codes[coding["code"]]
        if coding["coder"] == SETTLED:
            Resolution.objects.update_or_create(segment=segment, defaults={"code": code})
            continue
        name = coding["coder"] or "unknown"
        if name not in users:
            users[name] = _coder_account(name)
        Coding.objects.update_or_create(segment=segment, coder=users[name], defaults={"code": code})
    return survey


def _coder_account(name: str) -> User:
    user, made = User.objects.get_or_create(username=name[:150])
    if made:
        user.is_active = False
        user.set_unusable_password()
        user.save()
        group = Group.objects.filter(name="coder").first()
        if group:
            user.groups.add(group)
    return user
