"""Who codes which answers, and how far each coder has got.

The analyst gives answers to coders (``assign``: by area, by a range of respondents, split evenly
among the chosen coders, each answer to one coder or to several for agreement) and takes them
back (``unassign``); the last batch can be undone (``undo_last``). A coder with assignments codes
those first (``assigned_segments``); a coder without any codes everything, as before. An answer
is done for a coder when every segment of it carries that coder's coding.

A batch is the rows made at one instant: every row of one assignment shares its ``at``, so
undoing the last assignment deletes the rows of the latest ``at`` (no batch table needed). What
an unassignment removed is kept in the analyst's session, so that can be undone too."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kargah.web.coding.models import Assignment, Coding, Segment
from kargah.web.survey.models import Answer, Area, Respondent, Survey

__all__ = [
    "Progress",
    "assign",
    "assigned_segments",
    "coders_of",
    "for_coder",
    "for_survey",
    "selected_answers",
    "unassign",
    "undo_last",
]

SESSION_KEY = "coding-unassigned"  # + survey id: what the analyst's last unassignment removed


def assigned_segments(survey: Survey, user: Any) -> QuerySet[Segment]:
    """The survey's segments this user should code: those of the answers assigned to them, or
    every segment if they have no assignment in the survey."""
    segments = Segment.objects.filter(answer__respondent__survey=survey)
    mine = Assignment.objects.filter(coder_id=user.pk, answer__respondent__survey=survey)
    if not mine.exists():
        return segments
    return segments.filter(Exists(mine.filter(answer_id=OuterRef("answer_id"))))


def _done_answers(answers: QuerySet[Answer], coder_id: int) -> QuerySet[Answer]:
    """The answers every segment of which the coder has coded (an answer without segments is
    not done: nothing in it was looked at). Only answers the coder has coded in are looked at:
    the anti-join runs over the coder's own answers, not over every answer of the survey."""
    uncoded = Segment.objects.filter(answer_id=OuterRef("pk")).exclude(
        Exists(Coding.objects.filter(coder_id=coder_id, segment_id=OuterRef("pk")))
    )
    touched = Coding.objects.filter(coder_id=coder_id).values("segment__answer_id")
    return answers.filter(pk__in=touched).exclude(Exists(uncoded))


@dataclass
class Progress:
    """One coder's progress: ``done`` of ``assigned`` answers (``assigned`` is every answer of
    the survey when the coder has none assigned: ``everything`` then)."""

    coder: str
    done: int
    assigned: int
    everything: bool = False
    areas: list[dict[str, Any]] = field(default_factory=list)  # area, area_en, done, assigned

    @property
    def share(self) -> float:
        return self.done / self.assigned if self.assigned else 0.0

    @property
    def percent(self) -> int:
        """Whole percent, for the bar's width."""
        return round(100 * self.share)

    def as_dict(self) -> dict[str, Any]:
        return {"coder": self.coder, "done": self.done, "assigned": self.assigned,
                "share": round(self.share, 4), "everything": self.everything,
                "areas": self.areas}  # fmt: skip


def for_coder(survey: Survey, user: Any, *, by_area: bool = False) -> Progress:
    """The user's progress in the survey (``by_area``: also per area of the form). Two or
    three counts without ``by_area`` (the coding screen asks on every page)."""
    if by_area:
        return _tally(survey, [user])[0]
    answers = Answer.objects.filter(respondent__survey=survey)
    # one assignment per answer and coder: their count is the coder's answers'
    assigned = Assignment.objects.filter(coder_id=user.pk, answer__respondent__survey=survey)
    count = assigned.count()
    theirs = answers.filter(assignments__coder_id=user.pk) if count else answers
    done = _done_answers(theirs, user.pk).count()
    return Progress(user.username, done, count or answers.count(), everything=not count)


def _tally(survey: Survey, users: Sequence[Any]) -> list[Progress]:
    """The users' progress, per area too, from five queries however many users there are: the
    survey's answers, their assignments, their segments counted, the users' codings counted per
    answer (an answer is done for a coder when they coded as many of its segments as it has:
    one coding per segment and coder), the areas."""
    ids = [u.pk for u in users]
    answers = dict(
        Answer.objects.filter(respondent__survey=survey).values_list("id", "question__area_id")
    )
    assigned: dict[int, set[int]] = defaultdict(set)
    for coder, answer in Assignment.objects.filter(
        coder_id__in=ids, answer__respondent__survey=survey
    ).values_list("coder_id", "answer_id"):
        assigned[coder].add(answer)
    segments = dict(
        Segment.objects.filter(answer__respondent__survey=survey)
        .values("answer_id")
        .annotate(n=Count("id"))
        .values_list("answer_id", "n")
    )
    done: dict[int, set[int]] = defaultdict(set)
    for coder, answer, n in (
        Coding.objects.filter(coder_id__in=ids, segment__answer__respondent__survey=survey)
        .values("coder_id", "segment__answer_id")
        .annotate(n=Count("id"))
        .values_list("coder_id", "segment__answer_id", "n")
    ):
        if n == segments.get(answer):
            done[coder].add(answer)
    areas = list(Area.objects.filter(survey=survey))
    found = []
    for user in users:
        theirs = assigned.get(user.pk) or set(answers)
        finished = done[user.pk] & theirs
        progress = Progress(user.username, len(finished), len(theirs), user.pk not in assigned)
        counts: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
        for answer in theirs:
            counts[answers[answer]][1] += 1
        for answer in finished:
            counts[answers[answer]][0] += 1
        for area in areas:
            if area.pk in counts:
                d, a = counts[area.pk]
                progress.areas.append({"area": area.fa, "area_en": area.en or area.fa,
                                       "done": d, "assigned": a})  # fmt: skip
        found.append(progress)
    return found


def coders_of(survey: Survey) -> QuerySet[User]:
    """Who may be given answers or shows in the progress table: the coder accounts, and anyone
    who already has assignments or codings in the survey."""
    worked = Q(
        Exists(
            Assignment.objects.filter(coder_id=OuterRef("pk"), answer__respondent__survey=survey)
        )
    ) | Q(
        Exists(
            Coding.objects.filter(
                coder_id=OuterRef("pk"), segment__answer__respondent__survey=survey
            )
        )
    )
    return User.objects.filter(Q(groups__name="coder") | worked).distinct().order_by("username")


def for_survey(survey: Survey) -> list[Progress]:
    """Every coder's progress, per area too (the analyst's table), in a fixed number of queries
    however many coders there are."""
    return _tally(survey, list(coders_of(survey)))


def selected_answers(
    survey: Survey, area: Area | None = None, first: int | None = None, last: int | None = None
) -> QuerySet[Answer]:
    """The survey's answers, of one area if given, of the respondents ``first``..``last``
    (1-based positions in the respondents' order by code, both included)."""
    answers = Answer.objects.filter(respondent__survey=survey)
    if area is not None:
        answers = answers.filter(question__area=area)
    if first is not None or last is not None:
        codes = list(Respondent.objects.filter(survey=survey).values_list("id", flat=True))
        start = max((first or 1) - 1, 0)
        answers = answers.filter(respondent_id__in=codes[start : last or len(codes)])
    return answers.order_by("respondent__code", "question__order", "rank")


def _spread(answers: Iterable[Answer], coders: Sequence[Any], copies: int) -> set[tuple[int, int]]:
    """(answer, coder) pairs: the respondents in turn, each to ``copies`` coders, round the
    chosen coders in order, so each coder gets an even share and a respondent's answers stay
    with the same coders."""
    order: dict[int, int] = {}
    pairs = set()
    n = len(coders)
    for answer in answers:
        i = order.setdefault(answer.respondent_id, len(order))
        for j in range(min(copies, n)):
            pairs.add((answer.pk, coders[(i * copies + j) % n].pk))
    return pairs


@transaction.atomic
def assign(
    survey: Survey, answers: QuerySet[Answer], coders: Sequence[Any], copies: int, by: Any
) -> int:
    """Give the answers to the coders (``copies`` coders each, split evenly); pairs that exist
    already are kept as they are. Returns how many assignments were made (one batch)."""
    if not coders:
        return 0
    wanted = _spread(answers.only("pk", "respondent_id"), coders, copies)
    have = set(
        Assignment.objects.filter(answer__respondent__survey=survey).values_list(
            "answer_id", "coder_id"
        )
    )
    at = timezone.now()
    made = Assignment.objects.bulk_create(
        Assignment(answer_id=a, coder_id=c, by=by, at=at) for a, c in sorted(wanted - have)
    )
    return len(made)


@transaction.atomic
def unassign(
    survey: Survey, answers: QuerySet[Answer], coders: Sequence[Any], session: Any = None
) -> int:
    """Take the answers back from the coders (from everyone if ``coders`` is empty); what was
    removed is kept in ``session`` (a dict-like) for :func:`undo_last`. Returns how many."""
    gone = Assignment.objects.filter(answer__in=answers)
    if coders:
        gone = gone.filter(coder__in=[c.pk for c in coders])
    rows = [[a, c, b, at.isoformat()] for a, c, b, at in gone.values_list(
        "answer_id", "coder_id", "by_id", "at")]  # fmt: skip
    count = len(rows)
    gone.delete()
    if session is not None and rows:
        session[f"{SESSION_KEY}-{survey.pk}"] = {"at": timezone.now().isoformat(), "rows": rows}
    return count


@transaction.atomic
def undo_last(survey: Survey, session: Any = None) -> tuple[str, int] | None:
    """Undo the survey's last assignment batch, or the unassignment kept in ``session`` if that
    came later. Returns ("assign" or "unassign", rows) or None when there is nothing to undo."""
    latest = (
        Assignment.objects.filter(answer__respondent__survey=survey)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    kept = session.get(f"{SESSION_KEY}-{survey.pk}") if session is not None else None
    if kept and (latest is None or datetime.fromisoformat(kept["at"]) > latest):
        del session[f"{SESSION_KEY}-{survey.pk}"]
        existing = set(
            Answer.objects.filter(respondent__survey=survey).values_list("pk", flat=True)
        )
        users = set(User.objects.values_list("pk", flat=True))
        restored = Assignment.objects.bulk_create(
            [Assignment(answer_id=a, coder_id=c, by_id=b if b in users else None,
                        at=datetime.fromisoformat(at))
             for a, c, b, at in kept["rows"] if a in existing and c in users],
            ignore_conflicts=True,
        )  # fmt: skip
        return "unassign", len(restored)
    if latest is None:
        return None
    batch = Assignment.objects.filter(answer__respondent__survey=survey, at=latest)
    count, _ = batch.delete()
    return "assign", count
