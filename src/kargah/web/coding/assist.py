"""Machine suggestions on the coding screen: learnt from the codings people made in the survey
(a code stands for its theme), rejected suggestions as negatives; built as a background job when
the analyst asks or after enough new codings, stored per coder as :class:`Suggestion` rows, shown
to a coder only once they have coded ``AssistSetting.after`` segments themselves."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_noop
from django_tasks import task

from kargah.coding import ThemeSuggester
from kargah.errors import InputError, KargahError
from kargah.web.coding import spans
from kargah.web.coding.blind import visible_codes
from kargah.web.coding.models import (
    Assignment,
    AssistSetting,
    Coding,
    Segment,
    Suggestion,
)
from kargah.web.jobs.models import Job
from kargah.web.jobs.work import Progress, job_task, start
from kargah.web.survey.models import Survey

KIND = "coding-suggest"
#: A new round is built after this many new codings by people (or when the analyst asks).
REBUILD_AFTER = 20
#: Suggestions down to this confidence (or the model's threshold, if lower) are stored, so that
#: the analyst may lower the threshold without a new round; at most ``KEEP`` per segment and coder.
FLOOR = 0.2
KEEP = 3
#: A code with fewer people's codings than this is not learnt (the core refuses it).
MIN_EXAMPLES = 5


def setting(survey: Survey) -> AssistSetting:
    """The survey's settings; the defaults (unsaved, so a GET writes nothing) if none are set."""
    return AssistSetting.objects.filter(survey=survey).first() or AssistSetting(survey=survey)


def own_codings(user: Any, survey: Survey) -> int:
    """How many segments the coder coded themselves (accepted suggestions do not count)."""
    return _people(survey).filter(coder=user).count()


def _people(survey: Survey) -> QuerySet[Coding]:
    return Coding.objects.filter(segment__answer__respondent__survey=survey, assisted=False)


def last_round(survey: Survey) -> Job | None:
    return Job.objects.filter(kind=KIND, result__survey=survey.pk).order_by("-created").first()


def _last_done(survey: Survey, last: Job | None) -> Job | None:
    """The newest finished round: the last one if it is done (no query then)."""
    if last is None or last.status == Job.DONE:
        return last
    rounds = Job.objects.filter(kind=KIND, status=Job.DONE, result__survey=survey.pk)
    return rounds.order_by("-created").first()


def _cut(chosen: AssistSetting, done: Job | None) -> float | None:
    if chosen.threshold is not None:
        return float(chosen.threshold)
    return float(done.result["threshold"]) if done and "threshold" in done.result else None


def threshold(survey: Survey, chosen: AssistSetting | None = None) -> float | None:
    """The analyst's threshold, else the one the last round's model chose (None: no round)."""
    chosen = chosen or setting(survey)
    if chosen.threshold is not None:
        return float(chosen.threshold)
    return _cut(chosen, _last_done(survey, last_round(survey)))


def queue(survey: Survey, user: Any, *, now: bool = False) -> Job:
    """A new round for ``survey`` (the one waiting or running if there is one); ``now``: run
    here rather than by the worker."""
    active = Job.objects.filter(kind=KIND, status__in=Job.ACTIVE, result__survey=survey.pk).first()
    if active is not None:
        return active
    job = Job.objects.create(
        kind=KIND,
        name=survey.title[:200],
        owner=user,
        result={"survey": survey.pk, "codings": _people(survey).count()},
    )
    return start(job, suggest_job, now=now)


def _due(survey: Survey, chosen: AssistSetting, made: int, last: Job | None) -> bool:
    """Enough new codings by people (``made`` in all) since the ``last`` round (or none yet
    and enough to learn). The demo's synthetic survey comes with thousands of codings: its
    first round (minutes of CPU) waits for the analyst to ask, so that opening the demo starts
    no long job."""
    if last is None:
        return made >= max(chosen.after, MIN_EXAMPLES) and not survey.synthetic
    if last.status in Job.ACTIVE:
        return False
    return made - int(last.result.get("codings", 0)) >= REBUILD_AFTER


def for_segment(user: Any, survey: Survey, segment: Segment | None) -> dict[str, Any]:
    """The coding screen's context for ``coding/suggestions.html``: whether suggestions are on,
    how many more codings the coder needs, and the open suggestions for ``segment`` at or above
    the threshold, most confident first. Queues a new round when one is due. A few queries
    whatever the survey's size: the settings, people's codings counted (everyone's and the
    coder's in one), the last round (and the last finished one, if that is another)."""
    chosen = setting(survey)
    if not chosen.enabled:
        return {"assist": {"on": False}}
    counted = _people(survey).aggregate(all=Count("id"), mine=Count("id", filter=Q(coder=user)))
    last = last_round(survey)
    if _due(survey, chosen, counted["all"], last):
        last = queue(survey, None)  # nobody's job: the coder did not ask for it
    context: dict[str, Any] = {"on": True, "needed": max(0, chosen.after - counted["mine"])}
    done = _last_done(survey, last)
    cut = context["cut"] = _cut(chosen, done)
    coded = segment is None or Coding.objects.filter(segment=segment, coder=user).exists()
    if context["needed"] or cut is None or done is None or coded:
        # one round waits or runs at a time (queue), and it is the newest
        waiting = done is None and last is not None and last.status in Job.ACTIVE
        context.update(suggestions=[], waiting=waiting, none_yet=done is None and not waiting)
        return {"assist": context}
    found = Suggestion.objects.filter(
        segment=segment, coder=user, state="open", confidence__gte=cut - 1e-9
    ).select_related("code")
    context["suggestions"] = list(found.order_by("-confidence", "code__name")[:9])
    context.update(_decisions(survey))
    return {"assist": context}


@transaction.atomic
def accept(suggestion: Suggestion, user: Any) -> Coding:
    """The suggested code as the coder's coding of the segment, marked assisted: one of the
    coder's coding actions in the survey's history (:func:`spans.set_coding`), so the coding
    screen's undo and redo take it back and do it again."""
    segment = suggestion.segment
    answer = segment.answer
    spans.set_coding(answer, segment.start, segment.end, suggestion.code, user, assisted=True)
    Suggestion.objects.filter(pk=suggestion.pk).update(state="accepted")
    # the coder's coding of that span, on whichever of its segments is theirs to code
    return Coding.objects.filter(
        segment__answer=answer, segment__start=segment.start, segment__end=segment.end,
        coder=user, code=suggestion.code,
    ).latest("at")  # fmt: skip


def reject(suggestion: Suggestion) -> None:
    """Remembered: the next round learns that the segment's text is not of this code."""
    Suggestion.objects.filter(pk=suggestion.pk).update(state="rejected")


# -- building a round --------------------------------------------------------------------------


def _text(answer_text: str, start: int, end: int) -> str:
    return answer_text[start:end]


def training(survey: Survey) -> tuple[pd.DataFrame, pd.DataFrame]:
    """People's codings (segment, text, theme = the code's id; codes with too few codings or on
    every coded segment left out) and rejected suggestions (the same columns)."""
    rows = list(
        _people(survey).values_list(
            "segment_id", "segment__answer__text", "segment__start", "segment__end", "code_id"
        )
    )
    segments = {r[0] for r in rows}
    per_code = Counter(code for code, seg in {(r[4], r[0]) for r in rows})
    learnt = {c for c, n in per_code.items() if MIN_EXAMPLES <= n < len(segments)}
    coded = pd.DataFrame(
        [(s, _text(t, a, b), str(c)) for s, t, a, b, c in rows if c in learnt],
        columns=["segment", "text", "theme"],
    )
    rejected = pd.DataFrame(
        [
            (s, _text(t, a, b), str(c))
            for s, t, a, b, c in Suggestion.objects.filter(
                segment__answer__respondent__survey=survey, state="rejected"
            ).values_list(
                "segment_id", "segment__answer__text", "segment__start", "segment__end", "code_id"
            )
        ],
        columns=["segment", "text", "theme"],
    )
    return coded, rejected


def build(survey: Survey, progress: Any = None) -> dict[str, Any]:
    """Fit on the survey's codings and store each coder's open suggestions for the segments
    they have not coded (a coder's rejected and accepted ones stay as they are)."""
    coded, rejected = training(survey)
    if coded.empty:
        raise InputError(
            gettext_noop("Too few codings to learn from: a code needs five segments coded with it.")
        )
    model = ThemeSuggester(min_examples=MIN_EXAMPLES).fit(coded, rejected)
    coders = set(_people(survey).values_list("coder_id", flat=True)) | set(
        Assignment.objects.filter(answer__respondent__survey=survey).values_list(
            "coder_id", flat=True
        )
    )
    done_by: dict[int, set[int]] = {c: set() for c in coders}
    for segment, coder in Coding.objects.filter(
        segment__answer__respondent__survey=survey
    ).values_list("segment_id", "coder_id"):
        done_by.setdefault(coder, set()).add(segment)
    everyone = set.intersection(*done_by.values()) if done_by else set()
    todo = [
        (pk, _text(t, a, b))
        for pk, t, a, b in Segment.objects.filter(
            answer__respondent__survey=survey, selected_by__isnull=True
        )
        .order_by("id")
        .values_list("id", "answer__text", "start", "end")
        if pk not in everyone
    ]
    scores = model.confidences([t for _, t in todo]).to_numpy() if todo else None
    codes = [int(t) for t in model.themes_]
    made = 0
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(list(done_by))
    for n, (coder, mine) in enumerate(sorted(done_by.items())):
        allowed = set(visible_codes(users[coder], survey).values_list("id", flat=True))
        floor = min(FLOOR, float(model.threshold_))
        skip = mine | _not_to_code(survey, users[coder], todo)
        made += _store(survey, coder, todo, scores, codes, skip, allowed, floor)
        if progress is not None:
            progress(n + 1, len(done_by))
    return {
        "survey": survey.pk,
        "threshold": round(float(model.threshold_), 4),
        "codings": _people(survey).count(),
        "codes": len(codes),
        "rejections": int(model.rejections_),
        "suggestions": made,
    }


@transaction.atomic
def _store(
    survey: Survey,
    coder: int,
    todo: list[tuple[int, str]],
    scores: Any,
    codes: list[int],
    coded: set[int],
    allowed: set[int],
    floor: float,
) -> int:
    mine = Suggestion.objects.filter(coder_id=coder, segment__answer__respondent__survey=survey)
    mine.filter(state="open").delete()
    decided = set(mine.values_list("segment_id", "code_id"))
    rows = []
    for i, (segment, _) in enumerate(todo):
        if segment in coded:
            continue
        order = scores[i].argsort()[::-1]
        kept = 0
        for k in order:
            if kept == KEEP or scores[i][k] < floor:
                break
            if codes[k] not in allowed or (segment, codes[k]) in decided:
                continue
            rows.append(Suggestion(segment_id=segment, coder_id=coder, code_id=codes[k],
                                   confidence=round(float(scores[i][k]), 4)))  # fmt: skip
            kept += 1
    Suggestion.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@task()
@job_task
def suggest_job(job: Job, tell: Progress) -> None:
    survey = Survey.objects.filter(pk=job.result["survey"]).first()
    if survey is None:
        raise KargahError(gettext_noop("The survey is gone."))
    job.result = build(survey, progress=tell)
    job.done = job.result["suggestions"]
    job.result.update(message=gettext_noop("Suggestions are ready."),
                      next=reverse("coding:code", args=[survey.pk]))  # fmt: skip


def _not_to_code(survey: Survey, user: Any, todo: list[tuple[int, str]]) -> set[int]:
    """The segments of ``todo`` that are not ``user``'s to code, so get no suggestions for them:
    those outside the answers the analyst gave the coder (when they have any) and passages a
    coder selected, which are that coder's coding, not units to code — the coding screen's
    list (:func:`kargah.web.coding.progress.assigned_segments`)."""
    from kargah.web.coding.progress import assigned_segments

    theirs = assigned_segments(survey, user).filter(selected_by__isnull=True)
    allowed = set(theirs.values_list("id", flat=True))
    return {pk for pk, _text in todo if pk not in allowed}


#: Keys 1-9 accept (or with Shift reject) the suggestions of one answer in the document view.
PER_ANSWER = 9


def for_answers(user: Any, survey: Survey, answers: list[Any]) -> dict[str, Any]:
    """The document view's context for its suggestions: what :func:`for_segment` says about them
    (on, how many more own codings are needed, a round being prepared), and ``per_answer``: each
    answer's open suggestions at or above the threshold for the segments the coder is to code
    and has not coded, in the text's order, the most confident first within a segment."""
    context = for_segment(user, survey, None)["assist"]
    per_answer: dict[int, list[Suggestion]] = {}
    context["per_answer"] = per_answer
    shown = context["on"] and not (context["needed"] or context["waiting"] or context["none_yet"])
    cut = context["cut"] if shown else None
    if cut is None:
        return {"assist": context}
    found = (
        Suggestion.objects.filter(
            segment__answer__in=answers,
            segment__selected_by__isnull=True,
            coder=user,
            state="open",
            confidence__gte=cut - 1e-9,
        )
        .exclude(segment__codings__coder=user)
        .select_related("code", "segment__answer")
        .order_by("segment__start", "segment__end", "-confidence", "code__name")
    )
    for suggestion in found:
        listed = per_answer.setdefault(suggestion.segment.answer_id, [])
        if len(listed) < PER_ANSWER:
            listed.append(suggestion)
    context.update(_decisions(survey))
    return {"assist": context}


def _decisions(survey: Survey) -> dict[str, str]:
    """Where the coding screen's and the document view's suggestions are accepted or rejected."""
    return {
        "accept": reverse("coding:suggestion_accept", args=[survey.pk]),
        "reject": reverse("coding:suggestion_reject", args=[survey.pk]),
    }
